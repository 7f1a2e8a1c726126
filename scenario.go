package medibus

import "fmt"

// Window is an interval of local time of day.
type Window struct {
	Start Clock `json:"start"`
	End   Clock `json:"end"`
}

// Len returns the window's length in minutes.
func (w Window) Len() int { return int(w.End - w.Start) }

// TravelParams describe the built-in travel model: great-circle distance times a road
// detour factor, driven at SlowKmh for the first SlowKm kilometres of road and at
// FastKmh beyond. They are settings of the installation (medibus.yaml, travel:), not of a
// scenario: one travel model serves every scenario and plan of a run.
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
	Windows  [2]Window `json:"windows"`
	SetupMin int       `json:"setup_min"` // set-up on arrival at a site, with an assistant
	// SetupAloneMin is the set-up when the driver does it alone (no assistant on
	// board); 0 means SetupMin.
	SetupAloneMin int `json:"setup_alone_min,omitempty"`
	// InternRemote lets an intern's named supervisor supervise by phone; without it a
	// senior must be on the same bus.
	InternRemote  bool `json:"intern_remote,omitempty"`
	BreakMin      int  `json:"break_min"`       // break between two sessions of a day
	MinSessionMin int  `json:"min_session_min"` // shortest session worth holding
	CatchmentMin  int  `json:"catchment_min"`   // a session books communes this close
	// NeedAccessMin decides who is in need: a commune with no town of 5,000 inhabitants
	// within this many minutes (unless an APL is imported). 0, in scenarios stored before
	// it was a rule of its own, means CatchmentMin.
	NeedAccessMin int `json:"need_access_min,omitempty"`
	// MaxLegMin bounds every one-way drive of a bus-day (depot to site, site to site,
	// site to depot), in minutes; 0 means no bound beyond the daily limit.
	MaxLegMin int `json:"max_leg_min,omitempty"`
	// RhythmWeeks is the preferred return period of a service to a site, in weeks. It
	// is informational: the rhythms that bind are the scenario's Frequencies.
	RhythmWeeks int `json:"rhythm_weeks"`
	// TimeZone is the IANA zone of the clock times, Europe/Paris in France.
	TimeZone string `json:"time_zone"`
	// DemandOnly restricts need to the communes and services the imported demand
	// names: the others have none, rather than their derived need.
	DemandOnly bool `json:"demand_only,omitempty"`
}

// InNeedBeyond is the access time to a town beyond which a commune is in need:
// NeedAccessMin, or CatchmentMin when it is not set.
func (r *Rules) InNeedBeyond() int {
	if r.NeedAccessMin > 0 {
		return r.NeedAccessMin
	}
	return r.CatchmentMin
}

// CycleDays returns the length of the cycle in days.
func (r *Rules) CycleDays() int { return 7 * r.CycleWeeks }

// Setup returns the set-up on arrival at a site: SetupMin with an assistant on board,
// SetupAloneMin (when set) without.
func (r *Rules) Setup(assisted bool) int {
	if assisted || r.SetupAloneMin <= 0 {
		return r.SetupMin
	}
	return r.SetupAloneMin
}

// Scenario is everything a plan is made from.
type Scenario struct {
	Name          string         `json:"name"`
	Description   string         `json:"description,omitempty"`
	Rules         Rules          `json:"rules"`
	Organisations []Organisation `json:"organisations,omitempty"`
	Depots        []Depot        `json:"depots"`
	Units         []Unit         `json:"units"`
	Staff         []StaffMember  `json:"staff"`
	Services      []Service      `json:"services"`
	Sites         []Site         `json:"sites"`
	Communes      []Commune      `json:"communes"`
	Demand        []Demand       `json:"demand"`
	Pins          []Session      `json:"pins,omitempty"`
	// Frequencies set how often a service comes back to the sites of a commune.
	Frequencies []Frequency `json:"frequencies,omitempty"`
	// Ferries are the crossings the buses may take besides the roads and fixed links.
	Ferries []Ferry `json:"ferries,omitempty"`
	// RoadClosures are the lines no bus crosses while they are closed (passes closed
	// in winter, massifs without a road): the travel model of a plan keeps off those in
	// force during its cycle.
	RoadClosures []RoadClosure `json:"road_closures,omitempty"`
	// Closures are the days coordinators have declared closed, besides the public
	// holidays (package holiday): no session is planned on them.
	Closures []Closure `json:"closures,omitempty"`
	// Cyclic marks a scenario prepared for a rotation by Rotation: the repeating cycle
	// knows no dates, so public holidays do not close its slots. It is never stored.
	Cyclic bool `json:"-"`
}

