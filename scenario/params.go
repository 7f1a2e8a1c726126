// Package scenario builds planning scenarios: the built-in ones made from the embedded
// French data (france, any region, any department) and the ones read from a folder of
// CSV files, which it can also write. It derives each commune's access indicator and
// need, and chooses candidate sites.
package scenario

// Params drive the built-in scenarios. Every field has a default (Defaults) and can be
// set in configuration; nothing about the default scenario is fixed in code.
type Params struct {
	CycleWeeks int    `mapstructure:"cycle_weeks" yaml:"cycle_weeks"`
	Days       string `mapstructure:"days" yaml:"days"` // e.g. "Mon..Fri"
	AMStart    string `mapstructure:"am_start" yaml:"am_start"`
	AMEnd      string `mapstructure:"am_end" yaml:"am_end"`
	PMStart    string `mapstructure:"pm_start" yaml:"pm_start"`
	PMEnd      string `mapstructure:"pm_end" yaml:"pm_end"`
	ShiftStart string `mapstructure:"shift_start" yaml:"shift_start"`
	ShiftEnd   string `mapstructure:"shift_end" yaml:"shift_end"`
	SetupMin   int    `mapstructure:"setup_min" yaml:"setup_min"`
	// SetupAloneMin is the set-up when the driver does it alone, no assistant on board.
	SetupAloneMin int `mapstructure:"setup_alone_min" yaml:"setup_alone_min"`
	// InternRemote lets interns be supervised by phone by their named supervisor.
	InternRemote  bool `mapstructure:"intern_remote" yaml:"intern_remote"`
	BreakMin      int  `mapstructure:"break_min" yaml:"break_min"`
	MinSessionMin int  `mapstructure:"min_session_min" yaml:"min_session_min"`
	MaxDriveMin   int  `mapstructure:"max_drive_min" yaml:"max_drive_min"`
	// MaxLegMin bounds every one-way drive of a bus-day (0: no bound).
	MaxLegMin int `mapstructure:"max_leg_min" yaml:"max_leg_min"`
	// CatchmentMin is the booking radius: a session books the communes this many road
	// minutes from its site.
	CatchmentMin int `mapstructure:"catchment_min" yaml:"catchment_min"`
	// NeedAccessMin decides who is in need: a commune with no town of TownPopulation
	// inhabitants within this many road minutes (unless an APL is imported).
	NeedAccessMin int    `mapstructure:"need_access_min" yaml:"need_access_min"`
	RhythmWeeks   int    `mapstructure:"rhythm_weeks" yaml:"rhythm_weeks"`
	TimeZone      string `mapstructure:"time_zone" yaml:"time_zone"`
	// DemandOnly restricts need to the communes and services an imported demand file
	// names (rules.csv demand_only); by default the others keep their derived need.
	DemandOnly bool `mapstructure:"demand_only" yaml:"demand_only"`

	// Fleet is the national fleet, split across departments by people in need with the
	// largest remainder method: none where there are none, and at least one bus in a
	// department with FleetMinInNeed people in need or more. A region or department
	// scenario keeps the buses the national split gives its departments.
	Fleet          int `mapstructure:"fleet" yaml:"fleet"`
	FleetMinInNeed int `mapstructure:"fleet_min_in_need" yaml:"fleet_min_in_need"`
	// BaseMinPopulation: a bus is based in a commune of at least this many inhabitants
	// (a proxy for a town that can host a health centre).
	BaseMinPopulation int `mapstructure:"base_min_population" yaml:"base_min_population"`
	// NeighbourBuses: a department with people in need and no bus of its own is served
	// by this many buses nearest its people in need that reach some of them within
	// max_leg_min and catchment_min, across department and region borders (0: only by
	// its region's).
	NeighbourBuses int `mapstructure:"neighbour_buses" yaml:"neighbour_buses"`

	// SiteMinPopulation: communes at least this big are candidate sites, when a commune in
	// need lies within the catchment (a site in a town may be the best parking for the
	// desert next door; it is worth only what it brings to communes in need).
	SiteMinPopulation int `mapstructure:"site_min_population" yaml:"site_min_population"`
	// MarketShare is the share of sites with a market morning (one weekday morning when
	// the square is taken, so the site does not allow it).
	MarketShare float64 `mapstructure:"market_share" yaml:"market_share"`

	// People in need and need. A commune is in need when no commune of TownPopulation
	// inhabitants lies within NeedAccessMin, or, with an imported APL, when its APL
	// is below APLThreshold. Need per cycle is population × rate × days/365 × factor:
	// in need, factor = AccessMin / AccessRefMin clamped to [1, AccessMaxFactor] (with
	// an APL: 1 at the threshold rising linearly to AccessMaxFactor at APL 0); not in
	// need, factor = NotInNeedFactor (0 by default: the buses are not for them).
	TownPopulation  int     `mapstructure:"town_population" yaml:"town_population"`
	AccessRefMin    float64 `mapstructure:"access_ref_min" yaml:"access_ref_min"`
	AccessMaxFactor float64 `mapstructure:"access_max_factor" yaml:"access_max_factor"`
	NotInNeedFactor float64 `mapstructure:"not_in_need_factor" yaml:"not_in_need_factor"`
	APLThreshold    float64 `mapstructure:"apl_threshold" yaml:"apl_threshold"`

	// GP pool of every bus: one GP per entry, with HalfDays available half-days a week
	// (chosen by a seeded draw, so the pool has realistic gaps) and a weekly cap.
	GPHalfDays    []int `mapstructure:"gp_halfdays" yaml:"gp_halfdays"`
	GPMaxSessions []int `mapstructure:"gp_max_sessions" yaml:"gp_max_sessions"`
	// Medical assistants: one per bus, available AssistantHalfDays half-days a week in
	// whole days (a seeded draw of days: they ride the bus from its depot and back), at
	// most AssistantMax sessions a week.
	AssistantHalfDays int `mapstructure:"assistant_halfdays" yaml:"assistant_halfdays"`
	AssistantMax      int `mapstructure:"assistant_max_sessions" yaml:"assistant_max_sessions"`
	// Interns in supervised rural placements: a seeded InternShare of the buses has one,
	// a GP intern available InternHalfDays half-days a week, at most InternMax sessions,
	// supervised by the bus's first GP, placed for Semester ("2026-11-01..2027-04-30";
	// empty: the command fills in the semester of the cycle's start).
	InternShare    float64 `mapstructure:"intern_share" yaml:"intern_share"`
	InternHalfDays int     `mapstructure:"intern_halfdays" yaml:"intern_halfdays"`
	InternMax      int     `mapstructure:"intern_max_sessions" yaml:"intern_max_sessions"`
	Semester       string  `mapstructure:"semester" yaml:"semester"`

	// SpecialistPerBus scales a region's specialists to its fleet for the services
	// without sessions_per_week: each regional professional's weekly cap is the
	// region's buses × SpecialistPerBus, rounded, at least 1 and at most the service's
	// staff_max_sessions.
	SpecialistPerBus float64 `mapstructure:"specialist_sessions_per_bus" yaml:"specialist_sessions_per_bus"`

	Services []ServiceParams `mapstructure:"services" yaml:"services"`
	// Seed makes the drawn availabilities and market days reproducible.
	Seed uint64 `mapstructure:"seed" yaml:"seed"`
}

