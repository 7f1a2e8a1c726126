package scenario

import (
	"medibus"
	"medibus/csvtable"
)

// demand.csv: insee,service,need,source. A row with a need is imported and takes
// precedence; one with an empty need, or source "derived", asks for the derived need.

var demandHead = []string{"insee", "service", "need", "source"}

// needUnit is what a need counts, for messages.
const needUnit = "consultations per cycle"

// demandRow is one row of demand.csv: an imported figure, or a request to derive one.
type demandRow struct {
	d      medibus.Demand
	derive bool
}

// readDemand reads demand.csv: the imported rows, and the (insee, service) pairs whose
// need is to be derived once the communes' access is known. Each row's commune joins
// the scenario.
func readDemand(fo *folder) (imported []medibus.Demand, derive [][2]string, err error) {
	seen := map[[2]string]int{} // (insee, service) → line
	rows, err := readRows(fo, DemandFile, false, []string{"insee", "service", "need"}, func(t *csvtable.Reader) (demandRow, error) {
		return fo.demand(t, seen)
	})
	if err != nil {
		return nil, nil, err
	}
	for _, r := range rows {
		if r.derive {
			derive = append(derive, [2]string{r.d.INSEE, r.d.Service})
		} else {
			imported = append(imported, r.d)
		}
	}
	return imported, derive, nil
}

// demand reads one row: a commune of the territory, a known service, each pair once.
func (fo *folder) demand(t *csvtable.Reader, seen map[[2]string]int) (demandRow, error) {
	d := medibus.Demand{INSEE: t.Get("insee"), Service: t.Get("service"), Source: "imported"}
	if _, err := fo.commune(t, "insee", d.INSEE); err != nil {
		return demandRow{}, err
	}
	if err := fo.ref(t, "service", "service", d.Service); err != nil {
		return demandRow{}, err
	}
	key := [2]string{d.INSEE, d.Service}
	if line, dup := seen[key]; dup {
		return demandRow{}, t.Fail("insee", "demand for %s and service %s given twice (first on line %d)", d.INSEE, d.Service, line)
	}
	seen[key] = t.Line()
	if t.Get("need") == "" || t.Get("source") == "derived" {
		return demandRow{d: d, derive: true}, nil
	}
	var err error
	if d.Need, err = nonNegativeCol(t, "need", "need", needUnit); err != nil {
		return demandRow{}, err
	}
	return demandRow{d: d}, nil
}

// appendDerivedNeed adds the derived need of each (insee, service) pair of derive to
// sc.Demand; the communes' access must be set.
func appendDerivedNeed(sc *medibus.Scenario, derive [][2]string, p *Params) {
	ix := medibus.NewIndex(sc)
	for _, k := range derive {
		need := DerivedNeed(ix.Communes[k[0]], ix.Services[k[1]], sc.Rules.CycleDays(), p)
		sc.Demand = append(sc.Demand, medibus.Demand{INSEE: k[0], Service: k[1], Need: need, Source: "derived"})
	}
}

func demandRows(sc *medibus.Scenario) [][]string {
	var rows [][]string
	for _, d := range sc.Demand {
		rows = append(rows, []string{d.INSEE, d.Service, ftoa(d.Need), d.Source})
	}
	return rows
}
