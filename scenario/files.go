package scenario

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"medibus"
	"medibus/csvtable"
	"medibus/lang"
	"medibus/routing"
	"medibus/territory"
	"medibus/workbook"
)

// The files of a scenario folder, in the order they are read. Each has its own file
// here, file_<name>.go, with its columns, its reader and the rows Write gives it.
const (
	RulesFile  = "rules.csv"
	DepotsFile = "depots.csv"
	// OrganisationsFile is optional: who owns and runs the buses.
	OrganisationsFile = "organisations.csv"
	UnitsFile         = "units.csv"
	StaffFile         = "staff.csv"
	ServicesFile      = "services.csv"
	SitesFile         = "sites.csv"
	DemandFile        = "demand.csv"
	PinsFile          = "pins.csv"
	// FrequenciesFile is optional: without it only rules.rhythm_weeks bounds the gaps.
	FrequenciesFile = "frequencies.csv"
	// FerriesFile is optional: the crossings besides roads and fixed links.
	FerriesFile = "ferries.csv"
	// RoadClosuresFile is optional: the lines no bus crosses while they are closed.
	RoadClosuresFile = "road_closures.csv"
)

// maxFileBytes bounds one file of a folder: France's largest, demand.csv, is 1.5 MB.
const maxFileBytes = 64 << 20

// fileSpec describes one file of a scenario folder.
type fileSpec struct {
	name string
	// columns is the one list of the file's columns: the reader checks headers
	// against it and Write heads the file with it, in this order.
	columns []column
	// kind is what a row's id names ("unit"), for the files that declare ids.
	kind string
	// rowsOf is what one row stands for ("bus"), for the message of a file with a
	// header and no rows; empty when the file may have none.
	rowsOf   string
	optional bool // the file may be missing
	maxRows  int  // 0: no bound
}

// requiredFiles lists the files a folder must hold, for messages.
var requiredFiles = strings.Join([]string{RulesFile, DepotsFile, UnitsFile, StaffFile, ServicesFile, SitesFile, DemandFile}, ", ")

// Read loads a scenario folder written by Write (or by hand). Communes come from the
// embedded territory, keyed by the INSEE codes that the folder names; demand rows with
// an empty need are derived as for the built-in scenarios, the others are imported and
// take precedence. p supplies the defaults of the rules and the access-factor settings.
//
// Every file is read strictly (docs/scenario-files.md): every column known, every row
// as wide as the header, every value parsed and within its range, every reference
// resolved. The error lists the folder's problems, up to 20, each as
// file:line: column …: what to change (a *csvtable.Errors when there are several).
func Read(ctx context.Context, dir string, p Params, f *territory.France, travel routing.Model) (*medibus.Scenario, error) {
	sc, _, err := ReadWithWarnings(ctx, dir, p, f, travel)
	return sc, err
}

// ReadWithWarnings is Read, with the warnings a person must see although the folder
// reads (up to 20, each a *csvtable.LineError): a code in an insee column that is
// also a postal code of other communes, or a site named after another commune.
func ReadWithWarnings(ctx context.Context, dir string, p Params, f *territory.France, travel routing.Model) (*medibus.Scenario, []error, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, nil, lang.Errorf("read scenario %s: not a folder (a scenario folder holds %s; write one with `medibus scenario export`)", dir, requiredFiles)
	}
	return readFS(ctx, os.DirFS(dir), dir, p, f, travel)
}

// readFS reads the scenario folder fsys; dir names it in messages.
func readFS(ctx context.Context, fsys fs.FS, dir string, p Params, f *territory.France, travel routing.Model) (*medibus.Scenario, []error, error) {
	sc, fo := parseFolder(fsys, dir, p, f)
	if err := fo.err(); err != nil {
		return nil, fo.warnings, err
	}
	road := travel
	travel = routing.WithFerries(travel, routing.ScenarioFerries(sc))
	if err := limitToFerryDays(ctx, sc, road, travel); err != nil {
		return nil, fo.warnings, err
	}
	fo.checkPinFrequencies(sc)
	if err := fo.checkPinnedDays(ctx, sc, travel); err != nil {
		return nil, fo.warnings, err
	}
	if !sc.Rules.DemandOnly {
		sc.Communes = append(sc.Communes, areaCommunes(sc, f, fo.named)...)
		// In code order, as the built-in scenarios have them, whatever the files named first.
		slices.SortFunc(sc.Communes, func(a, b medibus.Commune) int { return strings.Compare(a.INSEE, b.INSEE) })
	}
	if err := SetAccess(ctx, sc.Communes, f.Communes, p.TownPopulation, travel); err != nil {
		return nil, fo.warnings, err
	}
	MarkInNeed(sc.Communes, sc.Rules.InNeedBeyond(), &p)
	appendDerivedNeed(sc, fo.derive, &p)
	if !sc.Rules.DemandOnly {
		deriveDemand(sc, &p) // every pair demand.csv leaves out keeps its derived need
	}
	fo.checkFeasibleDemand(sc)
	if err := fo.err(); err != nil {
		return nil, fo.warnings, err
	}
	return sc, fo.warnings, nil
}

