package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"medibus"
	"medibus/csvtable"
	"medibus/scenario"
)

// importScenario is a hand-made scenario for the import readers: four communes (one
// Corsican, one with a leading zero) and two services.
func importScenario() *medibus.Scenario {
	return &medibus.Scenario{
		Name: "tiny",
		Communes: []medibus.Commune{
			{INSEE: "23096", Name: "Guéret", PostalCodes: []string{"23000"}},
			{INSEE: "23001", Name: "Ahun", PostalCodes: []string{"23150"}},
			{INSEE: "2A004", Name: "Ajaccio", PostalCodes: []string{"20000", "20090"}},
			{INSEE: "01001", Name: "L'Abergement-Clémenciat", PostalCodes: []string{"01400"}},
		},
		Services: []medibus.Service{{ID: "gp"}, {ID: "gyn"}},
	}
}

// writeFile writes content to a file called name in a fresh folder and returns its path.
func writeFile(tb testing.TB, name, content string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// importCase is one file for an import reader: what it must return, or the problems
// its error must list, each given as "line: text" and checked as "file:line: text".
type importCase struct {
	name    string
	content string
	want    any
	errs    []string
}

// checkImport runs read on each case and checks the result or every listed problem,
// with its file and line, and that the error lists no other.
func checkImport(t *testing.T, file string, read func(path string) (any, error), cases []importCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, file, tc.content)
			got, err := read(path)
			if tc.errs == nil {
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.errs)
			}
			msg := err.Error()
			for _, w := range tc.errs {
				if !strings.Contains(msg, path+":"+w) {
					t.Errorf("error does not contain %q:\n%s", path+":"+w, msg)
				}
			}
			if n := len(regexp.MustCompile(regexp.QuoteMeta(path)+`:\d`).FindAllString(msg, -1)); n != len(tc.errs) {
				t.Errorf("error lists %d problems, want %d:\n%s", n, len(tc.errs), msg)
			}
		})
	}
}

