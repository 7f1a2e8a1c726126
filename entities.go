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

// Unit is a médicobus: a vehicle with its home depot, equipment, working half-days and
// shift. Its driver is also the medical assistant and is part of the unit, not of Staff.
type Unit struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Depot  string `json:"depot"`
	Region string `json:"region"`
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

// StaffMember is a professional who can be on board: a GP, a midwife, an orthoptist…
type StaffMember struct {
	ID                 string      `json:"id"`
	Name               string      `json:"name"`
	Role               string      `json:"role"`
	Availability       HalfDays    `json:"availability"`
	Units              []string    `json:"units"` // buses they can work on
	MaxSessionsPerWeek int         `json:"max_sessions_per_week"`
	Unavailable        []DateRange `json:"unavailable,omitempty"`
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

// AvailableOn reports whether the member is available on the half-day of date d.
func (s *StaffMember) AvailableOn(d Date, h Half) bool {
	return s.Availability.Has(d.Weekday(), h) && !inRanges(s.Unavailable, d)
}

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
	// RatePerYear is the number of consultations per inhabitant and year that the buses
	// are meant to deliver where access is average (access factor 1).
	RatePerYear float64 `json:"rate_per_year"`
	// Region restricts the service to the communes of one region; empty means everywhere.
	Region string `json:"region,omitempty"`
}

// Site is a candidate place where a bus parks: usually a commune's town-hall square or
// health centre.
type Site struct {
	ID      string    `json:"id"`
	INSEE   string    `json:"insee"`
	Name    string    `json:"name"`
	Point   orb.Point `json:"point"`
	Allowed HalfDays  `json:"allowed"`
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
