package server

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"medibus"
)

// communeIndex finds communes by name, ignoring accents, case, hyphens and apostrophes,
// or by postal code. It is built once over the whole territory.
type communeIndex struct {
	communes []medibus.Commune
	byINSEE  map[string]int
	byPostal map[string][]int
	// names are the normalised names with their commune index, sorted by name, so a
	// prefix search is a binary search.
	names []nameEntry
}

type nameEntry struct {
	key string
	i   int
}

func newCommuneIndex(cs []medibus.Commune) *communeIndex {
	ix := &communeIndex{communes: cs, byINSEE: make(map[string]int, len(cs)), byPostal: map[string][]int{}}
	for i := range cs {
		c := &cs[i]
		ix.byINSEE[c.INSEE] = i
		for _, pc := range c.PostalCodes {
			ix.byPostal[pc] = append(ix.byPostal[pc], i)
		}
		ix.names = append(ix.names, nameEntry{normalize(c.Name), i})
	}
	sort.Slice(ix.names, func(a, b int) bool {
		if ix.names[a].key != ix.names[b].key {
			return ix.names[a].key < ix.names[b].key
		}
		return cs[ix.names[a].i].Population > cs[ix.names[b].i].Population
	})
	return ix
}

// normalize folds a name for matching: "Saint-Étienne-d'Orthe" → "saint etienne d orthe".
func normalize(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	folded = strings.NewReplacer("œ", "oe", "Œ", "oe", "æ", "ae", "Æ", "ae").Replace(folded)
	folded = strings.ToLower(folded)
	return strings.Join(strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func (ix *communeIndex) commune(insee string) (*medibus.Commune, bool) {
	i, ok := ix.byINSEE[insee]
	if !ok {
		return nil, false
	}
	return &ix.communes[i], true
}

// find returns up to limit communes matching q: by postal code if q is five digits,
// else names that start with q first (larger communes first among equal names), then
// names that contain it.
func (ix *communeIndex) find(q string, limit int) []*medibus.Commune {
	q = strings.TrimSpace(q)
	var out []*medibus.Commune
	if len(q) == 5 && strings.Trim(q, "0123456789") == "" {
		for _, i := range ix.byPostal[q] {
			out = append(out, &ix.communes[i])
		}
		if c, ok := ix.commune(q); ok && len(out) == 0 {
			out = append(out, c)
		}
		if len(out) > limit {
			out = out[:limit]
		}
		return out
	}
	key := normalize(q)
	if key == "" {
		return nil
	}
	seen := map[int]bool{}
	// Exact names first, then prefixes, in the sorted order.
	lo := sort.Search(len(ix.names), func(i int) bool { return ix.names[i].key >= key })
	var exact, prefix []int
	for j := lo; j < len(ix.names) && strings.HasPrefix(ix.names[j].key, key); j++ {
		if ix.names[j].key == key {
			exact = append(exact, ix.names[j].i)
		} else if len(prefix) < limit {
			prefix = append(prefix, ix.names[j].i)
		}
	}
	for _, i := range append(exact, prefix...) {
		if len(out) == limit {
			return out
		}
		seen[i] = true
		out = append(out, &ix.communes[i])
	}
	if len(key) < 3 {
		return out
	}
	for _, e := range ix.names {
		if len(out) == limit {
			break
		}
		if !seen[e.i] && strings.Contains(e.key, key) {
			seen[e.i] = true
			out = append(out, &ix.communes[e.i])
		}
	}
	return out
}
