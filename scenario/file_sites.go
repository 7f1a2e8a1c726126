package scenario

import (
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
	fo.warnCode(t, "insee", c, s.Name)
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
	return s, nil
}

func sitesRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, s := range sc.Sites {
		rows = append(rows, record{"id": s.ID, "insee": s.INSEE, "name": s.Name, "lat": ftoa(s.Point.Lat()), "lon": ftoa(s.Point.Lon()),
			"allowed": s.Allowed.String()})
	}
	return rows
}
