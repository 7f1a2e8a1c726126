package server

import (
	"testing"

	"medibus"
	"medibus/scheduler"
)

func TestClosureAheadInFrench(t *testing.T) {
	for _, tc := range []struct {
		p    medibus.Period
		want string
	}{
		{medibus.Period{From: "11-01", To: "06-30"}, "fermé du 1er novembre au 30 juin chaque année"},
		{medibus.Period{From: "2027-03-01", To: "2027-03-10"}, "fermé du lundi 1 mars 2027 au mercredi 10 mars 2027"},
		{medibus.Period{}, "fermé toute l'année"},
	} {
		if got := periodFr(tc.p); got != tc.want {
			t.Errorf("periodFr(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
	starts, _ := medibus.ParseDate("2027-11-01")
	ix := medibus.NewIndex(&medibus.Scenario{Units: []medibus.Unit{{ID: "bus-73", Name: "Bus de Bozel"}}})
	got := closureAheadOf(scheduler.ClosureAhead{Closure: medibus.RoadClosure{Name: "Col de l'Iseran", Closed: medibus.Period{From: "11-01", To: "06-30"}},
		Starts: starts, Legs: 1, Units: []string{"bus-73"}}, ix)
	want := "Col de l'Iseran ferme le lundi 1er novembre 2027 (fermé du 1er novembre au 30 juin chaque année) : 1 trajet par cycle de Bus de Bozel le franchit. Préparez un plan pour ces dates et publiez-le pour qu'il prenne effet d'ici là."
	if got.Text != want {
		t.Errorf("text\n got %q\nwant %q", got.Text, want)
	}
}