func TestReadAPL(t *testing.T) {
	sc := importScenario()
	read := func(path string) (any, error) { return scenario.ReadAPL(path, sc) }
	checkImport(t, "apl.csv", read, []importCase{
		{name: "good file", content: "insee,apl\n23096,3.1\n2A004,0\n01001,2.45\n",
			want: map[string]float64{"23096": 3.1, "2A004": 0, "01001": 2.45}},
		{name: "BOM, CRLF and blank lines", content: "\ufeffinsee,apl\r\n23096,1.5\r\n\r\n23001,4\r\n",
			want: map[string]float64{"23096": 1.5, "23001": 4}},
		{name: "DREES workbook headers", content: "Code commune INSEE,Commune,APL aux médecins généralistes \n23096,Guéret,3.9\n",
			want: map[string]float64{"23096": 3.9}},
		{name: "DREES open-data headers", content: "codgeo,libgeo,apl_mg\n23001,Ahun,1.2\n",
			want: map[string]float64{"23001": 1.2}},
		{name: "code_insee and capitals", content: "CODE_INSEE,APL\n23001,1.2\n",
			want: map[string]float64{"23001": 1.2}},
		{name: "empty file", content: "", errs: []string{"1: file is empty"}},
		{name: "header only", content: "insee,apl\n", errs: []string{"1: the file has a header but no rows"}},
		{name: "a French spreadsheet's semicolons and decimal commas", content: "\ufeffinsee;apl\r\n23096;2,5\r\n23001;\"1,25\"\r\n",
			want: map[string]float64{"23096": 2.5, "23001": 1.25}},
		{name: "a decimal comma unquoted in a comma file", content: "insee,apl\n23096,2,5\n",
			errs: []string{`2: column 3: 3 fields, but the header names 2 columns`}},
		{name: "missing column", content: "insee\n23096\n", errs: []string{`1: missing column "apl"`}},
		{name: "unknown column, close to a known one", content: "insee,alp\n23096,2\n",
			errs: []string{`1: column alp: unknown column "alp" (did you mean apl?)`}},
		{name: "unknown column", content: "insee,apl,population\n23096,2,100\n",
			errs: []string{`1: column population: unknown column "population": the columns are insee, apl and optionally commune`}},
		{name: "one column twice", content: "insee,codgeo,apl\n23096,23096,2\n",
			errs: []string{`1: column codgeo: columns "insee" and "codgeo" both give the insee`}},
		{name: "unnamed column", content: "insee,apl,\n23096,2,\n", errs: []string{"1: column 3: a column has no name"}},
		{name: "unknown INSEE code", content: "insee,apl\n23096,1\n23999,2\n",
			errs: []string{`3: column insee: unknown INSEE code "23999": no commune of scenario tiny has it: the commune may be outside the scenario`}},
		{name: "closest INSEE code", content: "insee,apl\n23097,1\n",
			errs: []string{`2: column insee: unknown INSEE code "23097": no commune of scenario tiny has it; did you mean 23096 (Guéret)?`}},
		{name: "postal code", content: "insee,apl\n20000,1\n",
			errs: []string{`2: column insee: unknown INSEE code "20000": it is the postal code of Ajaccio (2A004)`}},
		{name: "leading zero lost", content: "insee,apl\n1001,1\n",
			errs: []string{`2: column insee: unknown INSEE code "1001": did you mean 01001 (L'Abergement-Clémenciat)? Spreadsheets drop leading zeros`}},
		{name: "Corsica in lower case", content: "insee,apl\n2a004,1\n",
			errs: []string{`2: column insee: unknown INSEE code "2a004": did you mean 2A004 (Ajaccio)?`}},
		{name: "empty code", content: "insee,apl\n,1\n", errs: []string{"2: column insee: empty INSEE code"}},
		{name: "duplicate", content: "insee,apl\n23096,1\n23001,2\n23096,3\n",
			errs: []string{"4: column insee: APL of 23096 given twice (first on line 2): keep one row"}},
		{name: "not a number", content: "insee,apl\n23096,abc\n", errs: []string{`2: column apl: "abc" is not a number`}},
		{name: "NaN", content: "insee,apl\n23096,NaN\n", errs: []string{`2: column apl: "NaN" is not a number`}},
		{name: "infinity", content: "insee,apl\n23096,+Inf\n", errs: []string{`2: column apl: "+Inf" is not a number`}},
		{name: "negative", content: "insee,apl\n23096,-0.5\n", errs: []string{"2: column apl: APL -0.5 is negative: write GP consultations accessible per inhabitant per year"}},
		{name: "empty value", content: "insee,apl\n23096,\n", errs: []string{"2: column apl: empty APL"}},
		{name: "decimal comma", content: "insee,apl\n23096,2,5\n", errs: []string{"2: column 3: 3 fields, but the header names 2 columns (insee, apl)"}},
		{name: "too few fields", content: "insee,apl\n23096\n", errs: []string{"2: column apl: 1 field, but the header names 2 columns"}},
		{name: "not UTF-8", content: "insee,commune,apl\n23096,Gu\xe9ret,1\n", errs: []string{"2: column 2: text is not valid UTF-8"}},
		{name: "stray quote", content: "insee,apl\n23096,1\"5\n23001,2\n", errs: []string{"2: character 8: bare \" in non-quoted-field"}},
		{name: "every problem at once", content: "insee,apl\n23096,x\n99999,1\n23096,-1\n23001\n",
			errs: []string{`2: column apl: "x" is not a number`, `3: column insee: unknown INSEE code "99999"`,
				"4: column insee: APL of 23096 given twice (first on line 2)", "4: column apl: APL -1 is negative", "5: column apl: 1 field"}},
	})
}

func TestReadAPLStopsAtTwenty(t *testing.T) {
	var b strings.Builder
	b.WriteString("insee,apl\n")
	for i := range 30 {
		fmt.Fprintf(&b, "23096,-%d\n", i+1) // each row negative, and a duplicate from line 3
	}
	path := writeFile(t, "apl.csv", b.String())
	_, err := scenario.ReadAPL(path, importScenario())
	var list *csvtable.Errors
	if !errors.As(err, &list) || len(list.List) != 20 || !list.More {
		t.Fatalf("got %v, want a list of 20 problems and more", err)
	}
	if !strings.Contains(err.Error(), "20 problems (the first ones") {
		t.Errorf("message does not say it stopped: %s", err)
	}
	var le *csvtable.LineError
	if !errors.As(err, &le) || le.File != path || le.Line != 2 || le.Column != "apl" {
		t.Errorf("first problem %+v, want %s line 2 column apl", le, path)
	}
}

