package config

import (
	"time"

	"medibus/scenario"
)

// Check reports every setting that no run could use: rules and parameters of the
// planning out of their ranges, a travel model with a speed or detour that is not a
// finite positive number (a NaN would reach every drive and every figure), weights that
// are not finite numbers, 0 or more, a public_url that is no site's address (it is
// kept without its final slash). Each problem names its setting and the environment
// variable that sets it.
func (c *Config) Check() error {
	s := &scenario.Settings{}
	c.Planning.Check(s)
	c.Travel.check(s)
	w := c.Weights
	for _, x := range []struct {
		key string
		v   float64
		hi  float64
	}{
		{"weights.care", w.Care, 1e6}, {"weights.fairness", w.Fairness, 100}, {"weights.reach", w.Reach, 1e6},
		{"weights.drive_km", w.DriveKm, 1e6}, {"weights.long_day", w.LongDay, 1e6}, {"weights.long_day_min", w.LongDayMin, 1440},
		{"weights.stability", w.Stability, 1e6}, {"weights.department", w.Department, 1e6},
		{"weights.department_floor", w.DepartmentFloor, 1e5},
	} {
		s.Float(x.key, x.v, 0, x.hi, "")
	}
	if c.TimeLimit < 0 || c.TimeLimit > 24*time.Hour {
		s.Add("time_limit", "%s: write a duration from 0s (no limit) to 24h", c.TimeLimit)
	}
	s.Int("iterations", c.Iterations, 0, 1_000_000_000, "iterations (0: no limit)")
	if u, err := PublicURL(c.PublicURL); err != nil {
		s.Add("public_url", "%v", err)
	} else {
		c.PublicURL = u
	}
	return s.Err()
}

// check records the problems of the travel model's settings.
func (t *Travel) check(s *scenario.Settings) {
	s.Float("travel.detour", t.Detour, 1, 3, "(road km per km as the crow flies; 1.3 in France)")
	s.Float("travel.slow_km", t.SlowKm, 0, 1000, "km")
	s.Float("travel.slow_kmh", t.SlowKmh, 1, 200, "km/h")
	s.Float("travel.fast_kmh", t.FastKmh, 1, 200, "km/h")
	s.Float("travel.osrm_max_kmh", t.OSRMMaxKmh, 1, 300, "km/h")
	if t.OSRMTimeout <= 0 || t.OSRMTimeout > 10*time.Minute {
		s.Add("travel.osrm_timeout", "%s: write a duration from 1s to 10m", t.OSRMTimeout)
	}
}
