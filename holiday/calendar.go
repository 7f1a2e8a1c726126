package holiday

import (
	"medibus"
)

// Calendar answers whether a session can happen at a site on a date: not on a public
// holiday of the site's department, nor on a declared closure that covers the site.
type Calendar struct {
	closures []medibus.Closure
}

// New returns the calendar of the public holidays and of closures.
func New(closures []medibus.Closure) *Calendar {
	return &Calendar{closures: closures}
}

// Closed returns why no session can happen at the site (id, and INSEE code of its
// commune) on d: the holiday's name, or the closure's reason prefixed with
// "fermeture : ". ok is false on an ordinary day.
func (c *Calendar) Closed(d medibus.Date, siteID, siteINSEE string) (reason string, ok bool) {
	dept := Department(siteINSEE)
	if name, ok := On(d, dept); ok {
		return name, true
	}
	if c == nil {
		return "", false
	}
	for i := range c.closures {
		if cl := &c.closures[i]; cl.Covers(d, dept, siteID) {
			if cl.Reason == "" {
				return "fermeture", true
			}
			return "fermeture : " + cl.Reason, true
		}
	}
	return "", false
}