// areaCommunes are the communes of the departments the folder's buses serve (their
// area) and its sites lie in, less those already named: their need is derived unless
// demand.csv gives it (or rules.csv says demand_only).
func areaCommunes(sc *medibus.Scenario, f *territory.France, named map[string]bool) []medibus.Commune {
	depts := map[string]bool{}
	for _, u := range sc.Units {
		for _, d := range u.Area {
			depts[d] = true
		}
	}
	for _, c := range sc.Communes {
		if named[c.INSEE] {
			depts[c.Department] = true
		}
	}
	var out []medibus.Commune
	for _, c := range f.Communes {
		if depts[c.Department] && !named[c.INSEE] {
			out = append(out, c)
		}
	}
	return out
}

// parseFolder reads every file of the folder, gathering the problems of all of them
// in the folder's state; the scenario is complete only when there are none. Need to
// derive is left for readFS, since it takes travel times.
func parseFolder(fsys fs.FS, dir string, p Params, f *territory.France) (*medibus.Scenario, *folder) {
	sc := &medibus.Scenario{Name: filepath.Base(dir)}
	fo := newFolder(fsys, dir, f)
	readRules(fo, sc, p)
	sc.Depots = readDepots(fo)
	sc.Organisations = readOrganisations(fo)
	sc.Units = readUnits(fo)
	sc.Services = readServices(fo)
	sc.Staff = readStaff(fo)
	fo.checkSupervisors(sc.Staff)
	sc.Sites = readSites(fo)
	sc.Demand, fo.derive = readDemand(fo)
	sc.Communes = fo.communes
	sc.Pins = readPins(fo, sc)
	sc.Frequencies = readFrequencies(fo, sc.Sites, sc.Rules.CycleWeeks)
	sc.Ferries = readFerries(fo, sc.Rules.Days)
	sc.RoadClosures = readRoadClosures(fo)
	return sc, fo
}

// folder is what the readers of one scenario folder share: where it is, the ids each
// file declared (so later files can refer to them), the communes named so far, and the
// problems found.
type folder struct {
	fsys   fs.FS
	dir    string
	france *territory.France
	probs  problems
	ids    map[string]map[string]int // kind → id → line
	// broken marks the kinds (and "rules") whose file has problems: references to
	// them are not checked, so that one bad line is not reported again by every line
	// that names it.
	broken   map[string]bool
	communes []medibus.Commune // named by sites.csv and demand.csv, first seen first
	named    map[string]bool   // INSEE codes of communes
	// demandLines gives the line of each (insee, service) row of demand.csv.
	demandLines map[[2]string]int
	derive      [][2]string // demand rows whose need is to be derived
	pinLines    []int       // the line of each pin read, in order
	warnings    []error     // what reads but a person must see (codes.go)
	warned      map[string]bool
	// unread lists, per file, the declared columns present in the header that no
	// reader asked for: a reader that forgets a column it declares (tests check).
	unread map[string][]string
}

func newFolder(fsys fs.FS, dir string, f *territory.France) *folder {
	return &folder{fsys: fsys, dir: dir, france: f, ids: map[string]map[string]int{}, broken: map[string]bool{},
		named: map[string]bool{}, warned: map[string]bool{}, demandLines: map[[2]string]int{}, unread: map[string][]string{}}
}

// path names a file of the folder in messages.
func (fo *folder) path(name string) string { return filepath.Join(fo.dir, name) }

// err returns the problems found so far, or nil.
func (fo *folder) err() error { return fo.probs.err(fo.dir) }

