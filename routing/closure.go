package routing

import (
	"fmt"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing/coast"
)

// ForPlan returns the travel model that a plan of sc whose cycle starts on start is
// made, figured and checked with: m with the road closures of sc in force on a day of
// the cycle, then the ferries of sc. A rotation repeats the same bus-days every
// cycle, so a pass closed on one day of it is closed for the whole plan; a plan for the
// winter and one for the summer are two plans.
func ForPlan(m Model, sc *medibus.Scenario, start medibus.Date) Model {
	closed, _ := Closed(m, medibus.InForce(sc.RoadClosures, start, sc.Rules.CycleDays()))
	return WithFerries(closed, ScenarioFerries(sc))
}

// Closed returns m with the closures cs: no leg crosses their lines; it goes round
// their ends, or is Unreachable when no way round is short enough. ok is false when
// m cannot take closures (TakesClosures), and m is returned as it is. Models are built
// once per model and set of closures, so their caches of ways round are shared.
func Closed(m Model, cs []medibus.RoadClosure) (Model, bool) {
	if len(cs) == 0 {
		return m, true
	}
	if !TakesClosures(m) {
		return m, false
	}
	key := closedKey{m: m, lines: linesKey(cs)}
	if v, ok := closedModels.Load(key); ok {
		return v.(Model), true
	}
	var c Model
	switch t := m.(type) {
	case *GreatCircle:
		lines := make([]coast.Line, len(cs))
		for i, k := range cs {
			lines[i] = coastLine(k.Line)
		}
		c = &GreatCircle{P: t.P, land: t.land.Closed(lines), round: &roundCache{}, closed: names(cs)}
	case *Overridden:
		next, _ := Closed(t.next, cs)
		o := &Overridden{next: next, times: Times{}, kmPerMin: t.kmPerMin, name: t.name}
		for k, l := range t.times {
			if !crossesAny(k[0], k[1], cs) {
				o.times[k] = l
			}
		}
		c = o
	}
	v, _ := closedModels.LoadOrStore(key, c)
	return v.(Model), true
}

// TakesClosures reports whether road closures can be laid on m: the great-circle
// model on land, with or without known legs over it; not a road service, which routes
// on its own data, nor the great-circle model off the land.
func TakesClosures(m Model) bool {
	switch t := m.(type) {
	case *GreatCircle:
		return t.land != nil
	case *Overridden:
		return TakesClosures(t.next)
	}
	return false
}

// closedModels memoises Closed: a closed land costs a copy of the raster (about 40 MB
// for France) and its ways round are worth keeping between the planner, the figures,
// the validator and the server's pages.
var closedModels sync.Map // closedKey → Model

type closedKey struct {
	m     Model
	lines string
}

// linesKey identifies a set of closures by their names and lines.
func linesKey(cs []medibus.RoadClosure) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s%v|", c.Name, c.Line)
	}
	return b.String()
}

func names(cs []medibus.RoadClosure) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

func coastLine(l orb.LineString) coast.Line {
	out := make(coast.Line, len(l))
	for i, p := range l {
		out[i] = p
	}
	return out
}

// crossesAny reports whether the segment a–b crosses a line of cs (as drawn on a
// plane of degrees: the closures are short enough for it).
func crossesAny(a, b orb.Point, cs []medibus.RoadClosure) bool {
	for _, c := range cs {
		for i := 1; i < len(c.Line); i++ {
			if segmentsCross(a, b, c.Line[i-1], c.Line[i]) {
				return true
			}
		}
	}
	return false
}

// segmentsCross reports whether segments p1–p2 and q1–q2 share a point.
func segmentsCross(p1, p2, q1, q2 orb.Point) bool {
	d1, d2 := orient(q1, q2, p1), orient(q1, q2, p2)
	d3, d4 := orient(p1, p2, q1), orient(p1, p2, q2)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	on := func(d float64, a, b, p orb.Point) bool {
		return d == 0 && min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
	}
	return on(d1, q1, q2, p1) || on(d2, q1, q2, p2) || on(d3, p1, p2, q1) || on(d4, p1, p2, q2)
}

// orient is the cross product (b−a)×(c−a): positive when a, b, c turn left.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}
