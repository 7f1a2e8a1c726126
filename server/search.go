package server

import (
	"fmt"
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

// normalize folds a name for matching: "Saint-Étienne-d'Orthe" → "saint etienne d orthe",
// and spells out the abbreviations people type: "St Sébastien" → "saint sebastien".
// server/web/static/search.js folds names the same way for the static site.
func normalize(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	folded = strings.NewReplacer("œ", "oe", "Œ", "oe", "æ", "ae", "Æ", "ae").Replace(folded)
	folded = strings.ToLower(folded)
	words := strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range words {
		if full, ok := abbreviations[w]; ok {
			words[i] = full
		}
	}
	return strings.Join(words, " ")
}

// abbreviations are the short forms of commune names people type; official names spell
// them out.
var abbreviations = map[string]string{"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}

// overseas names the overseas territory of a postal code's first three digits.
var overseas = map[string]string{
	"971": "la Guadeloupe", "972": "la Martinique", "973": "la Guyane", "974": "La Réunion", "975": "Saint-Pierre-et-Miquelon",
	"976": "Mayotte", "977": "Saint-Barthélemy", "978": "Saint-Martin", "986": "Wallis-et-Futuna", "987": "la Polynésie française",
	"988": "la Nouvelle-Calédonie",
}

// notFound says, in a sentence, why a search found no commune and what to try.
func notFound(q string) string {
	q = strings.TrimSpace(q)
	if len(q) == 5 && strings.Trim(q, "0123456789") == "" {
		if where, ok := overseas[q[:3]]; ok {
			return fmt.Sprintf("Le code postal %s est celui d'une commune de %s : les médicobus de ce service circulent en France métropolitaine seulement.", q, where)
		}
		if strings.HasPrefix(q, "980") {
			return fmt.Sprintf("Le code postal %s est celui de Monaco : les médicobus de ce service circulent en France métropolitaine seulement.", q)
		}
		return fmt.Sprintf("Aucune commune de France métropolitaine n'a le code postal %s : vérifiez-le, ou cherchez par le nom de la commune.", q)
	}
	return fmt.Sprintf("Aucune commune ne s'appelle « %s » ni ne commence ainsi : vérifiez l'orthographe (accents, majuscules et traits d'union ne comptent pas ; « St » vaut « Saint »), ou cherchez par le code postal.", q)
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
