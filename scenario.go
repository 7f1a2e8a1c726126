package medibus

// Window is an interval of local time of day.
type Window struct {
	Start Clock `json:"start"`
	End   Clock `json:"end"`
}

// Len returns the window's length in minutes.
func (w Window) Len() int { return int(w.End - w.Start) }

// TravelParams describe the built-in travel model: great-circle distance times a road
// detour factor, driven at SlowKmh for the first SlowKm kilometres of road and at
// FastKmh beyond.
type TravelParams struct {
	Detour  float64 `json:"detour" yaml:"detour" mapstructure:"detour"`
	SlowKm  float64 `json:"slow_km" yaml:"slow_km" mapstructure:"slow_km"`
	SlowKmh float64 `json:"slow_kmh" yaml:"slow_kmh" mapstructure:"slow_kmh"`
	FastKmh float64 `json:"fast_kmh" yaml:"fast_kmh" mapstructure:"fast_kmh"`
}

// Rules are the scenario-wide planning rules.
type Rules struct {
	CycleWeeks int      `json:"cycle_weeks"`
	Days       HalfDays `json:"days"` // half-days of the week the buses may run
	// Windows are the session windows of the morning and the afternoon.
	Windows       [2]Window `json:"windows"`
	SetupMin      int       `json:"setup_min"`       // set-up on arrival at a site
	BreakMin      int       `json:"break_min"`       // break between two sessions of a day
	MinSessionMin int       `json:"min_session_min"` // shortest session worth holding
	CatchmentMin  int       `json:"catchment_min"`   // a session serves communes this close
	// RhythmWeeks is the preferred return period of a service to a site, in weeks.
	RhythmWeeks int          `json:"rhythm_weeks"`
	Travel      TravelParams `json:"travel"`
	// TimeZone is the IANA zone of the clock times, Europe/Paris in France.
	TimeZone string `json:"time_zone"`
}

// CycleDays returns the length of the cycle in days.
func (r *Rules) CycleDays() int { return 7 * r.CycleWeeks }

// Scenario is everything a plan is made from.
type Scenario struct {
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	Rules       Rules         `json:"rules"`
	Depots      []Depot       `json:"depots"`
	Units       []Unit        `json:"units"`
	Staff       []StaffMember `json:"staff"`
	Services    []Service     `json:"services"`
	Sites       []Site        `json:"sites"`
	Communes    []Commune     `json:"communes"`
	Demand      []Demand      `json:"demand"`
	Pins        []Session     `json:"pins,omitempty"`
}

// Index gives fast look-ups by id over a scenario's entities.
type Index struct {
	Depots   map[string]*Depot
	Units    map[string]*Unit
	Staff    map[string]*StaffMember
	Services map[string]*Service
	Sites    map[string]*Site
	Communes map[string]*Commune
}

// NewIndex indexes sc by id. Later duplicates win; scenario readers reject duplicates.
func NewIndex(sc *Scenario) *Index {
	ix := &Index{
		Depots:   make(map[string]*Depot, len(sc.Depots)),
		Units:    make(map[string]*Unit, len(sc.Units)),
		Staff:    make(map[string]*StaffMember, len(sc.Staff)),
		Services: make(map[string]*Service, len(sc.Services)),
		Sites:    make(map[string]*Site, len(sc.Sites)),
		Communes: make(map[string]*Commune, len(sc.Communes)),
	}
	for i := range sc.Depots {
		ix.Depots[sc.Depots[i].ID] = &sc.Depots[i]
	}
	for i := range sc.Units {
		ix.Units[sc.Units[i].ID] = &sc.Units[i]
	}
	for i := range sc.Staff {
		ix.Staff[sc.Staff[i].ID] = &sc.Staff[i]
	}
	for i := range sc.Services {
		ix.Services[sc.Services[i].ID] = &sc.Services[i]
	}
	for i := range sc.Sites {
		ix.Sites[sc.Sites[i].ID] = &sc.Sites[i]
	}
	for i := range sc.Communes {
		ix.Communes[sc.Communes[i].INSEE] = &sc.Communes[i]
	}
	return ix
}
