package server_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"medibus/workbook"
)

// TestUploadInFrench: a sites file with ten mistakes is refused with all ten, each
// at its file:line and column and in French, and nothing is stored; a good one whose
// insee code is another commune's postal code is taken with a warning in French that
// names both, and the response says where the need comes from.
func TestUploadInFrench(t *testing.T) {
	e := newEnv(t)
	head := "id;insee;name;lat;lon;allowed\n"
	bad := head +
		"s-1;99999;Place;;;lundi\n" +
		"s-2;23096;Place;;;Lundy\n" +
		"s-3;23096;Place;146,2;1,8;lundi matin\n" +
		"s-3;23096;Place;;;mardi\n" +
		"s,4;23096;Place;;;mardi après-midi\n" +
		"s-6;23096;Place;46,1;;mardi\n" +
		"s-7;;Place;;;mardi\n" +
		"s-8;23096;Place;quarante-six;1,8;mardi\n" +
		"s-9;23096;Place;;;lundi..vendrdi\n" +
		"s-10;23096;Pla\tce;;;mardi\n"
	code, out := upload(t, e, "1", "sites", "mes-sites.csv", bad)
	var probs []string
	raw, _ := json.Marshal(out["problems"])
	json.Unmarshal(raw, &probs)
	located := regexp.MustCompile(`^\s*mes-sites\.csv:\d+ : colonne \w+ : `)
	n := 0
	for _, p := range probs {
		if located.MatchString(p) {
			n++
		}
		if regexp.MustCompile(`\b(write|is not|must)\b`).MatchString(p) {
			t.Errorf("English left in %q", p)
		}
	}
	if code != 422 || n != 10 {
		t.Fatalf("bad sites file: %d, %d located problems, want 10:\n%s", code, n, strings.Join(probs, "\n"))
	}
	if _, body := e.do("GET", "/api/scenarios", e.coordinator, ""); strings.Count(body, `"name":"creuse"`) != 1 {
		t.Errorf("a refused file stored a version: %s", body)
	}
	good := head + "s-1;23210;Place de la mairie, Bénévent-l'Abbaye;;;lundi..vendredi\ns-2;23096;Place Bonnyaud, Guéret;;;lundi..vendredi\n"
	code, out = upload(t, e, "1", "sites", "mes-sites.csv", good)
	if code != 201 {
		t.Fatalf("good sites file: %d %v", code, out)
	}
	warnings := toJSON(out["warnings"])
	for _, want := range []string{"mes-sites.csv:2 : colonne insee : 23210 est le code INSEE de Saint-Maixant ; c'est aussi le code postal de Bénévent-l'Abbaye (23021)", "vérifiez la colonne insee"} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings %s\nlack %q", warnings, want)
		}
	}
	if need, _ := out["need"].(string); !strings.HasPrefix(need, "besoin : ") {
		t.Errorf("need %q", out["need"])
	}
}

// TestUploadWorkbook: the desk takes a sites file as a workbook, and places a problem
// at the sheet's row and column.
func TestUploadWorkbook(t *testing.T) {
	e := newEnv(t)
	book := func(rows ...[]any) string {
		sh := workbook.Sheet{Name: "sites"}
		for _, c := range []string{"id", "insee", "name", "lat", "lon", "allowed"} {
			sh.Columns = append(sh.Columns, workbook.Column{Name: c})
		}
		sh.Rows = rows
		var b bytes.Buffer
		if err := workbook.Write(&b, sh); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	code, out := upload(t, e, "1", "sites", "mes-sites.xlsx", book(
		[]any{"s-1", "23176", "Place de la mairie, La Souterraine", 46.2376, 1.4868, "lundi..vendredi"},
		[]any{"s-2", "23096", "Place Bonnyaud, Guéret", nil, nil, "mardi matin, jeudi après-midi"}))
	if code != 201 {
		t.Fatalf("good workbook: %d %v", code, out)
	}
	code, out = upload(t, e, "1", "sites", "mes-sites.xlsx", book(
		[]any{"s-1", "23176", "Place", nil, nil, "lundi"},
		[]any{"s-2", "99999", "Place", nil, nil, "lundi"}))
	if probs := toJSON(out["problems"]); code != 422 || !strings.Contains(probs, "mes-sites.xlsx:3 : colonne insee : code INSEE inconnu") {
		t.Errorf("bad workbook: %d %s", code, probs)
	}
}
