package server

import (
	"encoding/json"
	"fmt"
	"strings"
)

// siteIndex is the static site's index of communes, which static/search.js searches as
// the live server's communeIndex does: every commune of France in INSEE order (postal
// codes are matched in that order; the communes of some departments only with
// PublicSite.LimitTo), with its name folded by normalize, and the order of the folded
// names (larger communes first among equal names) for the name search.
type siteIndex struct {
	Revision int64 `json:"revision"`
	// Fields names the columns of Communes.
	Fields   []string    `json:"fields"`
	Communes [][5]string `json:"communes"`
	// ByName lists the positions in Communes by folded name.
	ByName []int `json:"by_name"`
}

// SearchIndex renders the JSON index of communes the home page's search reads.
func (p *PublicSite) SearchIndex() ([]byte, error) {
	ix := p.s.search
	out := siteIndex{Revision: p.v.rev, Fields: []string{"insee", "name", "postal_codes", "department", "key"},
		Communes: [][5]string{}, ByName: []int{}}
	key := make([]string, len(ix.communes))
	for _, e := range ix.names {
		key[e.i] = e.key
	}
	// pos is each kept commune's position in out.Communes.
	pos := make(map[int]int, len(ix.communes))
	for i := range ix.communes {
		if c := &ix.communes[i]; p.keeps(c) {
			pos[i] = len(out.Communes)
			out.Communes = append(out.Communes, [5]string{c.INSEE, c.Name, strings.Join(c.PostalCodes, " "), c.Department, key[i]})
		}
	}
	for _, e := range ix.names {
		if j, ok := pos[e.i]; ok {
			out.ByName = append(out.ByName, j)
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("the index of communes: %w", err)
	}
	return b, nil
}
