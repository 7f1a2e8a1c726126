package scheduler

import "medibus"

// Why a bus's half-day stays empty: the causes, in the order they are tested. For an
// empty half-day, every session the bus could ever hold there (each site within its
// reach × each service it can offer: an option) is put through the causes in turn;
// each cause rules out the options it blocks, and the cause that rules out the last of
// them is the one the half-day is counted under: the binding cause. Structural causes
// (what no plan could change: the bus's days, the sites' days, the staff's days) come
// before the ones that depend on the rest of the plan (a site taken by another bus, the
// fixed weekly rhythm, staff busy elsewhere), so that a half-day nobody could work is
// never blamed on the plan. A new cause is one entry of idleCauses, at its place.
const (
	IdleOff       = "off"        // the bus does not run that half-day: its days, or a dated unavailability
	IdleNothing   = "nothing"    // the bus can hold no session anywhere: no site within reach, or no service it can offer
	IdleClosed    = "closed"     // a public holiday or a declared closure closes the sites it reaches that day
	IdleSiteDays  = "site-days"  // the sites it reaches do not open that half-day (their allowed half-days)
	IdleStaffDays = "staff-days" // no professional of the services is available that half-day (their days, their absences)
	IdleSiteTaken = "site-taken" // the sites open that half-day hold another bus's session
	IdleRhythm    = "rhythm"     // each site left keeps its service's regular half-days a week (as many as the site hosts), on other weekdays or halves
	IdleFrequency = "frequency"  // a frequency rule of the sites left: its half-days or its minimum gap between visits
	IdleStaffBusy = "staff-busy" // the professionals available are in other sessions, or at their weekly cap
	IdleDriving   = "driving"    // with the bus's other session that day, the shift, the driving limit or the longest leg would break
	IdleNoNeed    = "no-need"    // a session would fit, but the need within reach is already booked
	IdleNotWorth  = "not-worth"  // a session would fit, but what it would bring is worth less than the driving it costs
	IdleOpen      = "open"       // a session would fit and be worth its driving: the search left it (re-optimise)
)

// IdleCauses lists the causes in the order they are tested.
var IdleCauses = func() []string {
	out := make([]string, len(idleCauses))
	for i, c := range idleCauses {
		out[i] = c.code
	}
	return out
}()

// idleCause is one reason a half-day may stay empty. halfDay, when set, rules out the
// whole half-day at once; blocks, when set, reports whether the cause rules out one
// option. The last causes (need, worth) look at the option as the planner would place
// it, so they come with value instead.
type idleCause struct {
	code    string
	halfDay func(x *idleScan, u, day int, h medibus.Half) bool
	blocks  func(x *idleScan, u, day int, h medibus.Half, o idleOption) bool
}

var idleCauses = []idleCause{
	{code: IdleOff, halfDay: func(x *idleScan, u, day int, h medibus.Half) bool { return !x.st.unitWorks(u, day, h) }},
	{code: IdleNothing, halfDay: func(x *idleScan, u, _ int, _ medibus.Half) bool { return len(x.options[u]) == 0 }},
	{code: IdleClosed, blocks: func(x *idleScan, _, day int, _ medibus.Half, o idleOption) bool {
		return x.p.closed[o.site*x.p.days+day]
	}},
	{code: IdleSiteDays, blocks: func(x *idleScan, _, day int, h medibus.Half, o idleOption) bool {
		return !x.p.sc.Sites[o.site].Allowed.Has(x.st.date(day).Weekday(), h)
	}},
	{code: IdleStaffDays, blocks: func(x *idleScan, u, day int, h medibus.Half, o idleOption) bool {
		return !x.p.teamAvailable(o.service, u, x.st.date(day), h)
	}},
	{code: IdleSiteTaken, blocks: func(x *idleScan, _, day int, h medibus.Half, o idleOption) bool {
		return x.st.siteBusy[[3]int{o.site, day, int(h)}]
	}},
	{code: IdleRhythm, blocks: func(x *idleScan, _, day int, h medibus.Half, o idleOption) bool {
		return !x.st.patternAllows(o.site, o.service, x.st.date(day).Weekday(), h)
	}},
	{code: IdleFrequency, blocks: func(x *idleScan, _, day int, h medibus.Half, o idleOption) bool {
		return !x.st.ruleAllows(o.site, o.service, day, h)
	}},
	{code: IdleStaffBusy, blocks: func(x *idleScan, u, day int, h medibus.Half, o idleOption) bool {
		_, ok := x.st.crew(u, o.service, day, h, nil)
		return !ok
	}},
	{code: IdleDriving, blocks: func(x *idleScan, u, day int, h medibus.Half, o idleOption) bool {
		_, ok := x.st.optionOn(u, o.site, o.service, day, h, option{}, false)
		return !ok
	}},
	{code: IdleNoNeed, blocks: func(x *idleScan, u, day int, h medibus.Half, o idleOption) bool {
		return x.gain(u, day, h, o) <= 0
	}},
	{code: IdleNotWorth, blocks: func(x *idleScan, u, day int, h medibus.Half, o idleOption) bool {
		return x.gain(u, day, h, o) <= x.cost(u, day, h, o)
	}},
	// Whatever is left would fit and pay: nothing rules it out.
	{code: IdleOpen, blocks: func(*idleScan, int, int, medibus.Half, idleOption) bool { return true }},
}

// teamAvailable reports whether every role of service v, on board and remote, has a
// distinct member allowed on unit u and available on the half-day (their days and
// dated absences), whatever the plan does with them.
func (p *problem) teamAvailable(v, u int, d medibus.Date, h medibus.Half) bool {
	if !p.rolesAvailable(v, u, d, h) {
		return false
	}
	for _, cands := range p.remoteFor[v][u] {
		found := false
		for _, m := range cands {
			if p.sc.Staff[m].AvailableOn(d, h) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
