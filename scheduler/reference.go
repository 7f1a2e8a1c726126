package scheduler

import (
	"cmp"
	"context"
	"slices"

	"medibus"
)

// start compiles the scenario and returns the working plan every planner begins from:
// the pinned sessions, then the reference plan's sessions that still fit.
func start(ctx context.Context, sc *medibus.Scenario, opt Options) (*state, error) {
	p, err := compile(ctx, sc, opt)
	if err != nil {
		return nil, err
	}
	st := newState(p, opt.Weights.withDefaults())
	if err := st.placePins(); err != nil {
		return nil, err
	}
	st.placeReference(opt.Reference)
	return st, nil
}

// placeReference puts back, in date order, each session of ref that fits the state as
// it is: same bus, site, service, day of the cycle and half-day, with the same
// professionals where they are free. Nothing is forced: a session that no longer fits
// (a rule changed, a pin took its place) is left to the planner, and the stability
// weight then keeps what was placed unless a change is clearly better.
func (st *state) placeReference(ref *medibus.Plan) {
	if ref == nil {
		return
	}
	p := st.p
	ss := slices.Clone(ref.Sessions)
	slices.SortStableFunc(ss, func(a, b medibus.Session) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Half, b.Half), cmp.Compare(a.Unit, b.Unit))
	})
	for i := range ss {
		s := &ss[i]
		u, ok1 := p.unitIdx[s.Unit]
		site, ok2 := p.siteIdx[s.Site]
		v, ok3 := p.serviceIdx[s.Service]
		day := int(s.Date - ref.Start)
		if !ok1 || !ok2 || !ok3 || day < 0 || day >= p.days || (s.Half != medibus.AM && s.Half != medibus.PM) ||
			!slices.Contains(p.unitServices[u], v) || !st.reaches(u, site) {
			continue
		}
		o, ok := st.optionOn(u, site, v, day, s.Half, option{}, false)
		if !ok {
			continue
		}
		if t, ok := st.crewLike(u, v, day, s.Half, s.Staff); ok && t.assisted == o.team.assisted {
			o.team = t
		}
		st.place(u, &placed{site: site, service: v, team: o.team}, day, s.Half, o.cap)
	}
}
