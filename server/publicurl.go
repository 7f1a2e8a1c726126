package server

import (
	"fmt"
	"html/template"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// publicBase is the address of the public pages as a request reached them, for what
// leaves the page with an absolute address (a poster's QR code, a calendar
// subscription): the configured public URL, or else the scheme and host name the
// request came with. A reverse proxy among the trusted ones says the scheme in
// X-Forwarded-Proto (deploy/nginx.conf, Caddy by default); the session cookies being
// secure says the site is served over TLS. "" when the host name cannot be one.
func (s *Server) publicBase(r *http.Request) string {
	if s.publicURL != "" {
		return s.publicURL
	}
	host := r.Host
	if !validHost(host) {
		return ""
	}
	scheme := "http"
	if r.TLS != nil || s.secure || (s.fromTrustedProxy(r) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")) {
		scheme = "https"
	}
	return scheme + "://" + strings.ToLower(host)
}

// checkPublicURL returns the public URL u without its final slash, or why it cannot
// be printed on posters: a scheme http or https and a host name, nothing else (the
// setting's own check, with the words of the configuration, is config.PublicURL).
func checkPublicURL(u string) (string, error) {
	if u == "" {
		return "", nil
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || p.User != nil ||
		(p.Path != "" && p.Path != "/") || p.RawQuery != "" || p.Fragment != "" || p.ForceQuery {
		return "", fmt.Errorf("%q is not the address of a site's root, such as https://medicobus.example.fr", u)
	}
	return p.Scheme + "://" + p.Host, nil
}

// fromTrustedProxy reports whether the request's connection is a trusted proxy's.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && s.limits.trusted(ap.Addr().Unmap())
}

// validHost reports whether h is a host name or an address, with an optional port:
// what a Host header holds when it is honest. Anything else (spaces, slashes, @) is
// never put into a link.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, r := range h {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(".-:[]", r):
		default:
			return false
		}
	}
	u, err := url.Parse("http://" + h)
	return err == nil && u.Host == h && u.Hostname() != ""
}

// webcalURL is the webcal:// address of a feed at the absolute http(s) address feed:
// calendar applications (Apple's, Outlook, Thunderbird) subscribe to it rather than
// import it once.
func webcalURL(feed string) string {
	if rest, ok := strings.CutPrefix(feed, "https://"); ok {
		return "webcal://" + rest
	}
	return "webcal://" + strings.TrimPrefix(feed, "http://")
}

// googleCalendarURL opens Google Calendar on the subscription to the feed at the
// absolute address feed (Android phones have no webcal: handler of their own).
func googleCalendarURL(feed string) string {
	return "https://calendar.google.com/calendar/render?cid=" + url.QueryEscape(webcalURL(feed))
}

// agendaLinks are the ways a commune page offers to put its feed in a calendar.
type agendaLinks struct {
	// Feed is the feed's path: opened, the phone or computer imports or subscribes.
	Feed string
	// Webcal subscribes calendar applications (iPhone, Mac, Outlook) to the feed, and
	// Google opens Google Calendar on that subscription; both need the site's absolute
	// address, and are empty when it is not known (the static site without
	// public_url: the page's script fills them in from the address it was read at).
	Webcal template.URL
	Google string
}

// agendaFor gives the links of the feed at path feed, the site being at base ("" when
// unknown).
func agendaFor(base, feed string) agendaLinks {
	a := agendaLinks{Feed: feed}
	if base != "" {
		// webcalURL is built from a checked address and a path of ours: safe as a link.
		a.Webcal, a.Google = template.URL(webcalURL(base+feed)), googleCalendarURL(base+feed)
	}
	return a
}
