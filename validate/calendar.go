package validate

import (
	"medibus"
	"medibus/holiday"
)

// rule20Calendar checks rule 20: no session falls on a public holiday of its site's
// department, nor on a closure of scenario.Closures that covers its site. The
// department is that of the site's commune in the scenario, else the INSEE code's. A
// rotation (a Cyclic scenario, medibus.Scenario.Rotation) is not held to it: the
// calendar cancels its occurrences on holidays and closures, date by date.
func (c *checker) rule20Calendar(s *medibus.Session, in *sessionInfo) {
	site := in.site
	if site == nil || c.sc.Cyclic {
		return
	}
	dept := holiday.Department(site.INSEE)
	if cm := c.communes[site.INSEE]; cm != nil && cm.Department != "" {
		dept = cm.Department
	}
	if name, ok := holiday.On(s.Date, dept); ok {
		c.addAt(20, CodePublicHoliday, s, "%s is a public holiday in department %s (%s)", s.Date, dept, name)
	}
	for i := range c.sc.Closures {
		if cl := &c.sc.Closures[i]; cl.Covers(s.Date, dept, site.ID) {
			c.addAt(20, CodeClosure, s, "site %s is closed from %s to %s (%s)", site.ID, cl.From, cl.To, cl.Reason)
			break
		}
	}
}
