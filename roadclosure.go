package medibus

import "github.com/paulmach/orb"

// RoadClosure is a line that no bus crosses while it is closed: the crest a mountain
// pass crosses (closed in winter), a massif no road crosses at all, a bridge or a road
// cut by works. The travel model keeps the legs of a plan off the closures in force on
// a day of its cycle (routing.ForPlan): they go round the line's ends, or nowhere.
type RoadClosure struct {
	Name string         `json:"name"`
	Line orb.LineString `json:"line"`
	// Closed is when; the zero Period is always (a massif without a road).
	Closed Period `json:"closed,omitzero"`
	Source string `json:"source,omitempty"`
}

// Period is the dates a road is closed, both included. From and To are days of the
// year, "MM-DD", for every year (a period ending before it starts runs over the new
// year, as a winter does), or dates, "YYYY-MM-DD", for once; both empty is always.
type Period struct {
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// Always reports whether the period is every day.
func (p Period) Always() bool { return p.From == "" && p.To == "" }

// Covers reports whether d lies in the period.
func (p Period) Covers(d Date) bool {
	switch {
	case p.Always():
		return true
	case len(p.From) == len("2006-01-02"):
		return d.String() >= p.From && d.String() <= p.To
	}
	md := d.String()[5:]
	if p.From <= p.To {
		return md >= p.From && md <= p.To
	}
	return md >= p.From || md <= p.To // over the new year
}

// CoversAny reports whether a day of the days from start lies in the period.
func (p Period) CoversAny(start Date, days int) bool {
	for i := range days {
		if p.Covers(start.AddDays(i)) {
			return true
		}
	}
	return false
}

// Next returns the first day from d on that the period covers, ok false when none
// does within a year (a dated period in the past).
func (p Period) Next(d Date) (Date, bool) {
	for i := range 367 {
		if p.Covers(d.AddDays(i)) {
			return d.AddDays(i), true
		}
	}
	return 0, false
}

// String says the period in English: "always", "from 11-01 to 06-30 every year",
// "from 2026-11-01 to 2027-06-30".
func (p Period) String() string {
	switch {
	case p.Always():
		return "always"
	case len(p.From) == len("01-02"):
		return "from " + p.From + " to " + p.To + " every year"
	}
	return "from " + p.From + " to " + p.To
}

// InForce returns the closures of cs in force on a day of the days from start.
func InForce(cs []RoadClosure, start Date, days int) []RoadClosure {
	var out []RoadClosure
	for _, c := range cs {
		if c.Closed.CoversAny(start, days) {
			out = append(out, c)
		}
	}
	return out
}
