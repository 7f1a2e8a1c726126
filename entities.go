package medibus

import (
	"github.com/paulmach/orb"
)

// Commune is a French commune: the unit of population, need and coverage.
type Commune struct {
	INSEE       string    `json:"insee"`
	Name        string    `json:"name"`
	Department  string    `json:"department"`
	Region      string    `json:"region"`
	Point       orb.Point `json:"point"` // longitude, latitude (WGS84)
	Population  int       `json:"population"`
	PostalCodes []string  `json:"postal_codes,omitempty"`
	// AccessMin is the access indicator: road minutes to the nearest town of at least
	// 5,000 inhabitants (0 for such a town itself).
	AccessMin float64 `json:"access_min"`
	// APL is the imported DREES indicator (GP consultations accessible per inhabitant
	// per year), nil when none was imported.
	APL *float64 `json:"apl,omitempty"`
	// InNeed marks the communes where care is out of reach: no town of 5,000 within the
	// catchment time, or, with an imported APL, an APL below the threshold. Their
	// residents are the people in need the buses exist for.
	InNeed bool `json:"in_need,omitempty"`
}

// Department is a metropolitan department with its prefecture.
type Department struct {
	Code            string `json:"code"`
	Name            string `json:"name"`
	Region          string `json:"region"`
	RegionName      string `json:"region_name"`
	PrefectureINSEE string `json:"prefecture_insee"`
}

// Depot is where a bus sleeps: a hospital, a health centre, a department town.
type Depot struct {
	ID    string    `json:"id"`
	Name  string    `json:"name"`
	INSEE string    `json:"insee"`
	Point orb.Point `json:"point"`
}

// Organisation is who owns and runs buses: a health centre (MSP), a territorial
// community of health professionals (CPTS), a hospital or a department service. Its
// coordinators plan and publish its buses; patients book through it.
type Organisation struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is "msp", "cpts", "hospital" or "department".
	Kind string `json:"kind"`
	// Depot is the organisation's base, where its buses sleep unless their own depot
	// says otherwise.
	Depot  string `json:"depot"`
	Region string `json:"region"`
	// Phone and Booking tell patients how to book: a number and a link (either may be
	// empty).
	Phone   string `json:"phone,omitempty"`
	Booking string `json:"booking,omitempty"`
	// Synthetic marks organisations invented by the built-in scenarios.
	Synthetic bool `json:"synthetic,omitempty"`
}

// Organisation kinds.
const (
	KindMSP        = "msp"
	KindCPTS       = "cpts"
	KindHospital   = "hospital"
	KindDepartment = "department"
)

// RoleAssistant is the role of medical assistants: on board with a professional, they
// take set-up and paperwork off the driver and let a doctor see more patients.
const RoleAssistant = "assistant"

// Unit is a médicobus: a vehicle with its home depot, equipment, working half-days and
// shift. Its driver is part of the unit, not of Staff; medical assistants are staff.
type Unit struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Depot  string `json:"depot"`
	Region string `json:"region"`
	// Organisation owns the bus (an Organisation's ID); empty for none.
	Organisation string `json:"organisation,omitempty"`
	// Area lists the departments whose sites the bus serves; empty means any site it
	// can reach.
	Area        []string    `json:"area,omitempty"`
	Equipment   []string    `json:"equipment"`
	Days        HalfDays    `json:"days"`
	ShiftStart  Clock       `json:"shift_start"`
	ShiftEnd    Clock       `json:"shift_end"`
	MaxDriveMin int         `json:"max_drive_min"`
	Driver      string      `json:"driver,omitempty"`
	Unavailable []DateRange `json:"unavailable,omitempty"`
	// Why says why the bus is based where it is (built-in scenarios), for the people
	// who read the plan.
	Why string `json:"why,omitempty"`
}

