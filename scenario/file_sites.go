package scenario

import (
	"medibus"
	"medibus/csvtable"
)

// sites.csv: candidate places where a bus may park, in communes of the territory.

var sitesHead = []string{"id", "insee", "name", "lat", "lon", "allowed"}

// readSites reads sites.csv; each site's commune joins the scenario.
func readSites(fo *folder) ([]medibus.Site, error) {
	return readRows(fo, SitesFile, false, []string{"id", "insee", "allowed"}, fo.site)
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
	if t.Get("lat") == "" && t.Get("lon") == "" {
		s.Point = c.Point
	} else if s.Point, err = pointCols(t); err != nil {
		return s, err
	}
	if s.Allowed, err = halfDaysCol(t, "allowed"); err != nil {
		return s, err
	}
	return s, nil
}

func sitesRows(sc *medibus.Scenario) [][]string {
	var rows [][]string
	for _, s := range sc.Sites {
		rows = append(rows, []string{s.ID, s.INSEE, s.Name, ftoa(s.Point.Lat()), ftoa(s.Point.Lon()), s.Allowed.String()})
	}
	return rows
}