// ServiceParams describe one service of the built-in scenarios.
type ServiceParams struct {
	ID          string   `mapstructure:"id" yaml:"id"`
	Name        string   `mapstructure:"name" yaml:"name"`
	Roles       []string `mapstructure:"roles" yaml:"roles"`
	Equipment   []string `mapstructure:"equipment" yaml:"equipment"`
	ConsultMin  int      `mapstructure:"consult_min" yaml:"consult_min"`
	RatePerYear float64  `mapstructure:"rate_per_year" yaml:"rate_per_year"`
	// GP services run on every bus with its own GP pool. Regional services are shared
	// within each region. With SessionsPerWeek, the national sessions a week of the
	// service are shared among the regions by their people in need (equal
	// proportions): a region's share is held by as many professionals (role Roles[0],
	// available StaffDays) as StaffMax sessions a week each need, on BusesPerRegion
	// equipped buses per professional. Without it (0), StaffPerRegion professionals
	// work on BusesPerRegion buses, their weekly cap scaled to the region's buses
	// (specialist_sessions_per_bus).
	SessionsPerWeek int    `mapstructure:"sessions_per_week" yaml:"sessions_per_week"`
	Regional        bool   `mapstructure:"regional" yaml:"regional"`
	BusesPerRegion  int    `mapstructure:"buses_per_region" yaml:"buses_per_region"`
	StaffPerRegion  int    `mapstructure:"staff_per_region" yaml:"staff_per_region"`
	StaffDays       string `mapstructure:"staff_days" yaml:"staff_days"`
	StaffMax        int    `mapstructure:"staff_max_sessions" yaml:"staff_max_sessions"`
	// KitRank is the rank, among a region's buses ordered by the people in need of
	// their department, from which the kits go: 0 for the neediest, 2 to leave those to
	// two other services' kits.
	KitRank int `mapstructure:"kit_rank" yaml:"kit_rank"`
	// AssistantExtra is how many more consultations an assistant on board makes room
	// for.
	AssistantExtra int `mapstructure:"assistant_extra" yaml:"assistant_extra"`
	// Tele-consultation: the Remote roles take part from afar; RemotePerRegion
	// specialists per region (with SessionsPerWeek, enough for the region's share at
	// RemoteMax each), available RemoteDays, each serving up to RemoteParallel buses at
	// once and RemoteMax sessions a week.
	Remote          []string `mapstructure:"remote" yaml:"remote"`
	RemotePerRegion int      `mapstructure:"remote_per_region" yaml:"remote_per_region"`
	RemoteDays      string   `mapstructure:"remote_days" yaml:"remote_days"`
	RemoteParallel  int      `mapstructure:"remote_parallel" yaml:"remote_parallel"`
	RemoteMax       int      `mapstructure:"remote_max_sessions" yaml:"remote_max_sessions"`
}

