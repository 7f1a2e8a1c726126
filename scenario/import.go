package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"medibus"
	"medibus/csvtable"
	"medibus/lang"
)

// Every CSV file medibus reads from a person — a scenario folder's files and the
// imported demand and APL files — is read strictly: every column must be known, every
// row as wide as the header, and all the problems found are reported at once, so that
// one round of corrections fixes most of them.

// maxProblems is how many problems are reported together (of one imported file, or of
// one scenario folder): enough to fix a file in a round or two, few enough to read.
const maxProblems = 20

// column is a column a file may have. Each file declares its columns once, in one
// list (file_*.go): the reader checks headers against it and the writer heads its
// files with it. Its values are bounded in length by its name (cellBounds, bounds.go).
type column struct {
	name     string   // the name documented in docs/scenario-files.md
	aliases  []string // other spellings accepted, in lower case
	required bool
}

// columnNames returns the names of cols, in order: a file's header.
func columnNames(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// problems gathers the problems of one input, up to maxProblems.
type problems struct {
	list []error
	more bool // stopped at maxProblems: the input may hold more
}

// add keeps err, up to maxProblems; beyond, it records that there are more.
func (p *problems) add(err error) {
	if len(p.list) == maxProblems {
		p.more = true
		return
	}
	p.list = append(p.list, err)
}

// err returns the problems found in the input named name, or nil.
func (p *problems) err(name string) error {
	if len(p.list) == 0 {
		return nil
	}
	return &csvtable.Errors{File: name, List: p.list, More: p.more}
}

// importFile reads one strict file: its header checked against the known columns,
// then each row, gathering problems until maxProblems.
type importFile struct {
	path string
	t    *csvtable.Reader
	cols map[string]string // column name → its spelling in the header
	// names maps back each spelling of the header to its column's name.
	names map[string]string
	probs *problems
	// badHeader is set when the header has a problem: then no row is read, since none
	// could be understood.
	badHeader bool
	records   int
	suggested map[string]bool // columns an unknown header name was taken for
	// rowsOf says what one row stands for ("commune"), for the message of a file with
	// a header and no rows; empty when such a file is fine.
	rowsOf string
	// maxRows bounds the rows read (0: no bound); the first row beyond is a problem.
	maxRows int
}

// openImport reads the header of data, the content of the file at path, for an
// imported file: its problems are its own. An empty file, or one whose header is not
// UTF-8, is an error at once.
func openImport(data []byte, path string, cols []column) (*importFile, error) {
	t, err := csvtable.NewReader(bytes.NewReader(data), path)
	if err != nil {
		return nil, err
	}
	return newStrictFile(t, cols, &problems{}, "commune"), nil
}

// newStrictFile checks the header of t against cols, reporting to probs, and maps each
// known column's spelling to its name, so that t.Get(name) reaches it.
func newStrictFile(t *csvtable.Reader, cols []column, probs *problems, rowsOf string) *importFile {
	f := &importFile{path: t.File(), t: t, cols: map[string]string{}, probs: probs, suggested: map[string]bool{}, rowsOf: rowsOf}
	f.header(cols)
	f.names = make(map[string]string, len(f.cols))
	for name, h := range f.cols {
		t.Alias(name, h)
		f.names[h] = name
	}
	return f
}

// header maps the header's names to known columns, case aside.
func (f *importFile) header(cols []column) {
	head := f.t.Columns()
	if len(head) == 1 && strings.Contains(head[0], ";") {
		f.headerProblem(f.headerError("", "the header %q is separated by semicolons: save the file as CSV with commas (and dots for decimals)", head[0]))
		return
	}
	known := map[string]string{} // spelling → column name
	var spellings []string
	for _, c := range cols {
		for _, s := range append([]string{c.name}, c.aliases...) {
			known[s] = c.name
			spellings = append(spellings, s)
		}
	}
	for i, h := range head {
		if err := headerTooLong(f.t, i, h); err != nil {
			f.headerProblem(err)
			continue
		}
		name, ok := known[strings.ToLower(h)]
		switch {
		case h == "":
			f.headerProblem(f.headerError(strconv.Itoa(i+1), "a column has no name: name it (%s) or delete it", columnList(cols)))
		case !ok:
			f.headerProblem(f.headerError(h, "unknown column %q%s: the columns are %s", h, f.didYouMean(h, spellings, known), columnList(cols)))
		case f.cols[name] != "":
			f.headerProblem(f.headerError(h, "columns %q and %q both give the %s: keep one", f.cols[name], h, name))
		default:
			f.cols[name] = h
		}
	}
	for _, c := range cols {
		if c.required && f.cols[c.name] == "" && !f.suggested[c.name] {
			f.headerProblem(f.headerError("", "missing column %q: the columns are %s", c.name, columnList(cols)))
		}
	}
}

// didYouMean suggests the known column closest to an unknown header name, if any is
// close, and remembers it so that the column is not also reported missing.
func (f *importFile) didYouMean(h string, spellings []string, known map[string]string) string {
	s, ok := closest(strings.ToLower(h), spellings, max(2, len(h)/3))
	if !ok {
		return ""
	}
	f.suggested[known[s]] = true
	return fmt.Sprintf(" (did you mean %s?)", s)
}

func (f *importFile) headerError(col, format string, args ...any) error {
	return &csvtable.LineError{File: f.path, Line: 1, Column: col, Err: lang.Errorf(format, args...)}
}

// columnList names the columns for messages: "insee, service, need and optionally source".
func columnList(cols []column) string {
	var req, opt []string
	for _, c := range cols {
		if c.required {
			req = append(req, c.name)
		} else {
			opt = append(opt, c.name)
		}
	}
	s := strings.Join(req, ", ")
	if len(opt) > 0 {
		s += " and optionally " + strings.Join(opt, ", ")
	}
	return s
}

// each calls row on every record as wide as the header. Records the CSV reader rejects
// (a stray quote, bytes that are not UTF-8) and rows of the wrong width are problems
// of their own; a file with a header and no rows is one too, unless rowsOf is empty.
func (f *importFile) each(row func()) {
	if f.badHeader {
		return // a bad header makes every row doubtful
	}
	width := len(f.t.Columns())
	for !f.probs.more {
		err := f.t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		f.records++
		switch {
		case err != nil:
			f.problem(err)
		case f.maxRows > 0 && f.records > f.maxRows:
			f.problem(f.t.Fail("", "more than %d rows: a scenario holds at most %d %ss; split it into smaller scenarios", f.maxRows, f.maxRows, f.rowsOf))
			return
		case f.t.Fields() != width:
			f.problem(f.widthError(width))
		default:
			if err := f.tooLong(); err != nil {
				f.problem(err)
				continue
			}
			row()
		}
	}
	if f.records == 0 && f.rowsOf != "" {
		f.problem(f.headerError("", "the file has a header but no rows: add one row per %s", f.rowsOf))
	}
}

func (f *importFile) widthError(width int) error {
	n, head := f.t.Fields(), f.t.Columns()
	count := strconv.Itoa(n) + " fields"
	if n == 1 {
		count = "1 field"
	}
	if n > width {
		return f.t.Fail(strconv.Itoa(width+1), "%s, but the header names %d columns (%s): remove the extra fields (in a file separated by commas, a decimal comma splits a number in two: write 2.5, or separate the fields with ';')",
			count, width, strings.Join(head, ", "))
	}
	return f.t.Fail(head[n], "%s, but the header names %d columns (%s): give every row a value for each column",
		count, width, strings.Join(head, ", "))
}

// problem keeps err, up to maxProblems; beyond, reading stops.
func (f *importFile) problem(err error) { f.probs.add(err) }

// headerProblem keeps a problem of the header: then no row is read.
func (f *importFile) headerProblem(err error) {
	f.badHeader = true
	f.problem(err)
}

// err returns the problems found, or nil.
func (f *importFile) err() error { return f.probs.err(f.path) }

// get returns the value of a known column in the current row ("" if the file lacks it).
func (f *importFile) get(name string) string {
	if h := f.cols[name]; h != "" {
		return f.t.Get(h)
	}
	return ""
}

// fail reports a problem with a known column of the current row, named as the header
// spells it.
func (f *importFile) fail(name, format string, args ...any) {
	f.problem(f.t.Fail(f.cols[name], format, args...))
}

// number reads a required finite number, 0 or more, from column name; what and unit
// are as for nonNegativeCol.
func (f *importFile) number(name, what, unit string) (float64, bool) {
	if f.get(name) == "" {
		f.fail(name, "empty %s: write %s, or drop the row", what, unit)
		return 0, false
	}
	v, err := nonNegativeCol(f.t, f.cols[name], what, unit)
	if err != nil {
		f.problem(err)
		return 0, false
	}
	return v, true
}

// firstLine reports a row whose key an earlier row had; it records the key otherwise.
// A key with an empty part is not compared: the empty cell is a problem of its own.
func (f *importFile) firstLine(seen map[string]int, key []string, col, what string) bool {
	if slices.Contains(key, "") {
		return true
	}
	k := strings.Join(key, "\x00")
	if line, dup := seen[k]; dup {
		f.fail(col, "%s given twice (first on line %d): keep one row", what, line)
		return false
	}
	seen[k] = f.t.Line()
	return true
}

// insee checks that column name holds the INSEE code of a commune of the scenario.
func (f *importFile) insee(name string, ix *communeIndex) (string, bool) {
	code := f.get(name)
	if code == "" {
		f.fail(name, "empty INSEE code: write the commune's 5-character code (01001, 2A004), or drop the row")
		return "", false
	}
	if ix.byCode[code] == nil {
		f.fail(name, "unknown INSEE code %q: %s", code, ix.hint(code))
		return code, false
	}
	return code, true
}

// communeIndex finds the communes of a scenario by INSEE code, and guesses what an
// unknown code was meant to be.
type communeIndex struct {
	scenario string
	byCode   map[string]*medibus.Commune
	byPostal map[string][]*medibus.Commune
	codes    []string // sorted, so that the closest code is chosen the same way each time
}

func newCommuneIndex(sc *medibus.Scenario) *communeIndex {
	ix := &communeIndex{scenario: sc.Name, byCode: map[string]*medibus.Commune{}, byPostal: map[string][]*medibus.Commune{}}
	for i := range sc.Communes {
		c := &sc.Communes[i]
		if ix.byCode[c.INSEE] != nil {
			continue
		}
		ix.byCode[c.INSEE] = c
		ix.codes = append(ix.codes, c.INSEE)
		for _, pc := range c.PostalCodes {
			ix.byPostal[pc] = append(ix.byPostal[pc], c)
		}
	}
	slices.Sort(ix.codes)
	for _, cs := range ix.byPostal { // the town a postal code is named after first
		slices.SortStableFunc(cs, func(a, b *medibus.Commune) int { return b.Population - a.Population })
	}
	return ix
}

// hint says what an INSEE code that no commune of the scenario has may have meant:
// a postal code, a code that lost its leading zero or its capital letter, a typing
// slip, or a commune outside the scenario.
func (ix *communeIndex) hint(code string) *lang.Message {
	if cs := ix.byPostal[code]; len(cs) > 0 {
		return lang.New("it is the postal code of %s: write the INSEE code of the commune", communeList(cs))
	}
	if c := ix.byCode["0"+code]; len(code) == 4 && c != nil {
		return lang.New("did you mean %s (%s)? Spreadsheets drop leading zeros: keep the column as text", c.INSEE, c.Name)
	}
	if c := ix.byCode[strings.ToUpper(code)]; c != nil {
		return lang.New("did you mean %s (%s)? Corsican codes take a capital A or B", c.INSEE, c.Name)
	}
	s, near := closest(code, ix.codes, 1)
	switch {
	case ix.scenario == "" && near: // the index of all France, for scenario folders
		return lang.New("no commune of metropolitan France has it; did you mean %s (%s)?", s, ix.byCode[s].Name)
	case ix.scenario == "":
		return lang.New("no commune of metropolitan France has it: write the commune's 5-character INSEE code (01001, 2A004)")
	case near:
		return lang.New("no commune of scenario %s has it; did you mean %s (%s)? If not, the commune may be outside the scenario: drop the row",
			ix.scenario, s, ix.byCode[s].Name)
	}
	return lang.New("no commune of scenario %s has it: the commune may be outside the scenario (drop the row) or the code mistyped (write 5 characters: 01001, 2A004)",
		ix.scenario)
}

// closest returns the first option at the smallest edit distance from word, if that
// distance is at most maxDist.
func closest(word string, options []string, maxDist int) (string, bool) {
	best, bestDist := "", maxDist+1
	for _, o := range options {
		if d := editDistance(word, o); d < bestDist {
			best, bestDist = o, d
		}
	}
	return best, bestDist <= maxDist
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			sub := prev[j-1]
			if x[i-1] != y[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

// maxSuggestFrom bounds the options a suggestion is sought among: the edit distance to
// each is cheap, but not to 100,000 sites for each of 20 problems.
const maxSuggestFrom = 5000

// closestSorted is closest over options in sorted order, so that ties resolve the same
// way each time; it sorts options in place and gives up on very long lists.
func closestSorted(word string, options []string, maxDist int) (string, bool) {
	if len(options) > maxSuggestFrom {
		return "", false
	}
	slices.Sort(options)
	return closest(word, options, maxDist)
}
