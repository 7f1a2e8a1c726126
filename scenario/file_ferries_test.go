package scenario

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/routing/coast"
)

func TestReadFerries(t *testing.T) {
	head := "name,from,to,crossing_min,carries_bus,days\n"
	all := medibus.HalfDays(0).With(1, medibus.AM).With(1, medibus.PM)
	mon, _ := medibus.ParseHalfDays("mon")
	read := func(fo *folder) (any, error) { rows := readFerries(fo, all); return rows, fo.err() }
	quiberon, lePalais := orb.Point{-3.12282, 47.48817}, orb.Point{-3.17103, 47.34269}
	checkReader(t, FerriesFile, nil, read, []readerCase{
		{name: "a car ferry on Mondays", content: head + "Quiberon – Le Palais,56186,56152,50,true,mon\n",
			want: []medibus.Ferry{{Name: "Quiberon – Le Palais", From: "56186", To: "56152", FromPoint: quiberon, ToPoint: lePalais,
				CrossingMin: 50, CarriesBus: true, Days: mon}}},
		{name: "a foot ferry every day of the rules", content: head + "Navette,56186,56152,45,false,\n",
			want: []medibus.Ferry{{Name: "Navette", From: "56186", To: "56152", FromPoint: quiberon, ToPoint: lePalais,
				CrossingMin: 45, Days: all}}},
		{name: "no name", content: head + ",56186,56152,50,true,\n", wantErr: "2: column name: empty name"},
		{name: "twice", content: head + "A,56186,56152,50,true,\nA,56186,56152,50,true,\n", wantErr: `3: column name: ferry "A" given twice (first on line 2)`},
		{name: "unknown port", content: head + "A,56186,99999,50,true,\n", wantErr: "2: column to:"},
		{name: "to itself", content: head + "A,56186,56186,50,true,\n", wantErr: "2: column to: the ferry \"A\" sails from 56186 to itself"},
		{name: "no crossing", content: head + "A,56186,56152,,true,\n", wantErr: "2: column crossing_min: empty crossing"},
		{name: "crossing too long", content: head + "A,56186,56152,600,true,\n", wantErr: "2: column crossing_min:"},
		{name: "carries what", content: head + "A,56186,56152,50,maybe,\n", wantErr: `2: column carries_bus: "maybe": write true or false`},
		{name: "bad days", content: head + "A,56186,56152,50,true,someday\n", wantErr: "2: column days:"},
	})
}

// TestFerryDays: on a hand-made coast, a site on an island without a bridge keeps only
// the half-days its car ferry sails; a site on the mainland keeps all of its own, and
// without a ferry that carries the bus nothing is limited.
func TestFerryDays(t *testing.T) {
	r := coast.NewRaster(coast.Frame{Lon0: 0, Lat0: 45, DLon: 0.01, DLat: 0.01, Cols: 60, Rows: 30})
	for y := range 30 {
		for x := range 60 {
			r.SetLand(x, y, x < 30 || x >= 40) // the mainland, a strait, an island
		}
	}
	road, err := routing.NewGreatCircleOnLand(routing.DefaultTravel, coast.New(r, nil))
	if err != nil {
		t.Fatal(err)
	}
	at := func(x int) orb.Point { return orb.Point{float64(x)*0.01 + 0.005, 45.15} }
	week, _ := medibus.ParseHalfDays("Mon..Fri")
	tue, _ := medibus.ParseHalfDays("tue")
	for _, tc := range []struct {
		name        string
		carries     bool
		island, own medibus.HalfDays
	}{
		{"car ferry", true, tue, week},
		{"foot ferry", false, week, week},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &medibus.Scenario{
				Depots:  []medibus.Depot{{ID: "d", Point: at(5)}},
				Sites:   []medibus.Site{{ID: "island", Point: at(50), Allowed: week}, {ID: "shore", Point: at(25), Allowed: week}},
				Ferries: []medibus.Ferry{{Name: "bac", FromPoint: at(29), ToPoint: at(40), CrossingMin: 30, CarriesBus: tc.carries, Days: tue}},
			}
			ferried := routing.WithFerries(road, routing.ScenarioFerries(sc))
			if err := limitToFerryDays(context.Background(), sc, road, ferried); err != nil {
				t.Fatal(err)
			}
			if sc.Sites[0].Allowed != tc.island || sc.Sites[1].Allowed != tc.own {
				t.Errorf("island %s, shore %s; want %s, %s", sc.Sites[0].Allowed, sc.Sites[1].Allowed, tc.island, tc.own)
			}
		})
	}
}
