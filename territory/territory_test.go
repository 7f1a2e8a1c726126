package territory_test

import (
	"errors"
	"strings"
	"testing"

	"medibus/csvtable"
	"medibus/territory"
)

func TestLoadEmbedded(t *testing.T) {
	f, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(f.Communes); got != 34735 {
		t.Errorf("communes = %d, want 34735", got)
	}
	if got := len(f.Departments); got != 96 {
		t.Errorf("departments = %d, want 96", got)
	}
	pop := 0
	for _, c := range f.Communes {
		pop += c.Population
	}
	if pop < 65_000_000 || pop > 67_000_000 {
		t.Errorf("population = %d, want about 66.1 million", pop)
	}
	for _, d := range f.Departments {
		if _, ok := f.Commune(d.PrefectureINSEE); !ok {
			t.Errorf("prefecture %s of %s not among communes", d.PrefectureINSEE, d.Code)
		}
	}
	gueret, ok := f.Commune("23096")
	if !ok || gueret.Name != "Guéret" || gueret.Department != "23" {
		t.Fatalf("23096 = %+v, want Guéret in 23", gueret)
	}
	if gueret.Point[0] < 1.8 || gueret.Point[0] > 1.9 || gueret.Point[1] < 46.1 || gueret.Point[1] > 46.2 {
		t.Errorf("Guéret point %v, want about (1.87, 46.17)", gueret.Point)
	}
}

func TestReadCommunesErrors(t *testing.T) {
	const head = "insee,name,department,region,lat,lon,population,postal_codes\n"
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", "communes.csv:1: file is empty"},
		{"missing column", "insee,name\n", `missing column "department"`},
		{"short insee", head + "1001,A,01,84,46,4,10,01400\n", "communes.csv:2: column insee: INSEE code \"1001\""},
		{"duplicate", head + "01001,A,01,84,46,4,10,\n01001,B,01,84,46,4,10,\n", "communes.csv:3: column insee: duplicate INSEE code 01001 (first on line 2)"},
		{"bad lat", head + "01001,A,01,84,north,4,10,\n", "column lat"},
		{"bad population", head + "01001,A,01,84,46,4,-3,\n", "column population"},
		{"not utf8", head + "01001,B\xe9,01,84,46,4,10,\n", "not valid UTF-8"},
		{"bad quote", head + "01001,\"A,01,84,46,4,10,\n", "communes.csv:2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := territory.ReadCommunes(strings.NewReader(tc.in), "communes.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			var le *csvtable.LineError
			if !errors.As(err, &le) {
				t.Fatalf("err %T is not a *LineError", err)
			}
		})
	}
}

func FuzzReadCommunes(f *testing.F) {
	f.Add("insee,name,department,region,lat,lon,population,postal_codes\n01001,A,01,84,46.1,4.9,860,01400\n")
	f.Add("insee,name\n\"x")
	f.Fuzz(func(t *testing.T, in string) {
		cs, err := territory.ReadCommunes(strings.NewReader(in), "f.csv")
		if err != nil {
			return
		}
		for _, c := range cs {
			if len(c.INSEE) != 5 || c.Population < 0 {
				t.Fatalf("accepted bad commune %+v", c)
			}
		}
	})
}
