package scheduler

import (
	"container/heap"
	"context"
	"time"

	"medibus"
)

// Greedy is the constructive planner: a lazy greedy that repeatedly places the session
// (bus, site, service, half-day, staff) with the largest marginal value: people in need
// newly within reach, consultations delivered to need, minus driving. A site's service
// always comes back on the same weekday and half-day, so every rhythm is fixed.
type Greedy struct{}

// candidate is a (unit, site, service) the greedy may place, keyed by an upper bound
// of its value.
type candidate struct {
	unit, site, service int
	bound               float64
}

type candHeap []candidate

func (h candHeap) Len() int { return len(h) }
func (h candHeap) Less(i, j int) bool {
	if h[i].bound != h[j].bound {
		return h[i].bound > h[j].bound
	}
	if h[i].unit != h[j].unit {
		return h[i].unit < h[j].unit
	}
	if h[i].site != h[j].site {
		return h[i].site < h[j].site
	}
	return h[i].service < h[j].service
}
func (h candHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)   { *h = append(*h, x.(candidate)) }
func (h *candHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Plan implements Planner.
func (Greedy) Plan(ctx context.Context, sc *medibus.Scenario, opt Options) (*medibus.Plan, error) {
	began := time.Now()
	st, err := start(ctx, sc, opt)
	if err != nil {
		return nil, err
	}
	if err := st.fill(ctx, began, opt); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	parts, _ := st.objective()
	pl, err := st.plan(opt)
	if err != nil {
		return nil, err
	}
	pl.KPIs.Search = &medibus.Search{Engine: "greedy", Objective: parts.Total(), Parts: parts, Seconds: time.Since(began).Seconds(),
		LimitSeconds: opt.TimeLimit.Seconds(), Stopped: "greedy"}
	return pl, nil
}

// fill places sessions greedily in the free half-days until nothing of positive value
// fits or the budget is spent, keeping every rhythm rule.
func (st *state) fill(ctx context.Context, began time.Time, opt Options) error {
	return st.fillAndComplete(ctx, nil, deadlineOf(began, opt.TimeLimit), opt.Iterations, opt.Progress)
}

// deadlineOf is when a run that began at began must stop: zero for no limit.
func deadlineOf(began time.Time, limit time.Duration) time.Time {
	if limit <= 0 {
		return time.Time{}
	}
	return began.Add(limit)
}

// fillUnits is fill restricted to the given units (nil: all), with a deadline (zero:
// none) and a cap on the sessions placed (0: none).
func (st *state) fillUnits(ctx context.Context, units []int, deadline time.Time, maxPlaced int, progress func(Progress)) []slotRef {
	p, sc := st.p, st.p.sc
	if units == nil {
		units = make([]int, len(sc.Units))
		for u := range units {
			units[u] = u
		}
	}
	h := &candHeap{}
	for _, u := range units {
		for _, us := range p.unitSites[u] {
			for _, v := range p.unitServices[u] {
				if b := st.bound(u, us.site, v); b > 0 {
					*h = append(*h, candidate{unit: u, site: us.site, service: v, bound: b})
				}
			}
		}
	}
	heap.Init(h)
	total := 0
	for _, u := range units {
		for day := 0; day < p.days; day++ {
			for hh := medibus.AM; hh <= medibus.PM; hh++ {
				if st.unitWorks(u, day, hh) {
					total++
				}
			}
		}
	}
	placedN, objective := 0, 0.0
	var added []slotRef
	for h.Len() > 0 {
		if ctx.Err() != nil {
			return added
		}
		if !deadline.IsZero() && placedN%64 == 0 && time.Now().After(deadline) {
			break
		}
		if maxPlaced > 0 && placedN >= maxPlaced {
			break
		}
		c := heap.Pop(h).(candidate)
		b := st.bound(c.unit, c.site, c.service)
		if b <= 0 {
			continue
		}
		if h.Len() > 0 && b < (*h)[0].bound {
			c.bound = b
			heap.Push(h, c)
			continue
		}
		o, ok := st.bestOption(c.unit, c.site, c.service)
		if !ok {
			continue // slots only fill up: it will never fit again
		}
		reach, care := st.value(c.site, c.service, o.cap)
		gain := st.w.Reach*reach + care - st.cost(o)
		if gain <= 0 {
			continue
		}
		if h.Len() > 0 && gain < (*h)[0].bound {
			c.bound = gain
			heap.Push(h, c)
			continue
		}
		st.place(c.unit, &placed{site: c.site, service: c.service, team: o.team}, o.day, o.half, o.cap)
		added = append(added, slotRef{c.unit, o.day, o.half})
		placedN++
		objective += gain
		c.bound = st.bound(c.unit, c.site, c.service)
		heap.Push(h, c)
		if progress != nil && placedN%50 == 0 {
			progress(Progress{Phase: "greedy", Done: placedN, Total: total, Objective: objective})
		}
	}
	if progress != nil {
		progress(Progress{Phase: "greedy", Done: total, Total: total, Objective: objective})
	}
	return added
}
