package scheduler

import (
	"fmt"
	"math"
	"medibus"
	"sort"
)

// plan times every bus-day, books the expected patients and assembles the plan.
func (st *state) plan(opt Options) (*medibus.Plan, error) {
	p := st.p
	pl := &medibus.Plan{Scenario: p.sc.Name, Start: p.start, Seed: opt.Seed, Engine: "greedy", Status: medibus.StatusDraft, Travel: opt.Travel.String()}
	if opt.Reference != nil {
		pl.ReferenceID = opt.Reference.ID
	}
	// Each commune's share of the day's sessions, told by book before it times the day.
	var booked [2]map[string]float64
	split := func(_, _, h, c int, b float64) {
		if booked[h] == nil {
			booked[h] = map[string]float64{}
		}
		booked[h][p.sc.Communes[c].INSEE] += b
	}
	bad := st.book(func(u, day int, d dayPlan, stops [2]bookedStop) {
		unit := &p.sc.Units[u]
		bd := medibus.BusDay{Unit: unit.ID, Date: st.date(day), Leave: d.leave, Return: d.ret,
			ReturnKm: round2(d.back.Km), ReturnMin: d.backMin, DriveMin: d.driveMin}
		bd.DriveKm = round2(d.back.Km)
		for h, c := range stops {
			if c.pl == nil {
				continue
			}
			s := medibus.Session{
				Unit: unit.ID, Date: st.date(day), Half: medibus.Half(h),
				Site: p.sc.Sites[c.pl.site].ID, Service: p.sc.Services[c.pl.service].ID,
				Arrive: c.ts.arrive, Start: c.ts.start, End: c.ts.end, Depart: c.ts.depart,
				ExpectedPatients:     c.patients,
				DriveKmFromPrevious:  round2(c.ts.leg.Km),
				DriveMinFromPrevious: c.ts.legMin,
				Ferry:                c.ts.leg.Ferry,
				Pinned:               c.pl.pinned,
				Booked:               roundShares(booked[h], c.patients),
			}
			s.Staff, s.Remote = st.ids(c.pl.staff), st.ids(c.pl.remote)
			if len(s.Remote) == 0 {
				s.Remote = nil
			}
			bd.DriveKm += round2(c.ts.leg.Km)
			bd.Sessions++
			pl.Sessions = append(pl.Sessions, s)
		}
		bd.DriveKm = round2(bd.DriveKm)
		pl.BusDays = append(pl.BusDays, bd)
		booked = [2]map[string]float64{}
	}, split)
	if bad != nil {
		return nil, fmt.Errorf("internal: day of %s on %s no longer fits", p.sc.Units[bad.unit].ID, st.date(bad.day))
	}
	sortPlan(pl)
	return pl, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// roundShares rounds each commune's share of a session's patients to 1/10,000 of a
// patient, dropping shares that round to nothing, and puts the rounding error on the
// largest share so that the shares add up to the patients exactly.
func roundShares(m map[string]float64, patients int) map[string]float64 {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]float64, len(m))
	sum, largest := 0.0, ""
	for k, v := range m {
		r := math.Round(v*1e4) / 1e4
		if r <= 0 {
			continue
		}
		out[k] = r
		sum += r
		if largest == "" || r > out[largest] || r == out[largest] && k < largest {
			largest = k
		}
	}
	if largest != "" {
		out[largest] = math.Round((out[largest]+float64(patients)-sum)*1e4) / 1e4
	}
	return out
}

// sortPlan orders sessions and bus-days by unit, date and half-day, the order in which
// they are stored and exported.
func sortPlan(pl *medibus.Plan) {
	sort.SliceStable(pl.Sessions, func(i, j int) bool {
		a, b := &pl.Sessions[i], &pl.Sessions[j]
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		return a.Half < b.Half
	})
	sort.SliceStable(pl.BusDays, func(i, j int) bool {
		a, b := &pl.BusDays[i], &pl.BusDays[j]
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		return a.Date < b.Date
	})
}
