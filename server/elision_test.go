package server_test

import (
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"
)

// elidable finds « de » or « que » before a word that begins with a vowel or a mute h,
// where French writes « d' » or « qu' »: « impossible de épingler », « de Ain ».
var elidable = regexp.MustCompile(`(?i)(?:^|[^\p{L}'’])((?:de|que) ([aeiouyéèêàâîôûh]\p{L}*))`)

// elisionAllowed are the words before which French keeps « de »: an aspirated h, a y
// sounded as a consonant.
var elisionAllowed = map[string]bool{
	"haut": true, "hauts": true, "haute": true, "hautes": true, "hauteur": true, "hors": true, "handicap": true,
	"hasard": true, "halte": true, "hameau": true, "hameaux": true, "hall": true, "honte": true, "yaourt": true,
}

// unelided lists the unelided « de »/« que » of text.
func unelided(text string) []string {
	var out []string
	for _, m := range elidable.FindAllStringSubmatch(text, -1) {
		word := strings.ToLower(strings.Fields(m[2])[0])
		if !elisionAllowed[word] {
			out = append(out, m[1])
		}
	}
	return out
}

func TestUnelided(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"impossible de épingler ou déplacer une séance", 1},
		{"impossible d'épingler ou déplacer une séance", 0},
		{"le département de Ain", 1},
		{"le département de l'Ain, de la Creuse", 0},
		{"plus de hauteur, de hasard", 0},
		{"il faut que on", 1},
		{"pour que la séance tienne, de 9 h", 0},
		{"Découvrez", 0},
	} {
		if got := unelided(tc.text); len(got) != tc.want {
			t.Errorf("unelided(%q) = %q, want %d", tc.text, got, tc.want)
		}
	}
}

// TestDeskElision reads what the desk writes: its page for a national, a regional and
// an organisation's coordinator, its scripts, and the answers its actions get (the
// plan with its buses, why half-days stay empty, the sites, refusals of a coordinator
// out of scope), and finds no « de » or « que » French would elide.
func TestDeskElision(t *testing.T) {
	e := newEnv(t)
	outsider := e.scopedToken("org-none", "")
	regional := e.scopedToken("", "75")
	date, half := sessionOf(t, e, "1", "bus-23")
	texts := map[string]string{}
	for _, tc := range []struct{ name, method, path, token, body string }{
		{"page", "GET", "/plan", e.coordinator, ""},
		{"page of a region", "GET", "/plan", regional, ""},
		{"page of an organisation", "GET", "/plan", outsider, ""},
		{"plan", "GET", "/api/plans/1", outsider, ""},
		{"idle", "GET", "/api/plans/1/idle", e.coordinator, ""},
		{"sites", "GET", "/api/plans/1/sites?unit=bus-23", e.coordinator, ""},
		{"pin out of scope", "POST", "/api/plans/1/pins", outsider, fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q}`, date, half)},
		{"unpin out of scope", "DELETE", fmt.Sprintf("/api/plans/1/pins/bus-23/%s/%s", date, half), outsider, ""},
		{"publish out of scope", "POST", "/api/plans/1/publish", outsider, ""},
		{"re-optimise out of scope", "POST", "/api/plans/1/reoptimise", outsider, ""},
		{"run out of scope", "POST", "/api/runs", outsider, `{"scenario_id":1}`},
	} {
		res, body := e.do(tc.method, tc.path, tc.token, tc.body)
		if res.StatusCode >= 500 {
			t.Fatalf("%s: %d %s", tc.name, res.StatusCode, body)
		}
		texts[tc.name] = html.UnescapeString(body)
	}
	if !strings.Contains(texts["pin out of scope"], "impossible d'épingler") {
		t.Errorf("the refusal of a pin out of scope reads %q", texts["pin out of scope"])
	}
	for _, f := range []string{"planning.js", "desk.js", "map.js"} {
		b, err := os.ReadFile("web/static/" + f)
		if err != nil {
			t.Fatal(err)
		}
		texts[f] = string(b)
	}
	for name, text := range texts {
		if bad := unelided(text); len(bad) > 0 {
			t.Errorf("%s: %q, where French elides (« d'épingler », « de l'Ain »)", name, bad)
		}
	}
}
