package server

import (
	"context"
	"fmt"
	"strings"

	"medibus"
)

// needServed is a commune's need for one service over the cycle, in consultations, and
// the part of it that the plan's sessions serve.
type needServed struct {
	need, served float64
}

// share is the part of the need served, between 0 and 1; 0 when there is no need.
func (n needServed) share() float64 {
	if n.need <= 0 {
		return 0
	}
	return min(max(n.served/n.need, 0), 1)
}

// coverageClass is one class of the map's colour scale.
type coverageClass struct {
	id    string // CSS class of the commune shapes
	label string // legend text
	fill  string
}

// noNeedClass is the neutral class of communes without need for the service; the
// others form a sequential single-hue scale (ColorBrewer Purples), light for little need
// served and dark for most, which reads the same to colour-blind eyes and in grey.
var (
	noNeedClass     = coverageClass{"cov-none", "sans besoin", "#d9d9d9"}
	coverageClasses = []coverageClass{
		{"cov-0", "0 %", "#f2f0f7"},
		{"cov-1", "moins de 25 %", "#cbc9e2"},
		{"cov-2", "25 à 50 %", "#9e9ac8"},
		{"cov-3", "50 à 75 %", "#756bb1"},
		{"cov-4", "75 % et plus", "#54278f"},
	}
)

// classOf returns the index in coverageClasses of n's share, or -1 when n has no need.
func classOf(n needServed) int {
	if n.need <= 0 {
		return -1
	}
	s := n.share()
	switch {
	case n.served <= 1e-9:
		return 0
	case s < 0.25:
		return 1
	case s < 0.5:
		return 2
	case s < 0.75:
		return 3
	default:
		return 4
	}
}

// service returns the scenario's service id, or its first service when id is empty.
// An unknown id is an error naming the services there are.
func (v *planView) service(id string) (*medibus.Service, error) {
	if id == "" && len(v.sc.Services) > 0 {
		return &v.sc.Services[0], nil
	}
	if s := v.ix.Services[id]; s != nil {
		return s, nil
	}
	ids := make([]string, len(v.sc.Services))
	for i, s := range v.sc.Services {
		ids[i] = s.ID
	}
	return nil, fmt.Errorf("service %q is not offered by plan %d (scenario %s): use one of %s",
		id, v.plan.ID, v.sc.Name, strings.Join(ids, ", "))
}

// needServedBy returns, for each commune of the scenario (by index), its need for
// service and the part of it that the plan's sessions book (their booked_by_commune).
func (v *planView) needServedBy(_ context.Context, service string) ([]needServed, error) {
	out := make([]needServed, len(v.sc.Communes))
	idx := make(map[string]int, len(v.sc.Communes))
	for i, c := range v.sc.Communes {
		idx[c.INSEE] = i
	}
	for _, d := range v.sc.Demand {
		if i, ok := idx[d.INSEE]; ok && d.Service == service {
			out[i].need += d.Need
		}
	}
	for _, se := range v.plan.Sessions {
		if se.Service != service {
			continue
		}
		for insee, b := range se.Booked {
			if i, ok := idx[insee]; ok {
				out[i].served += b
			}
		}
	}
	return out, nil
}
