package server

import (
	"strings"
	"testing"

	"medibus"
)

// TestDriverSheetNamesFerry: a stop reached over a ferry says so on the driver's
// sheet, the crossing counted in the leg's minutes; a stop by road does not.
func TestDriverSheetNamesFerry(t *testing.T) {
	p, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	ix := medibus.NewIndex(&medibus.Scenario{Sites: []medibus.Site{{ID: "s-56152", INSEE: "56152", Name: "Le Palais"}}})
	for _, tc := range []struct {
		ferry, want string
	}{
		{"Quiberon – Le Palais", "traversée comprise par le bac « Quiberon – Le Palais »"},
		{"", ""},
	} {
		se := &medibus.Session{Unit: "bus-56", Site: "s-56152", Arrive: 600, Start: 630, End: 720, Depart: 730,
			DriveKmFromPrevious: 12, DriveMinFromPrevious: 65, Ferry: tc.ferry}
		st := sessionStop(ix, se, "")
		st.N = 1
		b, err := p.render("driver-day.html", &daySheet{Unit: &medibus.Unit{ID: "bus-56"}, Depot: &medibus.Depot{}, Stops: []dayStop{st}})
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Contains(string(b), "traversée comprise")
		if tc.want != "" && !strings.Contains(string(b), tc.want) || tc.want == "" && got {
			t.Errorf("ferry %q: the sheet says %v, want %q", tc.ferry, got, tc.want)
		}
	}
}
