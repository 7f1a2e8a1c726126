package scenario

import (
	"strconv"

	"medibus"
	"medibus/csvtable"
)

// services.csv: what a session offers, one service a row.

var servicesFile = fileSpec{
	name: ServicesFile,
	columns: []column{
		{name: "id", required: true},
		{name: "name"},
		{name: "roles", required: true},
		{name: "equipment"},
		{name: "consult_min", required: true},
		{name: "rate_per_year"},
		{name: "remote"},
		{name: "assistant_extra"},
	},
	kind: "service", rowsOf: "service", maxRows: 100,
}

// maxRatePerYear bounds a service's yearly consultations per inhabitant: France's GPs
// give about 4.
const maxRatePerYear = 50

// readServices reads services.csv; their ids are what demand.csv, pins.csv and
// frequencies.csv name.
func readServices(fo *folder) []medibus.Service {
	return readRows(fo, &servicesFile, fo.service)
}

// service reads one service: at least one role, a consultation length and a rate
// within bounds.
func (fo *folder) service(t *csvtable.Reader) (medibus.Service, error) {
	id, err := fo.id(t, "service", "id")
	if err != nil {
		return medibus.Service{}, err
	}
	s := medibus.Service{ID: id, Name: t.Get("name")}
	if s.Roles, err = listCol(t, "roles", "role"); err != nil {
		return s, err
	}
	if len(s.Roles) == 0 {
		return s, t.Fail("roles", "service %s needs at least one role on board (gp, midwife…)", id)
	}
	if s.Equipment, err = listCol(t, "equipment", "equipment item"); err != nil {
		return s, err
	}
	if s.ConsultMin, err = intCol(t, "consult_min", 1, 240, "minutes, for example 20", 0); err != nil {
		return s, err
	}
	if s.ConsultMin <= 0 {
		return s, t.Fail("consult_min", "consultation length must be positive minutes, for example 20")
	}
	if s.RatePerYear, err = boundedCol(t, "rate_per_year", "rate", "consultations per inhabitant and year", maxRatePerYear); err != nil {
		return s, err
	}
	if s.Remote, err = listCol(t, "remote", "remote role"); err != nil {
		return s, err
	}
	if s.AssistantExtra, err = intCol(t, "assistant_extra", 0, 20, "more consultations with an assistant on board", 0); err != nil {
		return s, err
	}
	return s, nil
}

func servicesRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, s := range sc.Services {
		rows = append(rows, record{"id": s.ID, "name": s.Name, "roles": join(s.Roles), "equipment": join(s.Equipment),
			"consult_min": strconv.Itoa(s.ConsultMin), "rate_per_year": ftoa(s.RatePerYear),
			"remote": join(s.Remote), "assistant_extra": strconv.Itoa(s.AssistantExtra)})
	}
	return rows
}
