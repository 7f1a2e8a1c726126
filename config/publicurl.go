package config

import (
	"fmt"
	"net/url"
	"strings"
)

// PublicURL checks the address patients reach the site at (public_url) and returns it
// without a final slash: "https://medicobus.example.fr". Empty stays empty (not set).
// The pages link to one another from the root of the host name (/communes/…,
// /static/…), so the address is a scheme and a host name, with no path, query or
// fragment.
func PublicURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%q is not an address: write it whole, for example https://medicobus.example.fr", s)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("%q: the address starts with https:// (or http://), for example https://medicobus.example.fr", s)
	}
	if u.User != nil {
		return "", fmt.Errorf("%q: an address printed on posters carries no user name or password", s)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", fmt.Errorf("%q: the pages are served at the root of a host name; give the address without a path, for example %s://%s", s, u.Scheme, u.Host)
	}
	return u.Scheme + "://" + u.Host, nil
}
