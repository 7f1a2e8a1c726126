package scenario

import (
	"fmt"
	"os"

	"medibus"
)

// APLDesert is the APL below which a commune is a medical desert by the national
// definition: fewer than 2.5 GP consultations accessible per inhabitant per year.
const APLDesert = 2.5

// aplUnit is what an APL counts, for messages.
const aplUnit = "GP consultations accessible per inhabitant per year (typically 0 to 8)"

// aplColumns are the columns of an APL file. Besides medibus's own names, the
// spellings of the DREES publications are accepted: its workbooks head the columns
// "Code commune INSEE" and "APL aux médecins généralistes" (and "Commune" for the
// name), its open-data extracts use codgeo or code_insee, and apl_mg.
var aplColumns = []column{
	{name: "insee", aliases: []string{"code_insee", "codgeo", "code commune insee"}, required: true},
	{name: "apl", aliases: []string{"apl_mg", "apl aux médecins généralistes"}, required: true},
	{name: "commune", aliases: []string{"libgeo", "nom"}}, // the commune's name, for people: not read
}

// ReadAPL reads the DREES APL indicator (accessibilité potentielle localisée aux
// médecins généralistes) of the communes of sc from the CSV file at path: one row per
// commune with its INSEE code and its APL, in GP consultations accessible per
// inhabitant per year (docs/scenario-files.md lists the column names accepted). Every
// code must be a commune of sc, given once, and every APL a finite number, 0 or more.
// The planner turns the figures into need: a commune is in need when its APL is below
// APLDesert.
//
// The error lists the file's problems, up to 20, each as file:line: column …: it is a
// *csvtable.Errors (or, for a file that cannot be read at all, a single error).
func ReadAPL(path string, sc *medibus.Scenario) (map[string]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read APL file: %w", err)
	}
	return parseAPL(data, path, sc)
}

// parseAPL reads the content of an APL file; path names it in errors.
func parseAPL(data []byte, path string, sc *medibus.Scenario) (map[string]float64, error) {
	f, err := openImport(data, path, aplColumns)
	if err != nil {
		return nil, err
	}
	ix := newCommuneIndex(sc)
	seen := map[string]int{}
	apl := map[string]float64{}
	f.each(func() {
		code, ok := f.insee("insee", ix)
		ok = f.firstLine(seen, []string{code}, "insee", "APL of "+code) && ok
		v, numOK := f.number("apl", "APL", aplUnit)
		if ok && numOK {
			apl[code] = v
		}
	})
	if err := f.err(); err != nil {
		return nil, err
	}
	return apl, nil
}
