package scenario

import (
	"context"
	"testing"

	"medibus"
	"medibus/routing"
	"medibus/routing/coast"
)

// TestVanoiseClosedInWinter: with the built-in closures, the Iseran closed in winter
// sends Fourneaux → Tignes round by Albertville; in summer it goes over the pass; the
// Vanoise is never crossed on foot by a bus (Val-Cenis → Champagny-en-Vanoise).
func TestVanoiseClosedInWinter(t *testing.T) {
	f := testFrance(t)
	land, err := coast.France()
	if err != nil {
		t.Fatal(err)
	}
	open, err := routing.NewGreatCircleOnLand(routing.DefaultTravel, land)
	if err != nil {
		t.Fatal(err)
	}
	var savoie []medibus.Commune
	at := map[string]medibus.Commune{}
	for _, c := range f.Communes {
		if c.Department == "73" {
			savoie = append(savoie, c)
			at[c.INSEE] = c
		}
	}
	all, err := builtinRoadClosures(f, savoie)
	if err != nil || len(all) != 7 {
		t.Fatalf("built-in closures near Savoie: %d, %v; want 7", len(all), err)
	}
	if far, _ := builtinRoadClosures(f, []medibus.Commune{{Point: [2]float64{2.0, 46.1}}}); len(far) != 0 {
		t.Errorf("the Creuse gets %d mountain closures, want none", len(far))
	}
	winter, _ := medibus.ParseDate("2027-01-04")
	summer, _ := medibus.ParseDate("2027-07-05")
	june, _ := medibus.ParseDate("2027-06-21") // the Iseran still closed on the cycle's first days, the Madeleine open
	model := func(start medibus.Date) routing.Model {
		m, ok := routing.Closed(open, medibus.InForce(all, start, 14))
		if !ok {
			t.Fatal("the land model takes closures")
		}
		return m
	}
	leg := func(m routing.Model, a, b string) float64 {
		l, err := routing.LegBetween(context.Background(), m, at[a].Point, at[b].Point)
		if err != nil {
			t.Fatal(err)
		}
		return l.Min
	}
	const fourneaux, tignes, valCenis, champagny, bonneval, valDIsere = "73117", "73296", "73290", "73071", "73047", "73304"
	tests := []struct {
		name     string
		start    medibus.Date
		a, b     string
		min, max float64
	}{
		{"Fourneaux → Tignes, the Iseran closed", winter, fourneaux, tignes, 120, 200},
		{"Fourneaux → Tignes by the Madeleine, the Iseran closed on the cycle's first days", june, fourneaux, tignes, 90, 119},
		{"Fourneaux → Tignes over the Iseran", summer, fourneaux, tignes, 55, 110},
		{"Bonneval → Val-d'Isère over the Iseran", summer, bonneval, valDIsere, 3, 30},
		{"Bonneval → Val-d'Isère, the Iseran closed", winter, bonneval, valDIsere, 150, routing.UnreachableMin},
		{"Val-Cenis → Champagny, no road across the Vanoise", summer, valCenis, champagny, 45, routing.UnreachableMin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := model(tt.start)
			got := leg(m, tt.a, tt.b)
			t.Logf("%.0f min (open land %.0f)", got, leg(open, tt.a, tt.b))
			if got < tt.min || got > tt.max {
				t.Errorf("%.0f min, want %.0f to %.0f (open land: %.0f min)", got, tt.min, tt.max, leg(open, tt.a, tt.b))
			}
			if back, there := leg(m, tt.b, tt.a), leg(m, tt.a, tt.b); back != there {
				t.Errorf("%.1f min back, %.1f there", back, there)
			}
		})
	}
	// Flat as the model is, the open land goes straight across (the 54 min).
	if got := leg(open, fourneaux, tignes); got > 60 {
		t.Errorf("open land Fourneaux → Tignes %.0f min: the comparison above means nothing", got)
	}
}