// HasEquipment reports whether the unit carries every item of need.
func (u *Unit) HasEquipment(need []string) bool {
	for _, n := range need {
		found := false
		for _, e := range u.Equipment {
			if e == n {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// AvailableOn reports whether the unit works on the half-day of date d.
func (u *Unit) AvailableOn(d Date, h Half) bool {
	return u.Days.Has(d.Weekday(), h) && !inRanges(u.Unavailable, d)
}

// StaffMember is a professional who can be on board: a GP, a midwife, an orthoptist, a
// medical assistant… or who works remotely with those on board (a tele-consultation
// specialist).
type StaffMember struct {
	ID                 string      `json:"id"`
	Name               string      `json:"name"`
	Role               string      `json:"role"`
	Availability       HalfDays    `json:"availability"`
	Units              []string    `json:"units"` // buses they can work on (or serve remotely)
	MaxSessionsPerWeek int         `json:"max_sessions_per_week"`
	Unavailable        []DateRange `json:"unavailable,omitempty"`
	// Intern marks a doctor in a supervised rural placement: they hold a session only
	// with a senior of their role on the same bus that half-day, or with Supervisor
	// reachable by phone (available, and on no session, that half-day).
	Intern     bool   `json:"intern,omitempty"`
	Supervisor string `json:"supervisor,omitempty"`
	// Placement is when an intern's placement runs (the semester); nil for no bound.
	Placement *DateRange `json:"placement,omitempty"`
	// MaxParallel bounds how many buses a remote specialist serves in the same
	// half-day (0: one).
	MaxParallel int `json:"max_parallel,omitempty"`
}

// CanWorkOn reports whether the member may be on board unit u.
func (s *StaffMember) CanWorkOn(unit string) bool {
	for _, u := range s.Units {
		if u == unit {
			return true
		}
	}
	return false
}

// AvailableOn reports whether the member is available on the half-day of date d:
// within their week, not away, and within their placement when they have one.
func (s *StaffMember) AvailableOn(d Date, h Half) bool {
	return s.Availability.Has(d.Weekday(), h) && !inRanges(s.Unavailable, d) &&
		(s.Placement == nil || s.Placement.Contains(d))
}

// Parallel is how many sessions a remote specialist can serve in one half-day.
func (s *StaffMember) Parallel() int { return max(1, s.MaxParallel) }

func inRanges(rs []DateRange, d Date) bool {
	for _, r := range rs {
		if r.Contains(d) {
			return true
		}
	}
	return false
}

// Service is what a session offers: the roles it needs on board, the equipment it needs
// on the bus, the length of one consultation and the rate that turns population into need.
type Service struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Roles      []string `json:"roles"`
	Equipment  []string `json:"equipment"`
	ConsultMin int      `json:"consult_min"`
	// Remote lists the roles that take part from afar (tele-consultation): a remote
	// specialist for each, available that half-day, within their parallel cap.
	Remote []string `json:"remote,omitempty"`
	// AssistantExtra is how many more consultations a session holds when a medical
	// assistant is on board.
	AssistantExtra int `json:"assistant_extra,omitempty"`
	// RatePerYear is the number of consultations per inhabitant and year that the buses
	// are meant to deliver where access is average (access factor 1).
	RatePerYear float64 `json:"rate_per_year"`
	// Region restricts the service to the communes of one region; empty means everywhere.
	Region string `json:"region,omitempty"`
}

// Capacity is the consultations a session of the service from start to end holds: one
// per consultation length, and AssistantExtra more with an assistant on board.
func (s *Service) Capacity(start, end Clock, assisted bool) int {
	if s.ConsultMin <= 0 {
		return 0
	}
	n := int(end-start) / s.ConsultMin
	if assisted {
		n += s.AssistantExtra
	}
	return n
}

// Site is a candidate place where a bus parks: usually a commune's town-hall square or
// health centre.
type Site struct {
	ID      string    `json:"id"`
	INSEE   string    `json:"insee"`
	Name    string    `json:"name"`
	Point   orb.Point `json:"point"`
	Allowed HalfDays  `json:"allowed"`
	// PerWeek is how many regular half-days a week the site may host one service on
	// (a commune that welcomes the bus on Tuesday mornings and Thursday afternoons has
	// 2); 0 means 1. Each comes back on the same weekday and half-day.
	PerWeek int `json:"per_week,omitempty"`
}

// HalfDaysPerWeek is s.PerWeek, at least 1.
func (s *Site) HalfDaysPerWeek() int { return max(s.PerWeek, 1) }

// Ferry is a crossing declared in a scenario between two ports (communes): the way to
// an island without a bridge, or across an estuary. A leg over it counts CrossingMin
// minutes on the water; only a ferry that CarriesBus takes a bus, and only on Days.
type Ferry struct {
	Name        string    `json:"name"`
	From        string    `json:"from"` // INSEE code of the port on one side
	To          string    `json:"to"`   // and on the other
	FromPoint   orb.Point `json:"from_point"`
	ToPoint     orb.Point `json:"to_point"`
	CrossingMin int       `json:"crossing_min"`
	CarriesBus  bool      `json:"carries_bus"`
	Days        HalfDays  `json:"days"` // the half-days a bus can cross
}

// Demand is the need for a service in a commune over one cycle, in consultations.
type Demand struct {
	INSEE   string  `json:"insee"`
	Service string  `json:"service"`
	Need    float64 `json:"need"`
	// Source says where the figure comes from: "derived" (population × rate × access
	// factor) or "imported" (a coordinator's CSV).
	Source string `json:"source"`
}