func TestReadAPLMissingFile(t *testing.T) {
	_, err := scenario.ReadAPL(filepath.Join(t.TempDir(), "nope.csv"), importScenario())
	if err == nil || !strings.Contains(err.Error(), "nope.csv") || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want a not-exist error naming the file", err)
	}
}

func TestReadDemandFile(t *testing.T) {
	sc := importScenario()
	read := func(path string) (any, error) { return scenario.ReadDemandFile(path, sc) }
	imported := func(insee, svc string, need float64) medibus.Demand {
		return medibus.Demand{INSEE: insee, Service: svc, Need: need, Source: "imported"}
	}
	checkImport(t, "demand.csv", read, []importCase{
		{name: "good file", content: "insee,service,need\n23096,gp,12.5\n23096,gyn,0\n2A004,gp,40\n",
			want: []medibus.Demand{imported("23096", "gp", 12.5), imported("23096", "gyn", 0), imported("2A004", "gp", 40)}},
		{name: "columns in any order, source imported", content: "\ufeffneed,source,service,insee\r\n3,imported,gp,23001\r\n4,,gyn,23001\r\n",
			want: []medibus.Demand{imported("23001", "gp", 3), imported("23001", "gyn", 4)}},
		{name: "empty file", content: "", errs: []string{"1: file is empty"}},
		{name: "header only", content: "insee,service,need\n", errs: []string{"1: the file has a header but no rows"}},
		{name: "missing column", content: "insee,service\n23096,gp\n", errs: []string{`1: missing column "need": the columns are insee, service, need and optionally source`}},
		{name: "misspelt column", content: "insee,service,nead\n23096,gp,1\n", errs: []string{`1: column nead: unknown column "nead" (did you mean need?)`}},
		{name: "unknown INSEE code", content: "insee,service,need\n23096,gp,1\n87085,gp,2\n",
			errs: []string{`3: column insee: unknown INSEE code "87085": no commune of scenario tiny has it`}},
		{name: "unknown service", content: "insee,service,need\n23096,gpp,1\n",
			errs: []string{`2: column service: unknown service "gpp" (did you mean gp?): the services of scenario tiny are gp, gyn`}},
		{name: "duplicate pair", content: "insee,service,need\n23096,gp,1\n23096,gyn,1\n23096,gp,2\n",
			errs: []string{"4: column insee: demand for 23096 and service gp given twice (first on line 2)"}},
		{name: "empty need", content: "insee,service,need\n23096,gp,\n", errs: []string{"2: column need: empty need: write consultations per cycle"}},
		{name: "negative need", content: "insee,service,need\n23096,gp,-4\n", errs: []string{"2: column need: need -4 is negative"}},
		{name: "NaN need", content: "insee,service,need\n23096,gp,nan\n", errs: []string{`2: column need: "nan" is not a number`}},
		{name: "derived source", content: "insee,service,need,source\n23096,gp,4,derived\n", errs: []string{"2: column source: source derived asks for the derived need"}},
		{name: "unknown source", content: "insee,service,need,source\n23096,gp,4,survey\n", errs: []string{`2: column source: unknown source "survey"`}},
		{name: "wrong width", content: "insee,service,need\n23096,gp,4,5\n", errs: []string{"2: column 4: 4 fields, but the header names 3 columns"}},
		{name: "not UTF-8", content: "insee,service,need\n23096,g\xff,4\n", errs: []string{"2: column 2: text is not valid UTF-8"}},
		{name: "every problem of a row", content: "insee,service,need\n99999,dentist,-1\n",
			errs: []string{`2: column insee: unknown INSEE code "99999"`, `2: column service: unknown service "dentist"`, "2: column need: need -1 is negative"}},
	})
}

