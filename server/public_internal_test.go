package server

import (
	"crypto/tls"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"medibus"
)

// TestShownMinutes: the minutes a page prints never contradict the catchment: a stop
// within it never reads beyond it, a stop beyond it never reads within it or at it.
func TestShownMinutes(t *testing.T) {
	for _, tc := range []struct {
		leg    float64
		within bool
		want   int
	}{
		{0, true, 0},
		{12.4, true, 12},
		{19.5, true, 20},
		{20, true, 20},      // exactly at the catchment: within, « 20 »
		{20.001, false, 21}, // just beyond: « 21 », never « 20 »
		{20.4, false, 21},   // the user's « environ 20 minutes » of a stop beyond
		{21, false, 21},     // whole minutes stay
		{23.2, false, 24},   // rounded up beyond
		{95.01, false, 96},  // far
		{19.9999, true, 20}, // rounds to the catchment, not past it
		{-0.0001, true, 0},  // same place
		{20.0000001, false, 21},
	} {
		if got := withinCatchment(tc.leg, 20); got != tc.within {
			t.Errorf("withinCatchment(%v, 20) = %v", tc.leg, got)
		}
		if got := shownMinutes(tc.leg, 20); got != tc.want {
			t.Errorf("shownMinutes(%v, 20) = %d, want %d", tc.leg, got, tc.want)
		}
	}
}

// TestUnservedSentence: what a commune's page and poster say when no session near it
// is listed: the nearest stop beyond the catchment with its true drive, none within
// 200 km, or sites near with nothing planned.
func TestUnservedSentence(t *testing.T) {
	c := &medibus.Commune{Name: "Limoges"}
	stop := func(min int) *siteRow {
		return &siteRow{Name: "Place de la mairie", Commune: "Bessines-sur-Gartempe", Minutes: min}
	}
	for _, tc := range []struct {
		name      string
		sitesNear bool
		nearest   *siteRow
		want      string
	}{
		{"just beyond", false, stop(21), "Aucun médicobus ne s'arrête à 20 minutes de route ou moins de Limoges. L'arrêt le plus proche est Place de la mairie (Bessines-sur-Gartempe), à 21 minutes de route, juste au-delà de ces 20 minutes."},
		{"beyond", false, stop(24), "Aucun médicobus ne s'arrête à 20 minutes de route ou moins de Limoges. L'arrêt le plus proche est Place de la mairie (Bessines-sur-Gartempe), à 24 minutes de route, au-delà de ces 20 minutes."},
		{"far", false, stop(65), "L'arrêt le plus proche est Place de la mairie (Bessines-sur-Gartempe), à 1 h 05 de route, au-delà de ces 20 minutes."},
		{"an hour", false, stop(120), "à 2 h de route, au-delà"},
		{"the stop names its commune", false, &siteRow{Name: "Mairie de Bessines", Commune: "Bessines", Minutes: 30}, "L'arrêt le plus proche est Mairie de Bessines, à 30 minutes"},
		{"over the water", false, stop(overWater), "Aucun médicobus ne s'arrête à 20 minutes de route ou moins de Limoges : aucune route n'y mène (une île sans pont, et aucun bac déclaré n'y porte le bus). L'arrêt le plus proche est Place de la mairie (Bessines-sur-Gartempe), de l'autre côté de l'eau, traversée en bateau non comprise."},
		{"none within 200 km", false, nil, "Aucun médicobus ne s'arrête à 20 minutes de route ou moins de Limoges, ni à moins de 200 km."},
		{"sites near, nothing planned", true, nil, "Aucune consultation du médicobus n'est prévue à 20 minutes de route ou moins de Limoges dans les huit prochaines semaines."},
	} {
		got := unservedSentence(c, 20, tc.sitesNear, tc.nearest)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if strings.Contains(got, "environ") || strings.Contains(got, "à moins de 20 minutes") {
			t.Errorf("%s: %q says the stop could be within the catchment", tc.name, got)
		}
	}
	for _, tc := range []struct {
		minutes int
		want    string
	}{{12, "à 12 min de Bugeat"}, {overWater, "de l'autre côté de l'eau (traversée non comprise)"}} {
		if got := travelFr(tc.minutes, "Bugeat"); got != tc.want {
			t.Errorf("travelFr(%d): %q, want %q", tc.minutes, got, tc.want)
		}
	}
	if got := unservedSentence(&medibus.Commune{Name: "Ahun"}, 20, false, stop(24)); !strings.Contains(got, "ou moins d'Ahun.") {
		t.Errorf("élision: %q", got)
	}
}

