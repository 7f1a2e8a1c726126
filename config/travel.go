package config

import (
	"fmt"
	"time"

	"medibus"
	"medibus/routing"
	"medibus/routing/coast"
	"medibus/routing/osrm"
	"medibus/scenario"
)

// Travel providers.
const (
	TravelGreatCircle = "great-circle"
	TravelOSRM        = "osrm"
)

// Travel chooses the one travel model of a run: the built-in great-circle model (the
// default, needing nothing) or an OSRM-compatible table service that the user runs.
type Travel struct {
	// Provider is "great-circle" or "osrm".
	Provider string `mapstructure:"provider" yaml:"provider"`
	// Great-circle model: km as the crow flies × Detour, driven at SlowKmh for the first
	// SlowKm km of road and FastKmh beyond.
	Detour  float64 `mapstructure:"detour" yaml:"detour"`
	SlowKm  float64 `mapstructure:"slow_km" yaml:"slow_km"`
	SlowKmh float64 `mapstructure:"slow_kmh" yaml:"slow_kmh"`
	FastKmh float64 `mapstructure:"fast_kmh" yaml:"fast_kmh"`
	// Land keeps the great-circle model's legs on land: round the sea, estuaries and
	// large lakes, over the fixed links, never to an island without one (the embedded
	// coastline, routing/coast).
	Land bool `mapstructure:"land" yaml:"land"`
	// RoadClosures applies the scenario's road closures (road_closures.csv, and those
	// the built-in scenarios carry) to the plans whose cycle meets them; false plans as
	// if every road were open.
	RoadClosures bool `mapstructure:"road_closures" yaml:"road_closures"`
	// OSRMURL is the base URL of the table service, e.g. http://localhost:5000.
	OSRMURL     string `mapstructure:"osrm_url" yaml:"osrm_url"`
	OSRMProfile string `mapstructure:"osrm_profile" yaml:"osrm_profile"`
	// OSRMMaxKmh is a speed no bus exceeds as the crow flies: it bounds which places
	// can be within reach before the service is asked.
	OSRMMaxKmh  float64       `mapstructure:"osrm_max_kmh" yaml:"osrm_max_kmh"`
	OSRMTimeout time.Duration `mapstructure:"osrm_timeout" yaml:"osrm_timeout"`
	// TimesFile, when set, is a CSV of road legs the user knows (from, to, minutes, km;
	// INSEE codes): they replace the provider's legs between those communes.
	TimesFile string `mapstructure:"times_file" yaml:"times_file"`
}

// DefaultTravel is the great-circle model of routing.DefaultTravel.
func DefaultTravel() Travel {
	d := routing.DefaultTravel
	return Travel{
		Provider: TravelGreatCircle, Land: true, RoadClosures: true, Detour: d.Detour, SlowKm: d.SlowKm, SlowKmh: d.SlowKmh, FastKmh: d.FastKmh,
		OSRMProfile: osrm.DefaultProfile, OSRMMaxKmh: 130, OSRMTimeout: osrm.DefaultTimeout,
	}
}

// Model opens the configured travel model. It is the one place that chooses it: every
// command builds it here once and hands it to scenario building, the planner, the
// figures, the validator and the server.
func (t Travel) Model() (routing.Model, error) {
	m, err := t.provider()
	if err != nil || t.TimesFile == "" {
		return m, err
	}
	times, err := scenario.ReadTravelTimes(t.TimesFile)
	if err != nil {
		return nil, err
	}
	return routing.NewOverridden(m, times, t.TimesFile)
}

// provider opens the configured provider's model.
func (t Travel) provider() (routing.Model, error) {
	switch t.Provider {
	case TravelGreatCircle, "":
		p := medibus.TravelParams{Detour: t.Detour, SlowKm: t.SlowKm, SlowKmh: t.SlowKmh, FastKmh: t.FastKmh}
		if !t.Land {
			return routing.NewGreatCircle(p)
		}
		land, err := coast.France()
		if err != nil {
			return nil, fmt.Errorf("travel.land: %w", err)
		}
		return routing.NewGreatCircleOnLand(p, land)
	case TravelOSRM:
		if t.OSRMURL == "" {
			return nil, fmt.Errorf("travel.provider is osrm but travel.osrm_url is empty: set it (or --osrm http://localhost:5000)")
		}
		c, err := osrm.New(t.OSRMURL, osrm.Options{Profile: t.OSRMProfile, Timeout: t.OSRMTimeout, UnreachableAsLeg: true})
		if err != nil {
			return nil, fmt.Errorf("travel.osrm_url: %w", err)
		}
		return routing.NewRoad(c, t.OSRMMaxKmh, "osrm "+c.String())
	default:
		return nil, fmt.Errorf("travel.provider %q: use %s (built in) or %s (with travel.osrm_url)", t.Provider, TravelGreatCircle, TravelOSRM)
	}
}