// Defaults returns the parameters of the default scenario described in the spec.
func Defaults() Params {
	return Params{
		CycleWeeks: 2, Days: "Mon..Fri",
		AMStart: "09:00", AMEnd: "12:30", PMStart: "13:30", PMEnd: "17:00",
		ShiftStart: "07:00", ShiftEnd: "19:00",
		SetupMin: 30, SetupAloneMin: 45, InternRemote: true, BreakMin: 30, MinSessionMin: 120, MaxDriveMin: 240, MaxLegMin: 90,
		CatchmentMin: 20, NeedAccessMin: 20, RhythmWeeks: 2, TimeZone: "Europe/Paris",
		Fleet: 100, FleetMinInNeed: 20000, BaseMinPopulation: 2000, NeighbourBuses: 3,
		SiteMinPopulation: 300, MarketShare: 0.3,
		TownPopulation: 5000, AccessRefMin: 20, AccessMaxFactor: 3, NotInNeedFactor: 0, APLThreshold: APLDesert,
		GPHalfDays: []int{6, 6, 4}, GPMaxSessions: []int{5, 5, 3},
		AssistantHalfDays: 8, AssistantMax: 8,
		InternShare: 0.3, InternHalfDays: 6, InternMax: 4,
		SpecialistPerBus: 0.5,
		// The regional services' national sessions a week: enough whole sessions that
		// equal proportions keep every region of 50,000 people in need or more within
		// 0.6 of the best-served one (44 for gynaecology and eye care, of the 13 × 4 that
		// one professional per region could give; 40 for each tele-service).
		Services: []ServiceParams{
			{ID: "gp", Name: "Médecine générale", Roles: []string{"gp"}, ConsultMin: 20, RatePerYear: 1.0, AssistantExtra: 1},
			{ID: "gyn", Name: "Gynécologie et suivi de grossesse (sage-femme)", Roles: []string{"midwife"},
				Equipment: []string{"gyn_chair"}, ConsultMin: 30, RatePerYear: 0.12,
				Regional: true, SessionsPerWeek: 44, BusesPerRegion: 2, StaffPerRegion: 1, StaffDays: "Tue Thu", StaffMax: 4},
			{ID: "eye", Name: "Ophtalmologie (orthoptiste, ophtalmologiste en télé-expertise)", Roles: []string{"orthoptist"},
				Equipment: []string{"eye_kit"}, ConsultMin: 20, RatePerYear: 0.10,
				Regional: true, SessionsPerWeek: 44, BusesPerRegion: 2, StaffPerRegion: 1, StaffDays: "Mon Wed", StaffMax: 4},
			{ID: "derm", Name: "Télé-dermatologie (infirmier·e à bord, dermatologue à distance)", Roles: []string{"nurse"},
				Remote: []string{"dermatologist"}, Equipment: []string{"tele_kit"}, ConsultMin: 20, RatePerYear: 0.05,
				Regional: true, SessionsPerWeek: 40, BusesPerRegion: 2, KitRank: 2, StaffPerRegion: 1, StaffDays: "Tue", StaffMax: 2,
				RemotePerRegion: 1, RemoteDays: "Tue", RemoteParallel: 2, RemoteMax: 4},
			{ID: "cardio", Name: "Télé-cardiologie (infirmier·e à bord, cardiologue à distance)", Roles: []string{"nurse"},
				Remote: []string{"cardiologist"}, Equipment: []string{"tele_kit"}, ConsultMin: 20, RatePerYear: 0.04,
				Regional: true, SessionsPerWeek: 40, BusesPerRegion: 2, KitRank: 2, StaffPerRegion: 1, StaffDays: "Fri", StaffMax: 2,
				RemotePerRegion: 1, RemoteDays: "Fri", RemoteParallel: 2, RemoteMax: 4},
		},
		Seed: 2023,
	}
}
