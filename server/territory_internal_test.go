package server

import (
	"slices"
	"testing"
)

// TestTerritoryShown: the editor's lists keep what the filter names (accents and case
// ignored), at most so many of each kind, and count the others.
func TestTerritoryShown(t *testing.T) {
	v := &territoryView{
		Units: []busItem{{ID: "bus-1", busBody: busBody{Name: "Médicobus 1"}, BaseName: "Felletin"}, {ID: "bus-2", busBody: busBody{Name: "Médicobus 2"}, BaseName: "Guéret"}},
		Sites: []siteItem{{ID: "s1", siteBody: siteBody{Name: "Place"}, Commune: "Crocq"}, {ID: "s2", Commune: "Gueret"}, {ID: "s3", Commune: "Auzances"}},
		Staff: []proItem{{ID: "pro-1", proBody: proBody{Name: "Dr A", Role: "gp"}}},
	}
	for _, tc := range []struct {
		filter          string
		max             int
		units, sites    []string
		staff           int
		hiddenSites     string
		hiddenUnitsNone bool
	}{
		{"", 10, []string{"bus-1", "bus-2"}, []string{"s1", "s2", "s3"}, 1, "", true},
		{"", 2, []string{"bus-1", "bus-2"}, []string{"s1", "s2"}, 1, "1", true},
		{"GUERET", 10, []string{"bus-2"}, []string{"s2"}, 0, "", true},
		{"médecin", 10, nil, nil, 1, "", true},
	} {
		out, hidden := v.shown(tc.filter, tc.max)
		var units, sites []string
		for _, u := range out.Units {
			units = append(units, u.ID)
		}
		for _, s := range out.Sites {
			sites = append(sites, s.ID)
		}
		if !slices.Equal(units, tc.units) || !slices.Equal(sites, tc.sites) || len(out.Staff) != tc.staff || hidden["Sites"] != tc.hiddenSites || (hidden["Units"] == "") != tc.hiddenUnitsNone {
			t.Errorf("filter %q, max %d: units %v, sites %v, %d staff, hidden %v", tc.filter, tc.max, units, sites, len(out.Staff), hidden)
		}
	}
}
