package scenario

import (
	"medibus"
	"medibus/csvtable"
)

// depots.csv: id,name,insee,lat,lon, one depot a row.

var depotsFile = fileSpec{
	name: DepotsFile,
	columns: []column{
		{name: "id", required: true},
		{name: "name"},
		{name: "insee", required: true},
		{name: "lat"},
		{name: "lon"},
	},
	kind: "depot", rowsOf: "depot", maxRows: 10000,
}

// readDepots reads depots.csv; their ids are what units.csv names. A depot lies in a
// commune of the territory; empty lat and lon put it at the commune's point.
func readDepots(fo *folder) []medibus.Depot {
	return readRows(fo, &depotsFile, func(t *csvtable.Reader) (medibus.Depot, error) {
		id, err := fo.id(t, "depot", "id")
		if err != nil {
			return medibus.Depot{}, err
		}
		d := medibus.Depot{ID: id, Name: t.Get("name"), INSEE: t.Get("insee")}
		c, err := fo.known(t, "insee", d.INSEE)
		if err != nil {
			return d, err
		}
		fo.warnCode(t, "insee", c, d.Name)
		pt, given, err := pointCols(t)
		if err != nil {
			return d, err
		}
		d.Point = c.Point
		if given {
			d.Point = pt
		}
		return d, nil
	})
}

func depotsRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, d := range sc.Depots {
		rows = append(rows, record{"id": d.ID, "name": d.Name, "insee": d.INSEE, "lat": ftoa(d.Point.Lat()), "lon": ftoa(d.Point.Lon())})
	}
	return rows
}
