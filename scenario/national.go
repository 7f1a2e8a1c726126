package scenario

import (
	"context"
	"fmt"
	"sync"

	"medibus"
	"medibus/routing"
	"medibus/territory"
)

// accessMemo keeps the access times of every commune of France per travel model and
// town size: the national fleet split needs the whole country's people in need even
// for a one-department scenario, and a process builds many.
var accessMemo sync.Map // string → []float64

// franceInNeed returns every commune of f with its access time, imported APL (if any)
// and in-need mark.
func franceInNeed(ctx context.Context, f *territory.France, p *Params, needMin int, travel routing.Model, apl map[string]float64) ([]medibus.Commune, error) {
	key := fmt.Sprintf("%s|%d", travel, p.TownPopulation)
	var access []float64
	if v, ok := accessMemo.Load(key); ok {
		access = v.([]float64)
	} else {
		cs := make([]medibus.Commune, len(f.Communes))
		copy(cs, f.Communes)
		if err := SetAccess(ctx, cs, f.Communes, p.TownPopulation, travel); err != nil {
			return nil, err
		}
		access = make([]float64, len(cs))
		for i := range cs {
			access[i] = cs[i].AccessMin
		}
		accessMemo.Store(key, access)
	}
	all := make([]medibus.Commune, len(f.Communes))
	copy(all, f.Communes)
	for i := range all {
		all[i].AccessMin = access[i]
		if v, ok := apl[all[i].INSEE]; ok {
			all[i].APL = &v
		}
	}
	MarkInNeed(all, needMin, p)
	return all, nil
}
