package scenario

import (
	"fmt"
	"os"
	"strings"

	"medibus"
)

// demandColumns are the columns of an imported demand file: those of a scenario
// folder's demand.csv.
var demandColumns = []column{
	{name: "insee", required: true},
	{name: "service", required: true},
	{name: "need", required: true},
	{name: "source"},
}

// ReadDemandFile reads a coordinator's own demand figures for the scenario sc from the
// CSV file at path, in the format of a scenario folder's demand.csv: columns insee,
// service, need (consultations per cycle) and optionally source (docs/scenario-files.md).
// Every row must name a commune of sc and one of sc.Services, each pair once, with a
// need that is a finite number, 0 or more. The rows come back in file order, marked
// Source "imported", to take precedence over the derived need.
//
// The error lists the file's problems, up to 20, each as file:line: column …: it is a
// *csvtable.Errors (or, for a file that cannot be read at all, a single error).
func ReadDemandFile(path string, sc *medibus.Scenario) ([]medibus.Demand, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read demand file: %w", err)
	}
	return parseDemandFile(data, path, sc)
}

// parseDemandFile reads the content of a demand file; path names it in errors.
func parseDemandFile(data []byte, path string, sc *medibus.Scenario) ([]medibus.Demand, error) {
	f, err := openImport(data, path, demandColumns)
	if err != nil {
		return nil, err
	}
	ix := newCommuneIndex(sc)
	seen := map[string]int{}
	var out []medibus.Demand
	f.each(func() {
		if d, ok := f.demandRow(sc, ix, seen); ok {
			out = append(out, d)
		}
	})
	if err := f.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// demandRow checks one row of an imported demand file, reporting every problem of it.
func (f *importFile) demandRow(sc *medibus.Scenario, ix *communeIndex, seen map[string]int) (medibus.Demand, bool) {
	d := medibus.Demand{Service: f.get("service"), Source: "imported"}
	var ok bool
	d.INSEE, ok = f.insee("insee", ix)
	ok = f.serviceOf(sc, d.Service) && ok
	ok = f.firstLine(seen, []string{d.INSEE, d.Service}, "insee", fmt.Sprintf("demand for %s and service %s", d.INSEE, d.Service)) && ok
	var numOK bool
	d.Need, numOK = f.number("need", "need", needUnit)
	ok = numOK && ok
	switch src := strings.ToLower(f.get("source")); src {
	case "", "imported":
	case "derived":
		f.fail("source", "source derived asks for the derived need, which the scenario has already: drop the row, or write imported to make its need the figure")
		ok = false
	default:
		f.fail("source", "unknown source %q: leave it empty or write imported", f.get("source"))
		ok = false
	}
	return d, ok
}

// serviceOf checks that id is a service of sc.
func (f *importFile) serviceOf(sc *medibus.Scenario, id string) bool {
	var ids []string
	for _, s := range sc.Services {
		if s.ID == id {
			return true
		}
		ids = append(ids, s.ID)
	}
	hint := ""
	if s, ok := closest(id, ids, max(1, len(id)/3)); ok {
		hint = fmt.Sprintf(" (did you mean %s?)", s)
	}
	if id == "" {
		f.fail("service", "empty service: write one of %s", strings.Join(ids, ", "))
	} else {
		f.fail("service", "unknown service %q%s: the services of scenario %s are %s", id, hint, sc.Name, strings.Join(ids, ", "))
	}
	return false
}
