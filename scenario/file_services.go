package scenario

import (
	"strconv"

	"medibus"
	"medibus/csvtable"
)

// services.csv: what a session offers, one service a row.

var servicesHead = []string{"id", "name", "roles", "equipment", "consult_min", "rate_per_year", "remote", "assistant_extra"}

// readServices reads services.csv; their ids are what demand.csv, pins.csv and
// frequencies.csv name.
func readServices(fo *folder) ([]medibus.Service, error) {
	return readRows(fo, ServicesFile, false, []string{"id", "roles", "consult_min"}, fo.service)
}

// service reads one service: at least one role and a positive consultation length.
func (fo *folder) service(t *csvtable.Reader) (medibus.Service, error) {
	id, err := fo.id(t, "service", "id")
	if err != nil {
		return medibus.Service{}, err
	}
	s := medibus.Service{ID: id, Name: t.Get("name"), Roles: t.List("roles"), Equipment: t.List("equipment"), Remote: t.List("remote")}
	if len(s.Roles) == 0 {
		return s, t.Fail("roles", "service %s needs at least one role on board (gp, midwife…)", id)
	}
	if s.ConsultMin, err = t.Int("consult_min", 0); err != nil {
		return s, err
	}
	if s.ConsultMin <= 0 {
		return s, t.Fail("consult_min", "consultation length must be positive minutes, for example 20")
	}
	if s.RatePerYear, err = t.Float("rate_per_year", 0); err != nil {
		return s, err
	}
	if s.AssistantExtra, err = t.Int("assistant_extra", 0); err != nil {
		return s, err
	}
	if s.AssistantExtra < 0 {
		return s, t.Fail("assistant_extra", "%d: write how many more consultations an assistant on board makes room for, 0 or more", s.AssistantExtra)
	}
	return s, nil
}

func servicesRows(sc *medibus.Scenario) [][]string {
	var rows [][]string
	for _, s := range sc.Services {
		rows = append(rows, []string{s.ID, s.Name, join(s.Roles), join(s.Equipment), strconv.Itoa(s.ConsultMin), ftoa(s.RatePerYear),
			join(s.Remote), strconv.Itoa(s.AssistantExtra)})
	}
	return rows
}
