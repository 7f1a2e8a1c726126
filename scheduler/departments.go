package scheduler

import (
	"math"
	"slices"
)

// MinDepartmentInNeed is the size, in people in need, from which a department counts
// for the worst-department figure and for the planner's floor: no department of that
// size is left without care, and a smaller one swings on a single session.
const MinDepartmentInNeed = 5000

// compileDepartments indexes the departments with at least MinDepartmentInNeed people
// in need of the first service (in code order, for determinism): deptOf gives each
// commune in need of it its department's index, -1 for the others; deptInNeed holds
// each department's people in need.
func (p *problem) compileDepartments() {
	sc := p.sc
	p.deptOf = make([]int, len(sc.Communes))
	pop := map[string]int{}
	for c := range sc.Communes {
		p.deptOf[c] = -1
		if p.firstNeeds(c) {
			pop[sc.Communes[c].Department] += p.inNeed[c]
		}
	}
	var codes []string
	for d, n := range pop {
		if n >= MinDepartmentInNeed {
			codes = append(codes, d)
		}
	}
	slices.Sort(codes)
	idx := map[string]int{}
	p.deptInNeed = make([]float64, len(codes))
	for k, d := range codes {
		idx[d], p.deptInNeed[k] = k, float64(pop[d])
	}
	for c := range sc.Communes {
		if k, ok := idx[sc.Communes[c].Department]; ok && p.firstNeeds(c) {
			p.deptOf[c] = k
		}
	}
}

// firstNeeds reports whether commune c is in need and needs the first service.
func (p *problem) firstNeeds(c int) bool {
	return len(p.need) > 0 && p.inNeed[c] > 0 && p.need[0][c] > 0
}

// initFloors sets each department's floor: the consultations of the first service
// that Weights.DepartmentFloor per 1,000 of its people in need a year come to over the
// cycle. Each consultation booked to its people in need below the floor is worth
// Weights.Department on top of its care value, so that no department is left behind
// for a neighbour whose communes are only a little needier.
func (st *state) initFloors() {
	p := st.p
	st.floor = make([]float64, len(p.deptInNeed))
	st.deptBooked = make([]float64, len(p.deptInNeed))
	for k, n := range p.deptInNeed {
		st.floor[k] = n * st.w.DepartmentFloor / 1000 * float64(p.days) / 365
	}
}

// deptDelta is what a session would book to one department's people in need.
type deptDelta struct {
	k int
	d float64
}

// addFloor records that d consultations of service v would be booked to commune c,
// for floorGain.
func (st *state) addFloor(v, c int, d float64) {
	if v != 0 || st.p.deptOf[c] < 0 {
		return
	}
	k := st.p.deptOf[c]
	for i := range st.touched {
		if st.touched[i].k == k {
			st.touched[i].d += d
			return
		}
	}
	st.touched = append(st.touched, deptDelta{k, d})
}

// floorGain is the value of the bookings recorded by addFloor below the departments'
// floors; it forgets them.
func (st *state) floorGain() float64 {
	g := 0.0
	for _, t := range st.touched {
		b, f := st.deptBooked[t.k], st.floor[t.k]
		g += math.Min(b+t.d, f) - math.Min(b, f)
	}
	st.touched = st.touched[:0]
	return st.w.Department * g
}

// floorValue is the departments' part of the objective: Weights.Department for each
// consultation booked below a department's floor.
func (st *state) floorValue() float64 {
	v := 0.0
	for k, b := range st.deptBooked {
		v += math.Min(b, st.floor[k])
	}
	return st.w.Department * v
}
