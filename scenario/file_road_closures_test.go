package scenario

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
)

func TestReadRoadClosures(t *testing.T) {
	head := "name,lon,lat,from,to,reference\n"
	read := func(fo *folder) (any, error) { rows := readRoadClosures(fo); return rows, fo.err() }
	winter := medibus.Period{From: "11-01", To: "06-30"}
	checkReader(t, RoadClosuresFile, nil, read, []readerCase{
		{name: "a pass closed every winter", content: head + "Col de l'Iseran,6.99,45.414,01/11,30/06,RD 902\nCol de l'Iseran,7.07,45.42,,,\n",
			want: []medibus.RoadClosure{{Name: "Col de l'Iseran", Line: orb.LineString{{6.99, 45.414}, {7.07, 45.42}}, Closed: winter, Source: "RD 902"}}},
		{name: "French: semicolons and decimal commas, dates repeated", content: "name;lon;lat;from;to;reference\nCol;6,99;45,414;01/11;30/06;\nCol;7,07;45,42;01/11;30/06;\n",
			want: []medibus.RoadClosure{{Name: "Col", Line: orb.LineString{{6.99, 45.414}, {7.07, 45.42}}, Closed: winter}}},
		{name: "a massif, always, and works on dates", content: head + "Massif,6.4,45.4,,,\nMassif,6.5,45.3,,,\nMassif,6.6,45.3,,,\nPont,-1.2,46.1,2027-03-01,2027-03-10,\nPont,-1.3,46.2,,,\n",
			want: []medibus.RoadClosure{
				{Name: "Massif", Line: orb.LineString{{6.4, 45.4}, {6.5, 45.3}, {6.6, 45.3}}},
				{Name: "Pont", Line: orb.LineString{{-1.2, 46.1}, {-1.3, 46.2}}, Closed: medibus.Period{From: "2027-03-01", To: "2027-03-10"}},
			}},
		{name: "no name", content: head + ",6.99,45.414,,,\n", wantErr: "2: column name: empty name"},
		{name: "one point", content: head + "Col,6.99,45.414,,,\n", wantErr: `2: column lon: closure "Col" has one point`},
		{name: "points apart", content: head + "Col,6.99,45.414,,,\nAutre,6.9,45.4,,,\nAutre,6.8,45.4,,,\nCol,7.07,45.42,,,\n", wantErr: `5: column name: closure "Col" began on line 2`},
		{name: "swapped", content: head + "Col,45.414,6.99,,,\nCol,45.42,7.07,,,\n", wantErr: "2: column lon: lon 45.414 is outside metropolitan France"},
		{name: "no lat", content: head + "Col,6.99,,,,\n", wantErr: "2: column lat: empty lat"},
		{name: "not a number", content: head + "Col,six,45.4,,,\n", wantErr: `2: column lon: "six" is not a number`},
		{name: "one end", content: head + "Col,6.99,45.414,01/11,,\nCol,7.07,45.42,,,\n", wantErr: "2: column from: closed from \"01/11\" to \"\": write both ends"},
		{name: "other dates later", content: head + "Col,6.99,45.414,01/11,30/06,\nCol,7.07,45.42,01/12,30/06,\n", wantErr: "3: column from: closure \"Col\" is closed from 11-01 to 06-30 every year on line 2"},
		{name: "a month name", content: head + "Col,6.99,45.414,novembre,juin,\nCol,7.07,45.42,,,\n", wantErr: `2: column from: closed "novembre": write a date`},
		{name: "too long", content: head + "Col,2.0,45.0,,,\nCol,8.0,45.0,,,\n", wantErr: `2: column lon: closure "Col" is 472 km long`},
	})
}

// TestRoadClosureBadRowOnce: a closure whose first row is wrong is reported there,
// once; its next row is not read as a closure of its own « with one point ».
func TestRoadClosureBadRowOnce(t *testing.T) {
	fo := folderWith(t, RoadClosuresFile, "name,lon,lat,from,to,reference\nCol,45.414,6.99,,,\nCol,7.07,45.42,,,\nAutre,6.9,45.4,,,\nAutre,6.8,45.4,,,\n", nil)
	got := readRoadClosures(fo)
	err := fo.err()
	if err == nil || strings.Count(err.Error(), "road_closures.csv:") != 1 || !strings.Contains(err.Error(), "road_closures.csv:2: column lon") {
		t.Errorf("problems: %v; want one, at line 2", err)
	}
	if len(got) != 1 || got[0].Name != "Autre" {
		t.Errorf("closures read: %+v, want Autre alone", got)
	}
}
