package scenario

import (
	"medibus"
	"medibus/csvtable"
)

// depots.csv: id,name,insee,lat,lon, one depot a row.

var depotsHead = []string{"id", "name", "insee", "lat", "lon"}

// readDepots reads depots.csv; their ids are what units.csv names.
func readDepots(fo *folder) ([]medibus.Depot, error) {
	return readRows(fo, DepotsFile, false, depotsHead, func(t *csvtable.Reader) (medibus.Depot, error) {
		id, err := fo.id(t, "depot", "id")
		if err != nil {
			return medibus.Depot{}, err
		}
		pt, err := pointCols(t)
		if err != nil {
			return medibus.Depot{}, err
		}
		return medibus.Depot{ID: id, Name: t.Get("name"), INSEE: t.Get("insee"), Point: pt}, nil
	})
}

func depotsRows(sc *medibus.Scenario) [][]string {
	var rows [][]string
	for _, d := range sc.Depots {
		rows = append(rows, []string{d.ID, d.Name, d.INSEE, ftoa(d.Point.Lat()), ftoa(d.Point.Lon())})
	}
	return rows
}
