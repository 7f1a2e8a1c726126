package vrp

import "testing"

func TestCheckRejects(t *testing.T) {
	p := lineProblem([]float64{10, 20}, 2)
	p.Jobs[1].Windows = []TimeWindow{{0, 15}}
	good := func() *Solution {
		return &Solution{Routes: []Route{
			{Vehicle: 0, Jobs: []int{0}, Starts: []float64{10}, Arrival: 20, BreakAfter: -1, Distance: 20},
			{Vehicle: 1, Jobs: []int{1}, Starts: []float64{15}, Departure: 0, Arrival: 35, BreakAfter: -1, Distance: 40},
		}, Unassigned: []int{}}
	}
	if err := Check(p, good()); err == nil {
		t.Fatal("job b reached at 20 after its window [0,15] was accepted")
	}
	p.Jobs[1].Windows = []TimeWindow{{0, 25}}
	tests := []struct {
		name   string
		break_ func(s *Solution)
	}{
		{"ok", func(s *Solution) {}},
		{"twice", func(s *Solution) { s.Routes[1].Jobs = []int{0}; s.Routes[1].Starts = []float64{10} }},
		{"missing", func(s *Solution) { s.Routes = s.Routes[:1] }},
		{"capacity", func(s *Solution) { p.Jobs[0].Demand = []float64{101} }},
		{"distance", func(s *Solution) { s.Routes[0].Distance = 19 }},
		{"too early", func(s *Solution) { s.Routes[1].Starts[0] = 19 }},
		{"same vehicle", func(s *Solution) { s.Routes[1].Vehicle = 0 }},
		{"skills", func(s *Solution) { p.Jobs[0].Skills = []string{"ultrasound"} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p.Jobs[0].Demand, p.Jobs[0].Skills = []float64{1}, nil
			s := good()
			s.Routes[1].Starts[0] = 20
			s.Routes[1].Arrival = 40
			tc.break_(s)
			err := Check(p, s)
			if (err == nil) != (tc.name == "ok") {
				t.Fatalf("Check = %v", err)
			}
		})
	}
}