// open reads the header of spec's file. It returns nil, with the problem recorded,
// when the file is missing (unless optional), unreadable, too large or has no header.
func (fo *folder) open(spec *fileSpec) *importFile {
	name, data, err := fo.readSpec(spec)
	path := fo.path(name)
	switch {
	case errors.Is(err, fs.ErrNotExist) && spec.optional:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		fo.probs.add(lang.Errorf("%s: missing file: a scenario folder holds %s (`medibus scenario export` writes an example)", path, requiredFiles))
	case errors.Is(err, errTooLarge):
		fo.probs.add(lang.Errorf("%s: larger than %d MB: a scenario of all France weighs 2 MB; check that this is a scenario file", path, maxFileBytes>>20))
	case errors.Is(err, errBoth):
		fo.probs.add(lang.Errorf("%s: both %s and %s are in the folder: keep one", path, spec.name, xlsxName(spec.name)))
	case err != nil:
		fo.probs.add(lang.Errorf("%s: %w", path, err))
	default:
		t, err := newTable(data, name, path)
		if err != nil {
			fo.probs.add(err)
			break
		}
		f := newStrictFile(t, spec.columns, &fo.probs, spec.rowsOf)
		f.maxRows = spec.maxRows
		return f
	}
	fo.broken[spec.kind] = true
	return nil
}

var (
	errTooLarge = errors.New("file too large")
	errBoth     = errors.New("both a CSV file and a workbook")
)

// xlsxName is the workbook that may stand for a CSV file of a folder: sites.xlsx for
// sites.csv.
func xlsxName(csvName string) string { return strings.TrimSuffix(csvName, ".csv") + ".xlsx" }

// readSpec reads spec's file, as CSV or as a workbook of the same name (sites.xlsx for
// sites.csv), and returns the name it was read from.
func (fo *folder) readSpec(spec *fileSpec) (string, []byte, error) {
	data, err := readLimited(fo.fsys, spec.name)
	book, berr := readLimited(fo.fsys, xlsxName(spec.name))
	switch {
	case err == nil && berr == nil:
		return spec.name, nil, errBoth
	case errors.Is(err, fs.ErrNotExist) && !errors.Is(berr, fs.ErrNotExist):
		return xlsxName(spec.name), book, berr
	}
	return spec.name, data, err
}

// newTable reads the header of a file of a folder: a workbook's first sheet when name
// ends in .xlsx, else CSV; path names it in messages.
func newTable(data []byte, name, path string) (*csvtable.Reader, error) {
	if !strings.HasSuffix(name, ".xlsx") {
		return csvtable.NewReader(bytes.NewReader(data), path)
	}
	sheets, err := workbook.Read(bytes.NewReader(data))
	if err != nil {
		return nil, &csvtable.LineError{File: path, Line: 1, Err: lang.Errorf("%v: save it again from the spreadsheet as .xlsx, or as CSV", err)}
	}
	return csvtable.NewRowsReader(sheetRows(sheets[0]), path)
}

// sheetRows turns a sheet's rows into a table's. A sheet keeps no empty cell at the
// end of a row: a row shorter than the header has its last cells empty.
func sheetRows(s workbook.Rows) []csvtable.Row {
	out := make([]csvtable.Row, len(s.Rows))
	for i, r := range s.Rows {
		fields := r.Fields
		if i > 0 && len(fields) < len(s.Rows[0].Fields) {
			fields = append(slices.Clone(fields), make([]string, len(s.Rows[0].Fields)-len(fields))...)
		}
		out[i] = csvtable.Row{Line: r.Line, Fields: fields}
	}
	return out
}

// readLimited reads a file of fsys, refusing one over maxFileBytes without reading it all.
func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileBytes {
		return nil, errTooLarge
	}
	return data, nil
}

// each calls row for every record of spec's file; a row's error is a problem of the
// folder, and reading goes on with the next row.
func (fo *folder) each(spec *fileSpec, row func(t *csvtable.Reader) error) {
	f := fo.open(spec)
	if f == nil {
		return
	}
	before := len(fo.probs.list)
	f.each(func() {
		err := controlProblem(f.t)
		if err == nil {
			err = row(f.t)
		}
		if err != nil {
			fo.probs.add(err)
		}
	})
	if f.badHeader || len(fo.probs.list) > before || fo.probs.more {
		fo.broken[spec.kind] = true
	}
	if f.records > 0 {
		fo.unread[spec.name] = f.t.Unused()
	}
}

