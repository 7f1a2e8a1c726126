package scenario_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"medibus/csvtable"
	"medibus/lang"
	"medibus/scenario"
)

// TestCodeWarnings: a code in an insee column that is also the postal code of other
// communes, or a site named after another commune, reads with a warning that names
// both communes and the column; a code its name confirms, none.
func TestCodeWarnings(t *testing.T) {
	f := mustFrance(t)
	for _, tc := range []struct {
		name  string
		edits map[string]func(string) string
		want  []string // each in one warning; none wanted when empty
		fr    string
	}{
		{"the export as it is", nil, nil, ""},
		{"a postal code for a site named after the commune it serves", map[string]func(string) string{
			"sites.csv": appendLine(`s-x,23210,"Place de la mairie, Bénévent-l'Abbaye",46.11771,1.6294,Mon,`)},
			[]string{"sites.csv:105: column insee: 23210 is the INSEE code of Saint-Maixant; it is also the postal code of Bénévent-l'Abbaye (23021), Marsac (23124), Mourioux-Vieilleville (23137) and 5 more",
				"the INSEE code of Bénévent-l'Abbaye is 23021"},
			"23210 est le code INSEE de Saint-Maixant ; c'est aussi le code postal de Bénévent-l'Abbaye (23021)"},
		{"a postal code with a figure typed by hand", map[string]func(string) string{
			"demand.csv": func(s string) string {
				return regexp.MustCompile(`\n23210,gp,[^\n]*`).ReplaceAllString(s, "\n23210,gp,12,imported")
			}},
			[]string{"demand.csv:837: column insee: 23210 is the INSEE code of Saint-Maixant; it is also the postal code of Bénévent-l'Abbaye (23021)", "a postal code is not an INSEE code"},
			"vérifiez la colonne insee"},
		{"a site named after another commune", map[string]func(string) string{
			"sites.csv": appendLine(`s-x,23096,"Place de la mairie, Aubusson",45.95,2.17,Mon,`)},
			[]string{`sites.csv:105: column insee: the name "Place de la mairie, Aubusson" names Aubusson (23008), but 23096 is the INSEE code of Guéret`},
			"désigne Aubusson (23008)"},
		{"the code its name confirms", map[string]func(string) string{
			"sites.csv": appendLine(`s-x,23210,"Place de la mairie, Saint-Maixant",45.99872,2.19898,Mon,`)}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFolder(t, tc.edits)
			_, warnings, err := scenario.ReadWithWarnings(context.Background(), dir, scenario.Defaults(), f, gcTravel)
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.want) == 0 {
				if len(warnings) != 0 {
					t.Fatalf("warnings %v, want none", warnings)
				}
				return
			}
			if len(warnings) != 1 {
				t.Fatalf("warnings %v, want one", warnings)
			}
			for _, w := range tc.want {
				if !strings.Contains(warnings[0].Error(), w) {
					t.Errorf("warning %q\nwants %q", warnings[0], w)
				}
			}
			if _, ok := warnings[0].(*csvtable.LineError); !ok {
				t.Errorf("warning %T is not located", warnings[0])
			}
			if fr := lang.Text(warnings[0], lang.French); !strings.Contains(fr, tc.fr) {
				t.Errorf("in French %q\nwants %q", fr, tc.fr)
			}
		})
	}
}
