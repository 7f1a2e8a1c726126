package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"medibus"
	"medibus/csvtable"
	"medibus/routing"
	"medibus/territory"
)

// The files of a scenario folder, in the order they are read. Each has its own file
// here, file_<name>.go, with its reader and the rows Write gives it.
const (
	RulesFile  = "rules.csv"
	DepotsFile = "depots.csv"
	// OrganisationsFile is optional: without it the buses belong to nobody in
	// particular.
	OrganisationsFile = "organisations.csv"
	UnitsFile         = "units.csv"
	StaffFile         = "staff.csv"
	ServicesFile      = "services.csv"
	SitesFile         = "sites.csv"
	DemandFile        = "demand.csv"
	PinsFile          = "pins.csv"
	// FrequenciesFile is optional: without it only rules.rhythm_weeks bounds the gaps.
	FrequenciesFile = "frequencies.csv"
)

// Read loads a scenario folder written by Write (or by hand). Communes come from the
// embedded territory, keyed by the INSEE codes that the folder names; demand rows with
// an empty need are derived as for the built-in scenarios, the others are imported and
// take precedence. p supplies the access-factor settings.
func Read(ctx context.Context, dir string, p Params, f *territory.France, travel routing.Model) (*medibus.Scenario, error) {
	sc := &medibus.Scenario{Name: filepath.Base(dir)}
	fo := newFolder(dir, f)
	var err error
	if err = readRules(fo, sc, p); err != nil {
		return nil, err
	}
	if sc.Depots, err = readDepots(fo); err != nil {
		return nil, err
	}
	if sc.Organisations, err = readOrganisations(fo); err != nil {
		return nil, err
	}
	if sc.Units, err = readUnits(fo); err != nil {
		return nil, err
	}
	if sc.Services, err = readServices(fo); err != nil {
		return nil, err
	}
	if sc.Staff, err = readStaff(fo); err != nil {
		return nil, err
	}
	if err := fo.checkSupervisors(sc.Staff); err != nil {
		return nil, err
	}
	if sc.Sites, err = readSites(fo); err != nil {
		return nil, err
	}
	var derive [][2]string
	if sc.Demand, derive, err = readDemand(fo); err != nil {
		return nil, err
	}
	sc.Communes = fo.communes
	if err := SetAccess(ctx, sc.Communes, f.Communes, p.TownPopulation, travel); err != nil {
		return nil, err
	}
	MarkInNeed(sc.Communes, sc.Rules.CatchmentMin, &p)
	appendDerivedNeed(sc, derive, &p)
	if sc.Pins, err = readPins(fo); err != nil {
		return nil, err
	}
	if sc.Frequencies, err = readFrequencies(fo, sc.Sites, sc.Rules.CycleWeeks); err != nil {
		return nil, err
	}
	if err := checkFeasibleDemand(sc, filepath.Join(dir, DemandFile)); err != nil {
		return nil, err
	}
	return sc, nil
}

// folder is what the readers of one scenario folder share: where it is, the ids each
// file declared (so later files can refer to them), and the communes named so far.
type folder struct {
	dir      string
	france   *territory.France
	ids      map[string]map[string]int // kind → id → line
	communes []medibus.Commune         // named by sites.csv and demand.csv, first seen first
	named    map[string]bool           // INSEE codes of communes
}

func newFolder(dir string, f *territory.France) *folder {
	return &folder{dir: dir, france: f, ids: map[string]map[string]int{}, named: map[string]bool{}}
}

// each calls row for every record of the folder's file name, whose header must name
// the required columns, and stops at the first error. A missing optional file has no
// records.
func (fo *folder) each(name string, optional bool, required []string, row func(t *csvtable.Reader) error) error {
	path := filepath.Join(fo.dir, name)
	f, err := os.Open(path)
	if err != nil {
		if optional && errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("read scenario %s: %w (a scenario folder holds %s)", fo.dir, err,
			strings.Join([]string{RulesFile, DepotsFile, UnitsFile, StaffFile, ServicesFile, SitesFile, DemandFile}, ", "))
	}
	defer f.Close()
	t, err := csvtable.NewReader(f, path, required...)
	if err != nil {
		return err
	}
	for {
		if err := t.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := row(t); err != nil {
			return err
		}
	}
}

// readRows reads the records of a file into one T each, stopping at the first error.
func readRows[T any](fo *folder, name string, optional bool, required []string, row func(t *csvtable.Reader) (T, error)) ([]T, error) {
	var out []T
	err := fo.each(name, optional, required, func(t *csvtable.Reader) error {
		v, err := row(t)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// id checks that an id is present and unique within its kind, and records it.
func (fo *folder) id(t *csvtable.Reader, kind, col string) (string, error) {
	id := t.Get(col)
	if id == "" {
		return "", t.Fail(col, "empty %s id: give every row an id", kind)
	}
	if fo.ids[kind] == nil {
		fo.ids[kind] = map[string]int{}
	}
	if line, dup := fo.ids[kind][id]; dup {
		return "", t.Fail(col, "duplicate %s id %q (first on line %d): ids must be unique", kind, id, line)
	}
	fo.ids[kind][id] = t.Line()
	return id, nil
}

// ref checks that id was declared by the file of its kind.
func (fo *folder) ref(t *csvtable.Reader, kind, col, id string) error {
	if _, ok := fo.ids[kind][id]; !ok {
		return t.Fail(col, "unknown %s %q: it must be an id of %s", kind, id, kind+"s.csv")
	}
	return nil
}

// commune checks that insee is a commune of the territory and adds it to the
// scenario's communes the first time it is named.
func (fo *folder) commune(t *csvtable.Reader, col, insee string) (*medibus.Commune, error) {
	c, ok := fo.france.Commune(insee)
	if !ok {
		return nil, t.Fail(col, "unknown INSEE code %q: use the 5-character code of a commune of metropolitan France (01001, 2A004)", insee)
	}
	if !fo.named[insee] {
		fo.named[insee] = true
		fo.communes = append(fo.communes, *c)
	}
	return c, nil
}

// checkFeasibleDemand rejects demand that no bus could ever serve: a service whose
// equipment no bus carries, or whose roles nobody holds.
func checkFeasibleDemand(sc *medibus.Scenario, file string) error {
	asked := map[string]bool{}
	for _, d := range sc.Demand {
		if d.Need > 0 {
			asked[d.Service] = true
		}
	}
	for _, s := range sc.Services {
		if !asked[s.ID] {
			continue
		}
		equipped := false
		for i := range sc.Units {
			if sc.Units[i].HasEquipment(s.Equipment) {
				equipped = true
				break
			}
		}
		if !equipped {
			return fmt.Errorf("%s: impossible demand for service %s: no bus carries %s; add it to a bus's equipment in %s or drop the demand",
				file, s.ID, join(s.Equipment), UnitsFile)
		}
		for _, role := range s.Roles {
			found := false
			for _, m := range sc.Staff {
				if m.Role == role {
					found = true
					break
				}
			}
			if !found {
				return fmt.Errorf("%s: impossible demand for service %s: nobody in %s has role %s; add such a person or drop the demand",
					file, s.ID, StaffFile, role)
			}
		}
	}
	return nil
}
