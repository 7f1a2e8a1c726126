package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"medibus"
)

// Settings gathers the problems of configuration settings, each named by its key
// (planning.catchment_min) and the environment variable that sets it, so that a
// person finds it in medibus.yaml or their shell. Err returns them all at once.
type Settings struct {
	problems []string
}

// Add records a problem of the setting key.
func (s *Settings) Add(key, format string, args ...any) {
	env := "MEDIBUS_" + strings.ToUpper(strings.NewReplacer(".", "_").Replace(key))
	s.problems = append(s.problems, fmt.Sprintf("%s: %s (set in medibus.yaml or %s)", key, fmt.Sprintf(format, args...), env))
}

// Int checks a whole-number setting within [lo, hi]; unit says what it counts.
func (s *Settings) Int(key string, v, lo, hi int, unit string) {
	if v < lo || v > hi {
		s.Add(key, "%d is out of range: write %d to %d %s", v, lo, hi, unit)
	}
}

// Float checks a setting that must be a finite number within [lo, hi].
func (s *Settings) Float(key string, v, lo, hi float64, unit string) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		s.Add(key, "%v is not a finite number: write %v to %v %s", v, lo, hi, unit)
	case v < lo || v > hi:
		s.Add(key, "%v is out of range: write %v to %v %s", v, lo, hi, unit)
	}
}

// Err returns the problems recorded, or nil.
func (s *Settings) Err() error {
	if len(s.problems) == 0 {
		return nil
	}
	return errors.New("configuration: " + strings.Join(s.problems, "; "))
}

// Check records the problems of the planning settings (planning.… in the
// configuration): rules within the ranges rules.csv also holds them to, and the
// parameters of the built-in scenarios finite and within sane bounds.
func (p *Params) Check(s *Settings) {
	var re *RuleError
	if _, err := p.Rules(); errors.As(err, &re) {
		s.Add("planning."+re.Key, "%v", re.Err)
	} else if err != nil {
		s.Add("planning", "%v", err)
	}
	start, err1 := medibus.ParseClock(p.ShiftStart)
	end, err2 := medibus.ParseClock(p.ShiftEnd)
	switch {
	case err1 != nil:
		s.Add("planning.shift_start", "%v", err1)
	case err2 != nil:
		s.Add("planning.shift_end", "%v", err2)
	case end <= start:
		s.Add("planning.shift_end", "the shift ends at %s, before it starts at %s", end, start)
	}
	s.Int("planning.max_drive_min", p.MaxDriveMin, 1, maxDriveMin, "minutes")
	s.Int("planning.fleet", p.Fleet, 1, 2000, "buses")
	s.Int("planning.fleet_min_in_need", p.FleetMinInNeed, 0, 10_000_000, "people")
	s.Int("planning.base_min_population", p.BaseMinPopulation, 0, 1_000_000, "inhabitants")
	s.Int("planning.neighbour_buses", p.NeighbourBuses, 0, 100, "buses")
	s.Int("planning.site_min_population", p.SiteMinPopulation, 0, 1_000_000, "inhabitants")
	s.Int("planning.town_population", p.TownPopulation, 1, 1_000_000, "inhabitants")
	s.Float("planning.market_share", p.MarketShare, 0, 1, "(a share)")
	s.Float("planning.access_ref_min", p.AccessRefMin, 1, 240, "minutes")
	s.Float("planning.access_max_factor", p.AccessMaxFactor, 1, 100, "(a factor)")
	s.Float("planning.not_in_need_factor", p.NotInNeedFactor, 0, 100, "(a factor)")
	s.Float("planning.apl_threshold", p.APLThreshold, 0, 50, "consultations per inhabitant and year")
	if len(p.GPHalfDays) != len(p.GPMaxSessions) || len(p.GPHalfDays) > 20 {
		s.Add("planning.gp_halfdays", "%d entries for %d in gp_max_sessions: give both lists the same length, one entry per GP of a bus (at most 20)",
			len(p.GPHalfDays), len(p.GPMaxSessions))
	}
	for i := range p.GPHalfDays {
		s.Int(fmt.Sprintf("planning.gp_halfdays[%d]", i), p.GPHalfDays[i], 0, 14, "half-days a week")
	}
	for i := range p.GPMaxSessions {
		s.Int(fmt.Sprintf("planning.gp_max_sessions[%d]", i), p.GPMaxSessions[i], 0, 14, "sessions a week")
	}
	p.checkServices(s)
}

// checkServices records the problems of the built-in scenarios' services.
func (p *Params) checkServices(s *Settings) {
	if len(p.Services) == 0 || len(p.Services) > servicesFile.maxRows {
		s.Add("planning.services", "%d services: give 1 to %d", len(p.Services), servicesFile.maxRows)
	}
	var ids []string
	for i, v := range p.Services {
		key := fmt.Sprintf("planning.services[%d]", i)
		if pr := idProblem(v.ID); pr != "" || slices.Contains(ids, v.ID) {
			s.Add(key+".id", "%q: give each service a unique id free of separators (gp, eye)", v.ID)
		}
		ids = append(ids, v.ID)
		if len(v.Roles) == 0 || slices.ContainsFunc(v.Roles, func(r string) bool { return idProblem(r) != "" }) {
			s.Add(key+".roles", "%q: give at least one role, each free of separators (gp, midwife)", v.Roles)
		}
		s.Int(key+".consult_min", v.ConsultMin, 1, 240, "minutes")
		s.Float(key+".rate_per_year", v.RatePerYear, 0, maxRatePerYear, "consultations per inhabitant and year")
		s.Int(key+".sessions_per_week", v.SessionsPerWeek, 0, 10_000, "sessions a week nationally (0: staff_per_region)")
		s.Int(key+".buses_per_region", v.BusesPerRegion, 0, 100, "buses")
		s.Int(key+".staff_per_region", v.StaffPerRegion, 0, 100, "professionals")
		s.Int(key+".staff_max_sessions", v.StaffMax, 0, 14, "sessions a week")
		if _, err := medibus.ParseHalfDays(v.StaffDays); v.Regional && err != nil {
			s.Add(key+".staff_days", "%v", err)
		}
	}
}
