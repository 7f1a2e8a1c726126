package server_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

// TestDriverDayLinks: a driver's sheet leads to the bus's previous and next working
// days, named (with the year when it is another), over the weekend, and to today; a
// day no published plan covers says so; a coordinator checking a plan keeps it.
func TestDriverDayLinks(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	link := regexp.MustCompile(`<li class="(prev|today|next)">(?:<a href="([^"]*)"[^>]*><span class="dir">([^<]*)</span> <span class="day">([^<]*)</span></a>|<span class="none">([^<]*)</span>)</li>`)
	for _, tc := range []struct {
		path, token string
		want        []string // class, href, direction, day
	}{
		{"/driver/bus-23/2026-11-27", e.driver, []string{
			"prev|/driver/bus-23/2026-11-26|← Jour précédent|jeudi 26 novembre|",
			"today|/driver/bus-23/2026-11-23|Aujourd'hui|lundi 23 novembre|",
			"next|/driver/bus-23/2026-11-30|Jour suivant →|lundi 30 novembre|",
		}},
		{"/driver/bus-23/2026-11-23", e.driver, []string{
			"prev||||Pas de jour précédent publié", // nothing published before the plan's first day
			"today|/driver/bus-23/2026-11-23|Aujourd'hui|lundi 23 novembre|",
			"next|/driver/bus-23/2026-11-24|Jour suivant →|mardi 24 novembre|",
		}},
		{"/driver/bus-23/2026-12-31", e.driver, []string{
			"prev|/driver/bus-23/2026-12-30|← Jour précédent|mercredi 30 décembre|",
			"today|/driver/bus-23/2026-11-23|Aujourd'hui|lundi 23 novembre|",
			"next|/driver/bus-23/2027-01-01|Jour suivant →|vendredi 1 janvier 2027|",
		}},
		{"/driver/bus-23/2026-11-27?plan=1", e.coordinator, []string{
			"prev|/driver/bus-23/2026-11-26?plan=1|← Jour précédent|jeudi 26 novembre|",
			"today|/driver/bus-23/2026-11-23?plan=1|Aujourd'hui|lundi 23 novembre|",
			"next|/driver/bus-23/2026-11-30?plan=1|Jour suivant →|lundi 30 novembre|",
		}},
	} {
		res, body := e.do("GET", tc.path, tc.token, "")
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %.500s", tc.path, res.StatusCode, body)
		}
		var got []string
		for _, m := range link.FindAllStringSubmatch(body, -1) {
			got = append(got, html.UnescapeString(strings.Join(m[1:], "|")))
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: the day links are\n%s\nwant\n%s", tc.path, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
		if current := strings.Contains(body, `aria-current="date"`); current != (tc.path == "/driver/bus-23/2026-11-23") {
			t.Errorf("%s: today's link marked current: %v", tc.path, current)
		}
	}
}
