package scenario

import (
	"strings"

	"medibus"
	"medibus/csvtable"
)

// demand.csv: insee,service,need,source. A row with a need is imported and takes
// precedence; one with an empty need, or source "derived", asks for the derived need.

var demandFile = fileSpec{
	name: DemandFile,
	columns: []column{
		{name: "insee", required: true},
		{name: "service", required: true},
		{name: "need", required: true},
		{name: "source"},
	},
	// France's built-in scenario has 33,780 rows.
	kind: "demand", rowsOf: "commune and service", maxRows: 500000,
}

// needUnit is what a need counts, for messages.
const needUnit = "consultations per cycle"

// maxNeed bounds one commune's need for one service over a cycle: Paris, the largest
// commune, needs about 200,000 GP consultations a fortnight at the highest rate.
const maxNeed = 1e6

// demandRow is one row of demand.csv: an imported figure, or a request to derive one.
type demandRow struct {
	d      medibus.Demand
	derive bool
}

// readDemand reads demand.csv: the imported rows, and the (insee, service) pairs whose
// need is to be derived once the communes' access is known. Each row's commune joins
// the scenario.
func readDemand(fo *folder) (imported []medibus.Demand, derive [][2]string) {
	rows := readRows(fo, &demandFile, fo.demand)
	for _, r := range rows {
		if r.derive {
			derive = append(derive, [2]string{r.d.INSEE, r.d.Service})
		} else {
			imported = append(imported, r.d)
		}
	}
	return imported, derive
}

// demand reads one row: a commune of the territory, a known service, each pair once.
func (fo *folder) demand(t *csvtable.Reader) (demandRow, error) {
	d := medibus.Demand{INSEE: t.Get("insee"), Service: t.Get("service"), Source: "imported"}
	c, err := fo.commune(t, "insee", d.INSEE)
	if err != nil {
		return demandRow{}, err
	}
	if err := fo.ref(t, "service", "service", d.Service); err != nil {
		return demandRow{}, err
	}
	key := [2]string{d.INSEE, d.Service}
	if line, dup := fo.demandLines[key]; dup {
		return demandRow{}, t.Fail("insee", "demand for %s and service %s given twice (first on line %d): keep one row", d.INSEE, d.Service, line)
	}
	fo.demandLines[key] = t.Line()
	switch src := strings.ToLower(t.Get("source")); {
	case src == "derived" || src == "" && t.Get("need") == "":
		return demandRow{d: d, derive: true}, nil
	case src != "" && src != "imported":
		return demandRow{}, t.Fail("source", "unknown source %q: write imported (the need is this figure), derived (medibus derives it) or leave it empty", t.Get("source"))
	case t.Get("need") == "":
		return demandRow{}, t.Fail("need", "empty need on a row marked imported: write the figure (%s), or mark the row derived", needUnit)
	}
	if d.Need, err = boundedCol(t, "need", "need", needUnit, maxNeed); err != nil {
		return demandRow{}, err
	}
	fo.warnCode(t, "insee", c, "") // a figure typed by hand, perhaps against a postal code
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

func demandRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, d := range sc.Demand {
		rows = append(rows, record{"insee": d.INSEE, "service": d.Service, "need": ftoa(d.Need), "source": d.Source})
	}
	return rows
}
