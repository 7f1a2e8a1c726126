package territory_test

import (
	"testing"

	"medibus/territory"
)

func TestDe(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Albertacce", "d'Albertacce"}, {"Guéret", "de Guéret"}, {"Évaux-les-Bains", "d'Évaux-les-Bains"},
		{"Le Havre", "du Havre"}, {"Les Mées", "des Mées"}, {"La Souterraine", "de La Souterraine"},
		{"Ussel", "d'Ussel"}, {"Yssingeaux", "d'Yssingeaux"}, {"Hagondange", "de Hagondange"}, {"Aubusson", "d'Aubusson"},
	} {
		if got := territory.De(tc.name); got != tc.want {
			t.Errorf("De(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
