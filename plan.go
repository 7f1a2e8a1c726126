package medibus

import "time"

// Session is one bus parked at one site for a half-day with a service and its staff.
// A full day at one site is two sessions, morning and afternoon, at the same site.
type Session struct {
	Unit    string   `json:"unit"`
	Date    Date     `json:"date"`
	Half    Half     `json:"half"`
	Site    string   `json:"site"`
	Service string   `json:"service"`
	Staff   []string `json:"staff"`
	// Arrive is when the bus reaches the site; set-up follows. For an afternoon at the
	// site of the morning, Arrive is the morning's.
	Arrive Clock `json:"arrive"`
	Start  Clock `json:"start"`
	End    Clock `json:"end"`
	Depart Clock `json:"depart"`
	// ExpectedPatients is the number of consultations booked or expected.
	ExpectedPatients int `json:"expected_patients"`
	// DriveKmFromPrevious and DriveMinFromPrevious describe the leg from the previous
	// stop (the depot for the first session of the day).
	DriveKmFromPrevious  float64 `json:"drive_km_from_previous"`
	DriveMinFromPrevious int     `json:"drive_min_from_previous"`
	Pinned               bool    `json:"pinned,omitempty"`
}

// Key identifies a session's bus and half-day.
type SlotKey struct {
	Unit string
	Date Date
	Half Half
}

// Key returns the session's bus and half-day.
func (s *Session) Key() SlotKey { return SlotKey{s.Unit, s.Date, s.Half} }

// BusDay is one bus's day: leaving the depot, its sessions, and coming back.
type BusDay struct {
	Unit      string  `json:"unit"`
	Date      Date    `json:"date"`
	Leave     Clock   `json:"leave"`
	Return    Clock   `json:"return"`
	ReturnKm  float64 `json:"return_km"`  // last site to depot
	ReturnMin int     `json:"return_min"` // last site to depot
	DriveKm   float64 `json:"drive_km"`   // whole day
	DriveMin  int     `json:"drive_min"`  // whole day
	Sessions  int     `json:"sessions"`
}

// Plan status values.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// Plan is a rotation: every session of every bus over one cycle from Start.
type Plan struct {
	ID         int64  `json:"id"`
	Scenario   string `json:"scenario"`
	ScenarioID int64  `json:"scenario_id"`
	Version    int    `json:"version"`
	Status     string `json:"status"`
	Start      Date   `json:"start"`
	Seed       int64  `json:"seed"`
	Engine     string `json:"engine"`
	// Travel describes the travel model the plan was made with; validate refuses to
	// check it with another (empty for plans stored before it was recorded).
	Travel    string    `json:"travel,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Sessions  []Session `json:"sessions"`
	BusDays   []BusDay  `json:"bus_days"`
	KPIs      KPIs      `json:"kpis"`
}

// ServiceKPIs are a plan's figures for one service.
type ServiceKPIs struct {
	Service  string `json:"service"`
	Sessions int    `json:"sessions"`
	// PopulationInNeed lives in communes where the service has need and whose access
	// indicator exceeds the catchment time; PopulationCovered is the part of it within
	// the catchment of at least one session of the service in the cycle.
	PopulationInNeed   int     `json:"population_in_need"`
	PopulationCovered  int     `json:"population_covered"`
	CoverageShare      float64 `json:"coverage_share"`
	ConsultationsSlots int     `json:"consultation_slots"`
	NeedServed         float64 `json:"need_served"`
	SlotsUsedByNeed    float64 `json:"slots_used_by_need"` // share of slots matched by need
	CommunesServed     int     `json:"communes_served"`
	// WorstDecileVisits is the mean number of sessions per cycle within the catchment
	// of the tenth of the population in need that is served least (fairness).
	WorstDecileVisits float64 `json:"worst_decile_visits"`
}

// KPIs are the figures reported with every plan. The headline coverage figures are
// those of the scenario's first service (general practice in the built-in scenarios).
type KPIs struct {
	Sessions          int           `json:"sessions"`
	BusDays           int           `json:"bus_days"`
	SitesUsed         int           `json:"sites_used"`
	CommunesServed    int           `json:"communes_served"`
	PopulationInNeed  int           `json:"population_in_need"`
	PopulationCovered int           `json:"population_covered"`
	CoverageShare     float64       `json:"coverage_share"`
	ConsultationSlots int           `json:"consultation_slots"`
	ExpectedPatients  int           `json:"expected_patients"`
	SlotsUsedByNeed   float64       `json:"slots_used_by_need"`
	FixedRhythmShare  float64       `json:"fixed_rhythm_share"`
	DriveKm           float64       `json:"drive_km"`
	DriveHours        float64       `json:"drive_hours"`
	CO2Kg             float64       `json:"co2_kg"`
	StaffUtilisation  float64       `json:"staff_utilisation"`
	Services          []ServiceKPIs `json:"services"`
}
