package scenario

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"medibus"
	"medibus/csvtable"
	"medibus/lang"
	"medibus/territory"
)

// A code in an insee column may be a real INSEE code and still not be the commune
// meant: a postal code typed where the INSEE code belongs (23210 is the postal code of
// Bénévent-l'Abbaye, and the INSEE code of Saint-Maixant), or a site named after
// another commune. Such a code reads without error, so these checks give warnings,
// which `scenario check`, `plan` and the desk's upload show.

// maxWarnings bounds the warnings of one folder, as maxProblems bounds its problems.
const maxWarnings = 20

// namesIndex holds, per department, the communes by their folded names, to find a
// commune named in a site's name.
type namesIndex struct {
	byDept map[string][]namedCommune
}

type namedCommune struct {
	words string // the folded name, words separated by one space
	c     *medibus.Commune
}

var names sync.Map // *territory.France → *namesIndex

func franceNames(f *territory.France) *namesIndex {
	if ix, ok := names.Load(f); ok {
		return ix.(*namesIndex)
	}
	ix := &namesIndex{byDept: map[string][]namedCommune{}}
	for i := range f.Communes {
		c := &f.Communes[i]
		ix.byDept[c.Department] = append(ix.byDept[c.Department], namedCommune{words: words(c.Name), c: c})
	}
	for _, cs := range ix.byDept { // the longest name first: "La Celle-Dunoise" before "La Celle"
		slices.SortStableFunc(cs, func(a, b namedCommune) int { return len(b.words) - len(a.words) })
	}
	v, _ := names.LoadOrStore(f, ix)
	return v.(*namesIndex)
}

// words folds s and keeps its words of letters and digits, one space apart:
// "Bénévent-l'Abbaye" → "benevent l abbaye".
func words(s string) string {
	return strings.Join(strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// contains reports whether the words of name appear in text as whole words.
func containsWords(text, name string) bool {
	return name != "" && strings.Contains(" "+text+" ", " "+name+" ")
}

// named returns the commune of dept (or among also) whose name the text names, the
// longest name first, or nil. Names of fewer than 4 letters are left out: too many
// words of a place's name are one.
func (ix *namesIndex) named(text string, dept string, also []*medibus.Commune) *medibus.Commune {
	w := words(text)
	for _, c := range also {
		if n := words(c.Name); len(n) >= 4 && containsWords(w, n) {
			return c
		}
	}
	for _, nc := range ix.byDept[dept] {
		if len(nc.words) >= 4 && containsWords(w, nc.words) {
			return nc.c
		}
	}
	return nil
}

// warnCode checks that the INSEE code in column col of the current row is the commune
// meant, given the row's name (a site's or a depot's; "" for none): a warning when
// the code is also a postal code of other communes, and the name does not confirm
// it, or when the name names another commune.
func (fo *folder) warnCode(t *csvtable.Reader, col string, c *medibus.Commune, name string) {
	if name != "" && containsWords(words(name), words(c.Name)) {
		return // the name confirms the code
	}
	key := t.File() + "\x00" + c.INSEE + "\x00" + name
	if fo.warned[key] {
		return // once per file, code and name: demand.csv names a commune once per service
	}
	fo.warned[key] = true
	var postal []*medibus.Commune
	if !slices.Contains(c.PostalCodes, c.INSEE) {
		for _, o := range franceHints(fo.france).byPostal[c.INSEE] {
			if o.INSEE != c.INSEE {
				postal = append(postal, o)
			}
		}
	}
	var other *medibus.Commune
	if name != "" {
		other = franceNames(fo.france).named(name, c.Department, postal)
		if other != nil && other.INSEE == c.INSEE {
			other = nil
		}
	}
	switch {
	case other != nil && slices.Contains(postal, other):
		fo.warn(t.Fail(col, "%s is the INSEE code of %s; it is also the postal code of %s, which the name %q names: check the insee column (the INSEE code of %s is %s)",
			c.INSEE, c.Name, communeList(postal), name, other.Name, other.INSEE))
	case other != nil:
		fo.warn(t.Fail(col, "the name %q names %s (%s), but %s is the INSEE code of %s: check the insee column",
			name, other.Name, other.INSEE, c.INSEE, c.Name))
	case len(postal) > 0:
		fo.warn(t.Fail(col, "%s is the INSEE code of %s; it is also the postal code of %s: check the insee column (a postal code is not an INSEE code)",
			c.INSEE, c.Name, communeList(postal)))
	}
}

// communeList names up to three communes with their INSEE codes, the most populous
// first, and how many more.
func communeList(cs []*medibus.Commune) *lang.Message {
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b *medibus.Commune) int { return b.Population - a.Population })
	var parts []string
	for _, c := range cs[:min(len(cs), 3)] {
		parts = append(parts, fmt.Sprintf("%s (%s)", c.Name, c.INSEE))
	}
	if len(cs) > 3 {
		return lang.New("%s and %d more", strings.Join(parts, ", "), len(cs)-3)
	}
	return lang.New("%s", strings.Join(parts, ", "))
}

// warn keeps a warning, up to maxWarnings.
func (fo *folder) warn(err error) {
	if len(fo.warnings) < maxWarnings {
		fo.warnings = append(fo.warnings, err)
	}
}