// readRows reads the records of spec's file into one T each; rows with a problem are
// left out (the problem is the folder's).
func readRows[T any](fo *folder, spec *fileSpec, row func(t *csvtable.Reader) (T, error)) []T {
	var out []T
	fo.each(spec, func(t *csvtable.Reader) error {
		v, err := row(t)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out
}

// id checks that column col holds an id free of separators, unique within its kind,
// and records it.
func (fo *folder) id(t *csvtable.Reader, kind, col string) (string, error) {
	id := t.Get(col)
	if p := idProblem(id); p != "" {
		return "", t.Fail(col, "%s id %q %s: write a unique id with letters, digits, '-' or '_' (bus-23, gp-1)", kind, id, p)
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

// kindFiles names the file that declares the ids of each kind.
var kindFiles = map[string]string{
	"depot": DepotsFile, "unit": UnitsFile, "staff member": StaffFile, "service": ServicesFile, "site": SitesFile,
}

// ref checks that id was declared by the file of its kind, suggesting the closest id
// when there is one. References to a kind whose file has problems are not checked.
func (fo *folder) ref(t *csvtable.Reader, kind, col, id string) error {
	if _, ok := fo.ids[kind][id]; ok || fo.broken[kind] {
		return nil
	}
	if id == "" {
		return t.Fail(col, "empty %s: write the id of a %s of %s", kind, kind, kindFiles[kind])
	}
	known := make([]string, 0, len(fo.ids[kind]))
	for k := range fo.ids[kind] {
		known = append(known, k)
	}
	hint := ""
	if s, ok := closestSorted(id, known, max(1, len(id)/3)); ok {
		hint = fmt.Sprintf(" (did you mean %s?)", s)
	}
	return t.Fail(col, "unknown %s %q%s: it must be an id of %s", kind, id, hint, kindFiles[kind])
}

// commune checks that insee is a commune of the territory and adds it to the
// scenario's communes the first time it is named.
func (fo *folder) commune(t *csvtable.Reader, col, insee string) (*medibus.Commune, error) {
	c, err := fo.known(t, col, insee)
	if err != nil {
		return nil, err
	}
	if !fo.named[insee] {
		fo.named[insee] = true
		fo.communes = append(fo.communes, *c)
	}
	return c, nil
}

// known returns the commune of the territory whose INSEE code col holds; for an
// unknown code, the error says what it may have been meant to be (a postal code, a
// code that lost its leading zero…).
func (fo *folder) known(t *csvtable.Reader, col, insee string) (*medibus.Commune, error) {
	if c, ok := fo.france.Commune(insee); ok {
		return c, nil
	}
	if insee == "" {
		return nil, t.Fail(col, "empty INSEE code: write the commune's 5-character code (01001, 2A004)")
	}
	return nil, t.Fail(col, "unknown INSEE code %q: %s", insee, franceHints(fo.france).hint(insee))
}

// hints holds, per territory, the index that guesses what an unknown INSEE code was
// meant to be: made once, on first need, since it indexes every commune of France.
var hints sync.Map // *territory.France → *communeIndex

func franceHints(f *territory.France) *communeIndex {
	if ix, ok := hints.Load(f); ok {
		return ix.(*communeIndex)
	}
	// No scenario name: the index is of all France, and says so.
	ix, _ := hints.LoadOrStore(f, newCommuneIndex(&medibus.Scenario{Communes: f.Communes}))
	return ix.(*communeIndex)
}

// checkFeasibleDemand reports demand that no bus could ever serve: a service whose
// equipment no bus carries, or whose roles nobody holds; the problem is at the first
// line of demand.csv that asks for the service.
func (fo *folder) checkFeasibleDemand(sc *medibus.Scenario) {
	asked := map[string]int{} // service → first line asking for it
	for _, d := range sc.Demand {
		line := fo.demandLines[[2]string{d.INSEE, d.Service}]
		if line == 0 {
			continue // need demand.csv leaves out is derived, and asks for nothing
		}
		if first, ok := asked[d.Service]; d.Need > 0 && (!ok || line < first) {
			asked[d.Service] = line
		}
	}
	for _, s := range sc.Services {
		line, ok := asked[s.ID]
		if !ok {
			continue
		}
		if err := unservable(sc, &s); err != nil {
			fo.probs.add(&csvtable.LineError{File: fo.path(DemandFile), Line: line, Column: "service", Err: err})
		}
	}
}

// unservable says why no session of s could ever be held, or nil.
func unservable(sc *medibus.Scenario, s *medibus.Service) error {
	equipped := false
	for i := range sc.Units {
		equipped = equipped || sc.Units[i].HasEquipment(s.Equipment)
	}
	if !equipped {
		return lang.Errorf("impossible demand for service %s: no bus carries %s; add it to a bus's equipment in %s or drop the demand",
			s.ID, join(s.Equipment), UnitsFile)
	}
	for _, role := range s.Roles {
		found := false
		for _, m := range sc.Staff {
			found = found || m.Role == role
		}
		if !found {
			return lang.Errorf("impossible demand for service %s: nobody in %s has role %s; add such a person or drop the demand",
				s.ID, StaffFile, role)
		}
	}
	return nil
}

// IsBuiltIn reports whether name is a built-in scenario: france, a region or a
// department (see Names).
func IsBuiltIn(name string, f *territory.France) bool {
	_, _, err := scope(name, f)
	return err == nil
}
