package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"medibus/territory"
)

// planDoc is what these tests read of a JSON export.
type planDoc struct {
	KPIs struct {
		PopulationInNeed int     `json:"population_in_need"`
		Per1000          float64 `json:"per_1000_in_need"`
		Kept             int     `json:"kept"`
		Reference        int     `json:"reference_sessions"`
	} `json:"kpis"`
	Sessions []struct {
		Service string             `json:"service"`
		Booked  map[string]float64 `json:"booked_by_commune"`
	} `json:"sessions"`
	InNeed []struct {
		INSEE string `json:"insee"`
	} `json:"communes_in_need"`
}

func exportDoc(t *testing.T, db, plan string) planDoc {
	t.Helper()
	out, errOut, code := run(t, "export", "--db", db, "--plan", plan, "--format", "json")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	var d planDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPlanWithAPL: an imported APL decides who is in need. Every commune of the Creuse
// gets an APL of 1.5 (a desert), except Bourganeuf, Felletin and Boussac at 3.2: they
// are no longer in need, so nobody of theirs is booked, and the people in need are the
// Creuse's population less theirs.
func TestPlanWithAPL(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	f, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{"23030": true, "23079": true, "23031": true} // Bourganeuf, Felletin, Boussac
	var b strings.Builder
	b.WriteString("code_insee,apl\n")
	want := 0
	for _, c := range f.Communes {
		if c.Department != "23" {
			continue
		}
		apl := "1.5"
		if served[c.INSEE] {
			apl = "3.2"
		} else {
			want += c.Population
		}
		fmt.Fprintf(&b, "%s,%s\n", c.INSEE, apl)
	}
	if err := os.WriteFile("apl.csv", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--engine", "greedy", "--db", "a.db", "--apl", "apl.csv")
	if code != 0 {
		t.Fatalf("plan --apl: exit %d: %s", code, errOut)
	}
	d := exportDoc(t, "a.db", "latest")
	if d.KPIs.PopulationInNeed != want {
		t.Errorf("people in need %d, want the Creuse less the three communes: %d", d.KPIs.PopulationInNeed, want)
	}
	for _, c := range d.InNeed {
		if served[c.INSEE] {
			t.Errorf("%s has an APL of 3.2 and is listed in need", c.INSEE)
		}
	}
	for _, s := range d.Sessions {
		for insee := range s.Booked {
			if served[insee] {
				t.Errorf("a %s session books residents of %s, which is not in need", s.Service, insee)
			}
		}
	}
	// A bad file is refused with its line, and nothing is stored.
	os.WriteFile("bad.csv", []byte("code_insee,apl\n23030,1.2\n99999,x\n"), 0o644)
	_, errOut, code = run(t, "plan", "--scenario", "creuse", "--engine", "greedy", "--db", "a.db", "--apl", "bad.csv")
	if code == 0 || !strings.Contains(errOut, "bad.csv:3") {
		t.Fatalf("bad APL file: exit %d, %q; want an error naming bad.csv:3", code, errOut)
	}
	out, _, _ := run(t, "plans", "--db", "a.db")
	if strings.Count(out, "\n") != 2 {
		t.Errorf("a refused import stored a plan:\n%s", out)
	}
}

// TestPlanFrom: planning again from a stored plan, on the unchanged scenario with
// another seed, keeps at least 95 % of its sessions and says so.
func TestPlanFrom(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	args := []string{"plan", "--scenario", "creuse", "--start", "2026-11-23", "--iterations", "150", "--db", "f.db"}
	if _, errOut, code := run(t, args...); code != 0 {
		t.Fatalf("plan: %s", errOut)
	}
	out, errOut, code := run(t, append(args, "--seed", "7", "--from", "1")...)
	if code != 0 {
		t.Fatalf("plan --from: exit %d: %s", code, errOut)
	}
	d := exportDoc(t, "f.db", "2")
	if d.KPIs.Reference == 0 || float64(d.KPIs.Kept) < 0.95*float64(d.KPIs.Reference) {
		t.Fatalf("kept %d of %d sessions, want at least 95 %%", d.KPIs.Kept, d.KPIs.Reference)
	}
	if !strings.Contains(out, fmt.Sprintf("%d of %d sessions", d.KPIs.Kept, d.KPIs.Reference)) {
		t.Errorf("the summary does not say how much was kept:\n%s", out)
	}
	if _, errOut, code := run(t, append(args, "--from", "9")...); code != 2 || !strings.Contains(errOut, "--from 9") {
		t.Errorf("--from an unknown plan: exit %d, %q; want 2 and the flag named", code, errOut)
	}
}
