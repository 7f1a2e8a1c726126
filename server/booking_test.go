package server

import (
	"testing"

	"medibus"
)

// TestBookingFor: a patient is shown the phone and link of the organisation that runs
// the bus; a booking given as a number is a phone; a bus of no organisation, or one
// that gives nothing, shows none.
func TestBookingFor(t *testing.T) {
	sc := &medibus.Scenario{Rules: medibus.Rules{CycleWeeks: 1},
		Organisations: []medibus.Organisation{
			{ID: "both", Name: "MSP de Felletin", Phone: "05 55 66 00 11", Booking: "https://rdv.example/felletin"},
			{ID: "number", Name: "CPTS Sud Creuse", Booking: "+33 5 55 00 00 00"},
			{ID: "none", Name: "MSP de Bourganeuf (fictive)", Synthetic: true},
		},
		Units: []medibus.Unit{{ID: "u-both", Organisation: "both"}, {ID: "u-number", Organisation: "number"},
			{ID: "u-none", Organisation: "none"}, {ID: "u-orphan"}},
	}
	v, err := newPlanView(&medibus.Plan{}, sc, medibus.NewIndex(sc), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		unit string
		want booking
	}{
		{"u-both", booking{Phone: "05 55 66 00 11", Tel: "tel:0555660011", URL: "https://rdv.example/felletin"}},
		{"u-number", booking{Phone: "+33 5 55 00 00 00", Tel: "tel:+33555000000"}},
		{"u-none", booking{}},
		{"u-orphan", booking{}},
		{"u-unknown", booking{}},
	} {
		if got := bookingFor(v.ix, tc.unit); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.unit, got, tc.want)
		}
	}
}
