package scenario_test

import (
	"testing"

	"github.com/paulmach/orb"

	"medibus/routing"
	"medibus/scenario"
)

func TestReadTravelTimes(t *testing.T) {
	gueret, ahun := orb.Point{1.87079, 46.16321}, orb.Point{2.0243, 46.08617}
	there, back := [2]orb.Point{gueret, ahun}, [2]orb.Point{ahun, gueret}
	read := func(path string) (any, error) { return scenario.ReadTravelTimes(path) }
	checkImport(t, "times.csv", read, []importCase{
		{name: "one row serves both ways", content: "from,to,minutes,km\n23096,23001,22,19.5\n",
			want: routing.Times{there: {Km: 19.5, Min: 22}, back: {Km: 19.5, Min: 22}}},
		{name: "each way its own", content: "from,to,minutes,km\n23096,23001,22,19.5\n23001,23096,25,21\n",
			want: routing.Times{there: {Km: 19.5, Min: 22}, back: {Km: 21, Min: 25}}},
		{name: "a router's column names", content: "origin,destination,duration_min,distance_km\n23096,23001,22,19.5\n",
			want: routing.Times{there: {Km: 19.5, Min: 22}, back: {Km: 19.5, Min: 22}}},
		{name: "missing column", content: "from,to,minutes\n23096,23001,22\n", errs: []string{`1: missing column "km"`}},
		{name: "unknown commune", content: "from,to,minutes,km\n23096,23999,22,19.5\n",
			errs: []string{`2: column to: unknown INSEE code "23999"`}},
		{name: "to itself", content: "from,to,minutes,km\n23096,23096,5,1\n",
			errs: []string{"2: column to: a leg from 23096 to itself"}},
		{name: "twice", content: "from,to,minutes,km\n23096,23001,22,19.5\n23096,23001,23,19.5\n",
			errs: []string{"3: column to: the leg from 23096 to 23001 given twice (first on line 2)"}},
		{name: "zero minutes", content: "from,to,minutes,km\n23096,23001,0,19.5\n",
			errs: []string{"2: column minutes: minutes is 0"}},
		{name: "hours, not minutes", content: "from,to,minutes,km\n23096,23001,0.4,19.5\n",
			errs: []string{"2: column minutes: 19.5 km in 0.4 min is 2925 km/h on average: write the time in minutes (not hours)"}},
		{name: "metres, not km", content: "from,to,minutes,km\n23096,23001,22,19500\n",
			errs: []string{"2: column km: km 19500 is too large"}},
		{name: "shorter than the crow flies", content: "from,to,minutes,km\n23096,23001,22,5\n",
			errs: []string{"2: column km: 5 km is shorter than the 14.6 km between Guéret and Ahun as the crow flies"}},
		{name: "negative", content: "from,to,minutes,km\n23096,23001,-3,19.5\n",
			errs: []string{"2: column minutes: minutes -3 is negative"}},
		{name: "every problem at once", content: "from,to,minutes,km\n23096,2300,22,x\n23096,23001,1e9,19.5\n",
			errs: []string{`2: column to: unknown INSEE code "2300"`, `2: column km: "x" is not a number`, "3: column minutes: minutes 1e+09 is too large"}},
	})
}

func TestReadTravelTimesMissingFile(t *testing.T) {
	if _, err := scenario.ReadTravelTimes(t.TempDir() + "/none.csv"); err == nil {
		t.Error("a missing file accepted")
	}
}
