// Package medibus holds the domain model of medibus, the planner of France's mobile
// medical buses (médicobus): depots, buses (units), staff, services, communes, candidate
// sites, demand, sessions and plans. It imports nothing of the project, so every other
// package can share these types; behaviour lives in the packages that use them.
package medibus
