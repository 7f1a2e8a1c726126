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
	// Remote lists the specialists who take part from afar (tele-consultation).
	Remote []string `json:"remote,omitempty"`
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
	// Ferry names the ferry the leg from the previous stop crosses on (its crossing is
	// in DriveMinFromPrevious), empty by road.
	Ferry  string `json:"ferry,omitempty"`
	Pinned bool   `json:"pinned,omitempty"`
	// Booked splits ExpectedPatients among the communes of the site's catchment: INSEE
	// code → consultations booked for its residents (fractions of a patient on average
	// over the repeating cycle).
	Booked map[string]float64 `json:"booked_by_commune,omitempty"`
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

// Plan status values. An archived plan was published, then replaced for every one of
// its buses by a later publication: it is as immutable as a published one, and still
// what the calendar shows on the dates before its replacement took effect.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// Plan kinds. A rotation is the repeating cycle of a set of buses; a change replaces
// some bus-days of the calendar on their dates (a breakdown, an absence, an extra
// session), never the rotation.
const (
	KindRotation = "rotation"
	KindChange   = "change"
)

// Plan is a rotation (every session of its buses over one cycle from Start, repeated
// from its effective date once published) or a dated change (Change says which
// bus-days it replaces; its sessions are those days' new sessions).
type Plan struct {
	ID         int64  `json:"id"`
	Scenario   string `json:"scenario"`
	ScenarioID int64  `json:"scenario_id"`
	Version    int    `json:"version"`
	Status     string `json:"status"`
	Start      Date   `json:"start"`
	Seed       int64  `json:"seed"`
	Engine     string `json:"engine"`
	// ReferenceID is the plan this one was made from (plan --from, re-plan,
	// re-optimise), 0 for none.
	ReferenceID int64 `json:"reference_id,omitempty"`
	// ReferenceRevision is the revision of the reference plan's pins that the run read:
	// a pin set on it later is not in this plan.
	ReferenceRevision int64 `json:"reference_revision,omitempty"`
	// Travel describes the travel model the plan was made with; validate refuses to
	// check it with another (empty for plans stored before it was recorded).
	Travel string `json:"travel,omitempty"`
	// Kind is KindRotation (also when empty) or KindChange.
	Kind string `json:"kind,omitempty"`
	// Units are the buses a rotation covers: publishing it replaces the published
	// rotation of these buses only. Empty: every bus of its scenario.
	Units []string `json:"units,omitempty"`
	// Change describes a dated change (Kind KindChange); nil for a rotation.
	Change    *Change   `json:"change,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Sessions  []Session `json:"sessions"`
	BusDays   []BusDay  `json:"bus_days"`
	KPIs      KPIs      `json:"kpis"`
}

// IsChange reports whether the plan is a dated change rather than a rotation.
func (p *Plan) IsChange() bool { return p.Kind == KindChange }

// Covers reports whether the rotation covers bus unit (every bus when Units is empty).
func (p *Plan) Covers(unit string) bool {
	if len(p.Units) == 0 {
		return true
	}
	for _, u := range p.Units {
		if u == unit {
			return true
		}
	}
	return false
}

// Kinds of dated change.
const (
	ChangeBreakdown = "breakdown" // a bus off the road
	ChangeAbsence   = "absence"   // a professional away
	ChangeExtra     = "extra"     // a one-off session added
)

// Change is a dated change of the calendar: what happened, on which dates, and the
// bus-days it replaces. It never rewrites a rotation: on its days the calendar shows
// the change's sessions instead of the rotation's, and every other date is untouched.
type Change struct {
	Kind string `json:"kind"`
	From Date   `json:"from"`
	To   Date   `json:"to"`
	// Reason is what patients and drivers read of a cancelled or changed session, in
	// French: « panne du Médicobus Creuse ».
	Reason string `json:"reason"`
	// Absences are the buses off the road and the people away that the change was
	// planned around.
	Absences []Absence `json:"absences,omitempty"`
	// Days are the bus-days the change replaces, each with the plan whose sessions it
	// replaced (a rotation, or an earlier change).
	Days []ChangedDay `json:"days"`
}

// Absence is a bus (Unit) or a professional (Staff) unavailable From To, inclusive.
type Absence struct {
	Unit  string `json:"unit,omitempty"`
	Staff string `json:"staff,omitempty"`
	From  Date   `json:"from"`
	To    Date   `json:"to"`
}

// ChangedDay is one bus-day a change replaces: Was is the plan the calendar showed on
// it when the change was made.
type ChangedDay struct {
	Unit string `json:"unit"`
	Date Date   `json:"date"`
	Was  int64  `json:"was"`
}

// Publication says that from Effective on, bus Unit runs the rotation of plan Plan;
// the latest publication in force on a date decides it (a later one from an earlier
// date supersedes a pending one).
type Publication struct {
	ID          int64     `json:"id"`
	Plan        int64     `json:"plan"`
	Unit        string    `json:"unit"`
	Effective   Date      `json:"effective"`
	PublishedAt time.Time `json:"published_at"`
	// By says who published, as the server knows them (« coordinateur 3 »).
	By string `json:"by,omitempty"`
}

// PublishOptions say how a plan is published.
type PublishOptions struct {
	// Units are the buses whose rotation a rotation replaces; nil means every bus it
	// covers. Ignored for a change.
	Units []string
	// Effective is the first date a rotation is shown on; 0 means its start.
	Effective Date
	// IfRevision, when not 0, is the published revision the decision to publish was
	// based on: if anything was published since, nothing is.
	IfRevision int64
	// By says who publishes, for the log and for the refusal of stale writes.
	By string
}

// PublishedState is the published state at one revision: every publication of a
// rotation and the ids of the published changes, oldest first.
type PublishedState struct {
	Revision     int64
	Publications []Publication
	Changes      []int64
}

// ServiceKPIs are a plan's figures for one service. Rates are consultations per 1,000
// people per year: consultations booked over the cycle × 365 / cycle days, per 1,000
// inhabitants of the communes concerned.
type ServiceKPIs struct {
	Service  string `json:"service"`
	Sessions int    `json:"sessions"`
	// Tele marks a tele-consultation service (a remote specialist with those on board).
	Tele bool `json:"tele,omitempty"`
	// Booked counts the consultations booked in the service's sessions, BookedToNeed
	// those booked to people in need; Slots the consultations the sessions could hold.
	Slots        int     `json:"consultation_slots"`
	Booked       float64 `json:"booked"`
	BookedToNeed float64 `json:"booked_to_need"`
	// Per1000 is consultations booked to people in need per 1,000 people in need per
	// year: the care the buses deliver where care is out of reach.
	Per1000 float64 `json:"per_1000_in_need"`
	// WorstDecilePer1000 is the same rate in the tenth of the people in need (by
	// population) whose communes are served least; Gini is the Gini coefficient of
	// the rate over people in need (0: everyone alike; 1: all to one commune).
	WorstDecilePer1000 float64 `json:"worst_decile_per_1000"`
	Gini               float64 `json:"gini"`
	// WorstDepartment is the department with at least 20,000 people in need where the
	// rate is lowest, and its rate.
	WorstDepartment        string  `json:"worst_department,omitempty"`
	WorstDepartmentPer1000 float64 `json:"worst_department_per_1000"`
	// Need is the consultations the people in need need over the cycle; NeedMet the
	// share of it booked (BookedToNeed / Need).
	Need    float64 `json:"need"`
	NeedMet float64 `json:"need_met"`
	// PopulationInNeed lives in communes in need (no town practice within reach, or an
	// imported APL below the threshold); PopulationCovered is the part of it within the
	// catchment of at least one session of the service in the cycle.
	PopulationInNeed  int     `json:"population_in_need"`
	PopulationCovered int     `json:"population_covered"`
	CoverageShare     float64 `json:"coverage_share"`
	CommunesServed    int     `json:"communes_served"`
}

// KPIs are the figures reported with every plan. The headline care figures are those of
// the scenario's first service (general practice in the built-in scenarios); every one
// can be recomputed from the JSON export (each session's booked_by_commune).
type KPIs struct {
	Sessions       int `json:"sessions"`
	BusDays        int `json:"bus_days"`
	SitesUsed      int `json:"sites_used"`
	CommunesServed int `json:"communes_served"`
	// Headline care figures (first service).
	PopulationInNeed   int     `json:"population_in_need"`
	PopulationCovered  int     `json:"population_covered"`
	CoverageShare      float64 `json:"coverage_share"`
	Per1000            float64 `json:"per_1000_in_need"`
	WorstDecilePer1000 float64 `json:"worst_decile_per_1000"`
	Gini               float64 `json:"gini"`
	// WorstDepartment is the department with at least 20,000 people in need and the
	// lowest rate, with that rate.
	WorstDepartment        string  `json:"worst_department,omitempty"`
	WorstDepartmentPer1000 float64 `json:"worst_department_per_1000"`
	// NeedMet is the share of the people in need's need over the cycle (first service)
	// that the plan books: how far the buses go towards the care they lack.
	NeedMet float64 `json:"need_met"`
	// ConsultationSlots could be held; ExpectedPatients are booked (an integer per
	// session); ShareToNeed is the share of booked consultations that go to people in
	// need; SlotsBooked the share of slots booked.
	ConsultationSlots int     `json:"consultation_slots"`
	ExpectedPatients  int     `json:"expected_patients"`
	ShareToNeed       float64 `json:"share_to_need"`
	SlotsBooked       float64 `json:"slots_booked"`
	// Fleet use: buses with at least one session of all buses, and sessions of all the
	// half-days the buses work.
	BusesUsed    int     `json:"buses_used"`
	Buses        int     `json:"buses"`
	HalfDaysUsed float64 `json:"half_days_used"`
	// Driving: the day's total drive minutes (median, 95th percentile, longest) and the
	// longest one-way leg.
	DriveMinP50      int     `json:"drive_min_p50"`
	DriveMinP95      int     `json:"drive_min_p95"`
	DriveMinMax      int     `json:"drive_min_max"`
	LongestLegMin    int     `json:"longest_leg_min"`
	DriveKm          float64 `json:"drive_km"`
	DriveHours       float64 `json:"drive_hours"`
	CO2Kg            float64 `json:"co2_kg"`
	FixedRhythmShare float64 `json:"fixed_rhythm_share"`
	StaffUtilisation float64 `json:"staff_utilisation"`
	// The national plan's people: sessions with a medical assistant on board and the
	// consultation slots they added (beyond what the session's length holds alone),
	// and sessions held by an intern.
	AssistedSessions  int `json:"assisted_sessions"`
	AssistantConsults int `json:"assistant_consultations"`
	InternSessions    int `json:"intern_sessions"`
	// Kept counts, for a plan made from a reference plan, the reference's sessions held
	// again (same bus, site, service, weekday and half-day) of Reference.
	Kept      int           `json:"kept,omitempty"`
	Reference int           `json:"reference_sessions,omitempty"`
	Services  []ServiceKPIs `json:"services"`
	// Search says how the planner found the plan: its objective and how the search
	// ended (nil for plans stored before it was recorded, and for dated changes).
	Search *Search `json:"search,omitempty"`
}

// Search is how a plan was found: the planner's objective, its parts, and how long
// the search ran and why it stopped, so that runs can be compared.
type Search struct {
	Engine string `json:"engine"`
	// Objective is the planner's own score of the plan (larger is better): the sum of
	// its parts, each already weighted (scheduler.Weights).
	Objective float64        `json:"objective"`
	Parts     ObjectiveParts `json:"objective_parts"`
	// Iterations the optimiser ran, in Seconds of a limit of LimitSeconds (0: none)
	// or of IterationLimit iterations (0: none).
	Iterations     int     `json:"iterations"`
	Seconds        float64 `json:"seconds"`
	LimitSeconds   float64 `json:"limit_seconds,omitempty"`
	IterationLimit int     `json:"iteration_limit,omitempty"`
	// Stopped says why the search ended: "time limit", "iteration limit", "converged
	// (…)" with the criterion, or "greedy" for the constructive planner alone.
	Stopped string `json:"stopped"`
}

// ObjectiveParts are the weighted parts of the objective: the care value of the
// consultations booked to need, the people in need newly within reach, the km driven
// (negative), the minutes of long days (negative) and the reference's sessions held
// again.
type ObjectiveParts struct {
	Care      float64 `json:"care"`
	Reach     float64 `json:"reach"`
	Driving   float64 `json:"driving"`
	LongDays  float64 `json:"long_days"`
	Stability float64 `json:"stability"`
}

// Total is the objective: the sum of the parts.
func (o ObjectiveParts) Total() float64 {
	return o.Care + o.Reach + o.Driving + o.LongDays + o.Stability
}
