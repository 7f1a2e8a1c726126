package routing

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"medibus/spatial"
)

func TestOverriddenLegs(t *testing.T) {
	plain, _ := NewGreatCircle(DefaultTravel)
	known := Leg{Km: 30, Min: 20}
	times := Times{{paris, gueret}: known}
	o, err := NewOverridden(plain, times, "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		a, b orb.Point
		want Leg
	}{
		{"a known leg", paris, gueret, known},
		{"not the way back unless given", gueret, paris, plain.Leg(gueret, paris)},
		{"another pair: the model's", paris, lyon, plain.Leg(paris, lyon)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LegBetween(context.Background(), o, tt.a, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("leg %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestOverriddenWithin: a known leg faster than the model's bound brings its end
// within reach (ReachKm widens), and a known slow leg takes a place out of reach.
func TestOverriddenWithin(t *testing.T) {
	plain, _ := NewGreatCircle(DefaultTravel)
	near := orb.Point{gueret[0] + 0.05, gueret[1]} // about 4 km: 5 min by the model
	pts := []orb.Point{lyon, near}
	grid := spatial.NewGrid(pts, 10)
	o, err := NewOverridden(plain, Times{{gueret, lyon}: {Km: 230, Min: 90}, {gueret, near}: {Km: 60, Min: 110}}, "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Within(context.Background(), o, grid, pts, gueret, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Index != 0 || got[0].Leg.Min != 90 {
		t.Errorf("within 100 min of Guéret: %+v, want Lyon only, in 90 min", got)
	}
	if _, err := NewOverridden(plain, Times{{gueret, lyon}: {Km: 230, Min: 0}}, "t.csv"); err == nil {
		t.Error("a leg of 0 min accepted")
	}
}
