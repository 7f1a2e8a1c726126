package scenario

import (
	"strconv"

	"medibus"
	"medibus/csvtable"
)

// sites.csv: candidate places where a bus may park, in communes of the territory.

var sitesFile = fileSpec{
	name: SitesFile,
	columns: []column{
		{name: "id", required: true},
		{name: "insee", required: true},
		{name: "name"},
		{name: "lat"},
		{name: "lon"},
		{name: "allowed", required: true},
		{name: "per_week"},
	},
	// France's built-in scenario has 14,201 sites: a site in each of its communes and
	// a few more is far below the bound.
	kind: "site", rowsOf: "candidate site", maxRows: 100000,
}

// readSites reads sites.csv; each site's commune joins the scenario.
func readSites(fo *folder) []medibus.Site {
	return readRows(fo, &sitesFile, fo.site)
}

// site reads one site; empty lat and lon put it at its commune's point.
func (fo *folder) site(t *csvtable.Reader) (medibus.Site, error) {
	id, err := fo.id(t, "site", "id")
	if err != nil {
		return medibus.Site{}, err
	}
	s := medibus.Site{ID: id, INSEE: t.Get("insee"), Name: t.Get("name")}
	c, err := fo.commune(t, "insee", s.INSEE)
	if err != nil {
		return s, err
	}
	pt, given, err := pointCols(t)
	if err != nil {
		return s, err
	}
	s.Point = c.Point
	if given {
		s.Point = pt
	}
	if s.Allowed, err = halfDaysCol(t, "allowed"); err != nil {
		return s, err
	}
	if s.PerWeek, err = intCol(t, "per_week", 1, 10, "regular half-days a week for one service", 0); err != nil {
		return s, err
	}
	if s.PerWeek > s.Allowed.Count() {
		return s, t.Fail("per_week", "%d regular half-days a week, but allowed names only %d: add half-days to allowed or lower per_week", s.PerWeek, s.Allowed.Count())
	}
	return s, nil
}

func sitesRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, s := range sc.Sites {
		perWeek := "" // the default, 1
		if s.PerWeek > 0 {
			perWeek = strconv.Itoa(s.PerWeek)
		}
		rows = append(rows, record{"id": s.ID, "insee": s.INSEE, "name": s.Name, "lat": ftoa(s.Point.Lat()), "lon": ftoa(s.Point.Lon()),
			"allowed": s.Allowed.String(), "per_week": perWeek})
	}
	return rows
}