// Rotation returns a copy of sc to plan or check a rotation with: the repeating cycle
// of its buses, which knows no dates. A public holiday, a declared closure or a dated
// absence cancels the occurrences of its dates on the calendar, never a slot of the
// rotation (which would empty it in every later cycle), so the copy has no closures,
// no dated unavailability of buses or staff, and is marked Cyclic. Interns keep their
// placement: it says who is in the pool, not which date is off. sc is not changed.
func (sc *Scenario) Rotation() *Scenario {
	c := *sc
	c.Cyclic, c.Closures = true, nil
	c.Units = make([]Unit, len(sc.Units))
	for i, u := range sc.Units {
		u.Unavailable = nil
		c.Units[i] = u
	}
	c.Staff = make([]StaffMember, len(sc.Staff))
	for i, m := range sc.Staff {
		m.Unavailable = nil
		c.Staff[i] = m
	}
	return &c
}

// Dated reports how many dated facts sc holds that a rotation leaves to the calendar:
// closures and ranges of unavailability of buses and staff.
func (sc *Scenario) Dated() int {
	n := len(sc.Closures)
	for i := range sc.Units {
		n += len(sc.Units[i].Unavailable)
	}
	for i := range sc.Staff {
		n += len(sc.Staff[i].Unavailable)
	}
	return n
}

// Closure is a period when no session can happen, declared by a coordinator: a strike,
// a snow day, a town-hall square under works. It covers every site when Department and
// Site are empty, the sites of one department, or one site.
type Closure struct {
	ID         int64  `json:"id,omitempty"`
	From       Date   `json:"from"`
	To         Date   `json:"to"`
	Department string `json:"department,omitempty"`
	Site       string `json:"site,omitempty"`
	Reason     string `json:"reason"`
}

// Covers reports whether the closure applies on date d to the site with the given id in
// department dept.
func (c *Closure) Covers(d Date, dept, site string) bool {
	return d >= c.From && d <= c.To && (c.Department == "" || c.Department == dept) && (c.Site == "" || c.Site == site)
}

// Frequency is the rhythm of one service at the sites of one commune, when it is served
// there at all. Consecutive sessions of the service at a site, counted round the
// repeating cycle (the last of a cycle is followed by the first of the next), are
// MinGapDays to MaxGapDays apart; sessions fall only on the half-days of Days when it
// is not empty. Every names the rhythm (1 weekly, 2 fortnightly, 4 monthly) and gives
// both gaps their default, 7 × Every days.
type Frequency struct {
	INSEE      string   `json:"insee"`
	Service    string   `json:"service"`
	Every      int      `json:"every_weeks"`
	MinGapDays int      `json:"min_gap_days"`
	MaxGapDays int      `json:"max_gap_days"`
	Days       HalfDays `json:"days,omitempty"`
}

// Gaps returns the bounds of the gap between consecutive visits, in days.
func (f *Frequency) Gaps() (lo, hi int) {
	lo, hi = f.MinGapDays, f.MaxGapDays
	if lo <= 0 {
		lo = 7 * f.Every
	}
	if hi <= 0 {
		hi = 7 * f.Every
	}
	return lo, hi
}

// FrequencyNames maps the names of the rhythms to their period in weeks.
var FrequencyNames = map[string]int{"weekly": 1, "fortnightly": 2, "monthly": 4}

// CheckFrequency reports why f cannot hold on a cycle of the given weeks, or nil: the
// gaps must be ordered and some number of visits, on the same weekday, must fill the
// cycle with gaps between them.
func CheckFrequency(f *Frequency, cycleWeeks int) error {
	lo, hi := f.Gaps()
	if lo <= 0 || hi < lo {
		return fmt.Errorf("gaps of %d to %d days: the minimum must be positive and at most the maximum", lo, hi)
	}
	// Sessions on one weekday are whole weeks apart.
	loW, hiW := (lo+6)/7, hi/7
	for k := 1; k <= cycleWeeks; k++ {
		if k*loW <= cycleWeeks && cycleWeeks <= k*hiW {
			return nil
		}
	}
	return fmt.Errorf("no rhythm on one weekday fits a %d-week cycle with gaps of %d to %d days: use a cycle whose length is a multiple of the rhythm (monthly needs cycle_weeks 4) or widen the gaps", cycleWeeks, lo, hi)
}

// Index gives fast look-ups by id over a scenario's entities.
type Index struct {
	Depots   map[string]*Depot
	Units    map[string]*Unit
	Staff    map[string]*StaffMember
	Services map[string]*Service
	Sites    map[string]*Site
	Communes map[string]*Commune
	// Organisations by id.
	Organisations map[string]*Organisation
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

		Organisations: make(map[string]*Organisation, len(sc.Organisations)),
	}
	for i := range sc.Organisations {
		ix.Organisations[sc.Organisations[i].ID] = &sc.Organisations[i]
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

// Assisted reports whether a medical assistant (a staff member of RoleAssistant) is on
// board session s.
func (ix *Index) Assisted(s *Session) bool {
	for _, id := range s.Staff {
		if m := ix.Staff[id]; m != nil && m.Role == RoleAssistant {
			return true
		}
	}
	return false
}
