package server

import (
	"strings"
	"testing"

	"medibus/territory"
)

// TestSearchForgives: people type « St » for « Saint », drop accents and hyphens, and
// type postal codes of places medibus does not serve; each gets the commune or a
// sentence saying why not.
func TestSearchForgives(t *testing.T) {
	fr, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	ix := newCommuneIndex(fr.Communes)
	tests := []struct {
		q, first, notFound string
	}{
		{"St Sébastien", "23239", ""},
		{"st sebastien", "23239", ""},
		{"ST-SEBASTIEN", "23239", ""},
		{"Ste Feyre", "23193", ""},
		{"sainte-feyre", "23193", ""},
		{"97100", "", "la Guadeloupe"},
		{"97400", "", "La Réunion"},
		{"98000", "", "Monaco"},
		{"99999", "", "Aucune commune de France métropolitaine n'a le code postal 99999"},
		{"Xyzzy", "", "Aucune commune ne s'appelle « Xyzzy »"},
	}
	for _, tc := range tests {
		got := ix.find(tc.q, 20)
		switch {
		case tc.first != "" && (len(got) == 0 || got[0].INSEE != tc.first):
			t.Errorf("%q: found %d communes, first %v; want %s first", tc.q, len(got), got, tc.first)
		case tc.first == "" && len(got) != 0:
			t.Errorf("%q: found %v, want none", tc.q, got[0].Name)
		case tc.notFound != "" && !strings.Contains(notFound(tc.q), tc.notFound):
			t.Errorf("%q: says %q, want %q", tc.q, notFound(tc.q), tc.notFound)
		}
	}
}
