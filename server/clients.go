package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// A client, for the limits per client (connections, failed logins), is an address: an
// IPv4 address, or an IPv6 address's /64, since one host commonly holds a whole /64.
// Behind a reverse proxy every connection comes from the proxy: its addresses go in
// Limits.TrustedProxies, and then its connections are not capped per client (the
// proxy bounds its own clients) and a request's client is the last address of its
// X-Forwarded-For that is not a proxy's.

// clientOfAddr names the client of an address; "" when it is a trusted proxy's or
// cannot be read (no limit per client applies then).
func (l Limits) clientOfAddr(ip netip.Addr) string {
	ip = ip.Unmap()
	if !ip.IsValid() || l.trusted(ip) {
		return ""
	}
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// connClient names the client of a connection by its remote address.
func (l Limits) connClient(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok {
		ip, _ := netip.AddrFromSlice(ta.IP)
		return l.clientOfAddr(ip)
	}
	return ""
}

// requestClient names the client of a request: its connection's address, or behind a
// trusted proxy the address the proxies say they forwarded.
func (l Limits) requestClient(r *http.Request) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return ""
	}
	ip := ap.Addr().Unmap()
	if !l.trusted(ip) {
		return l.clientOfAddr(ip)
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return "" // a proxy that writes no address: no client to hold to a limit
		}
		if hop = hop.Unmap(); !l.trusted(hop) {
			return l.clientOfAddr(hop)
		}
	}
	return ""
}

// trusted reports whether ip is a trusted proxy's.
func (l Limits) trusted(ip netip.Addr) bool {
	for _, p := range l.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