// TestSplitListed: a page's list keeps the cancelled occurrences at their dates among
// the sessions it lists; those after its last session are listed apart.
func TestSplitListed(t *testing.T) {
	occs := func(spec string) []occurrence {
		var out []occurrence
		for i, c := range spec {
			out = append(out, occurrence{Date: medibus.Date(i), Cancelled: c == 'x'})
		}
		return out
	}
	str := func(os []occurrence) string {
		var b strings.Builder
		for _, o := range os {
			if o.Cancelled {
				b.WriteByte('x')
			} else {
				b.WriteByte('o')
			}
		}
		return b.String()
	}
	for _, tc := range []struct {
		in          string
		limit       int
		list, later string
	}{
		{"ooo", 3, "ooo", ""},
		{"oxoo", 3, "oxoo", ""},
		{"xoooo", 3, "xooo", ""},
		{"ooxoxoxx", 3, "ooxox", "xx"}, // the 4th session held ends the list
		{"xxx", 3, "xxx", ""},
		{"", 3, "", ""},
	} {
		list, later := splitListed(occs(tc.in), tc.limit)
		if str(list) != tc.list || str(later) != tc.later {
			t.Errorf("splitListed(%s, %d) = %s, %s; want %s, %s", tc.in, tc.limit, str(list), str(later), tc.list, tc.later)
		}
	}
}

// TestPublicBase: the address a poster's QR code names: the configured public URL,
// else the request's scheme and host name, never a host name that is not one.
func TestPublicBase(t *testing.T) {
	for _, tc := range []struct {
		name, publicURL, host, proto, remote string
		tls, secure                          bool
		want                                 string
	}{
		{"configured", "https://medicobus.example.fr", "evil.example", "", "192.0.2.1:5000", false, false, "https://medicobus.example.fr"},
		{"request host", "", "medicobus.example.fr", "", "192.0.2.1:5000", false, false, "http://medicobus.example.fr"},
		{"port kept, case folded", "", "Localhost:8080", "", "192.0.2.1:5000", false, false, "http://localhost:8080"},
		{"TLS", "", "medicobus.example.fr", "", "192.0.2.1:5000", true, false, "https://medicobus.example.fr"},
		{"secure cookies", "", "medicobus.example.fr", "", "192.0.2.1:5000", false, true, "https://medicobus.example.fr"},
		{"trusted proxy says https", "", "medicobus.example.fr", "https", "127.0.0.1:5000", false, false, "https://medicobus.example.fr"},
		{"untrusted client says https", "", "medicobus.example.fr", "https", "192.0.2.1:5000", false, false, "http://medicobus.example.fr"},
		{"a host that is not one", "", "evil.example/x@y", "", "192.0.2.1:5000", false, false, ""},
		{"IPv6", "", "[::1]:8080", "", "192.0.2.1:5000", false, false, "http://[::1]:8080"},
	} {
		s := &Server{publicURL: tc.publicURL, secure: tc.secure, limits: Limits{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}.withDefaults()}
		r := httptest.NewRequest("GET", "/communes/23176/affiche", nil)
		r.Host, r.RemoteAddr = tc.host, tc.remote
		if tc.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tc.proto)
		}
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if got := s.publicBase(r); got != tc.want {
			t.Errorf("%s: publicBase = %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"", ""}, {"https://medicobus.example.fr/", "https://medicobus.example.fr"}, {"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"medicobus.example.fr", "!"}, {"https://medicobus.example.fr/patients", "!"}, {"ftp://x.fr", "!"}, {"https://u:p@x.fr", "!"},
	} {
		got, err := checkPublicURL(tc.in)
		if (tc.want == "!") != (err != nil) || (err == nil && got != tc.want) {
			t.Errorf("checkPublicURL(%q) = %q, %v", tc.in, got, err)
		}
	}
}