// TestReadImportsOnCreuse reads both files over the real Creuse scenario.
func TestReadImportsOnCreuse(t *testing.T) {
	sc, err := scenario.Build(context.Background(), "creuse", scenario.Defaults(), mustFrance(t), gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := sc.Communes[0].INSEE, sc.Communes[1].INSEE
	apl, err := scenario.ReadAPL(writeFile(t, "apl.csv", fmt.Sprintf("codgeo,apl_mg\n%s,1.8\n%s,3.2\n", a, b)), sc)
	if err != nil || !reflect.DeepEqual(apl, map[string]float64{a: 1.8, b: 3.2}) {
		t.Fatalf("APL %v, %v", apl, err)
	}
	ds, err := scenario.ReadDemandFile(writeFile(t, "demand.csv", fmt.Sprintf("insee,service,need\n%s,gp,7\n", b)), sc)
	if err != nil || len(ds) != 1 || ds[0] != (medibus.Demand{INSEE: b, Service: "gp", Need: 7, Source: "imported"}) {
		t.Fatalf("demand %v, %v", ds, err)
	}
	// Guéret's INSEE code is 23096 and its postal code 23000.
	_, err = scenario.ReadAPL(writeFile(t, "apl.csv", "insee,apl\n23000,2\n"), sc)
	if err == nil || !strings.Contains(err.Error(), "postal code of Guéret (23096), ") {
		t.Fatalf("postal code: %v", err)
	}
}

// importSeeds are the seed corpus shared by the two fuzz targets.
var importSeeds = []string{
	"insee,apl\n23096,3.1\n2A004,0\n",
	"\ufeffcodgeo,libgeo,apl_mg\r\n23001,Ahun,1.2\r\n",
	"Code commune INSEE,Commune,APL aux médecins généralistes\n01001,X,2.5\n",
	"insee,service,need,source\n23096,gp,12.5,imported\n23096,gyn,0,\n",
	"need,insee,service\n4,2A004,gp\n",
	"insee;apl\n23096;2,5\n",
	"insee,apl\n23096,NaN\n23096,-1\n1001,2\n2a004,x\n",
	"insee,service,need\n23096,gp,\"1\n2\"\n",
	"insee,apl\n23096,1\"5\n\"",
	"insee,apl\n23096,\xff\n",
	"",
	"insee,apl,\n,,\n",
}

// checkImportError checks what every import error must be: located in the file, with
// at most 20 problems listed.
func checkImportError(t *testing.T, path string, err error) {
	t.Helper()
	var le *csvtable.LineError
	if !errors.As(err, &le) || le.File != path || le.Line < 1 {
		t.Fatalf("error not located in %s: %v", path, err)
	}
	var list *csvtable.Errors
	if errors.As(err, &list) && (len(list.List) == 0 || len(list.List) > 20) {
		t.Fatalf("error lists %d problems", len(list.List))
	}
}

// fuzzImport feeds arbitrary files to parse over importScenario: each must either fail
// with located problems or give rows, which check inspects.
func fuzzImport[T any](f *testing.F, file string, parse func([]byte, string, *medibus.Scenario) (T, error), check func(*testing.T, *medibus.Scenario, T)) {
	for _, s := range importSeeds {
		f.Add([]byte(s))
	}
	sc := importScenario()
	f.Fuzz(func(t *testing.T, content []byte) {
		got, err := parse(content, file, sc)
		if err != nil {
			checkImportError(t, file, err)
			return
		}
		check(t, sc, got)
	})
}

// FuzzReadAPL checks that ReadAPL's parser either says where a file is wrong or returns
// finite, non-negative figures for communes of the scenario.
func FuzzReadAPL(f *testing.F) {
	fuzzImport(f, "apl.csv", scenario.ParseAPL, func(t *testing.T, sc *medibus.Scenario, apl map[string]float64) {
		if len(apl) == 0 {
			t.Fatal("no error and no figures")
		}
		for code, v := range apl {
			if !slicesContainsCommune(sc, code) || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("accepted %q = %v", code, v)
			}
		}
	})
}

// FuzzReadDemandFile checks that ReadDemandFile's parser either says where a file is
// wrong or returns imported needs, one per known commune and service.
func FuzzReadDemandFile(f *testing.F) {
	fuzzImport(f, "demand.csv", scenario.ParseDemandFile, func(t *testing.T, sc *medibus.Scenario, ds []medibus.Demand) {
		if len(ds) == 0 {
			t.Fatal("no error and no rows")
		}
		seen := map[[2]string]bool{}
		for _, d := range ds {
			k := [2]string{d.INSEE, d.Service}
			if seen[k] || !slicesContainsCommune(sc, d.INSEE) || (d.Service != "gp" && d.Service != "gyn") ||
				math.IsNaN(d.Need) || math.IsInf(d.Need, 0) || d.Need < 0 || d.Source != "imported" {
				t.Fatalf("accepted %+v", d)
			}
			seen[k] = true
		}
	})
}

func slicesContainsCommune(sc *medibus.Scenario, insee string) bool {
	for _, c := range sc.Communes {
		if c.INSEE == insee {
			return true
		}
	}
	return false
}
