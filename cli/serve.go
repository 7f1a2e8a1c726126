package cli

import (
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/spf13/cobra"

	"medibus/server"
)

func (a *app) serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the plans over HTTP: API, planning UI, driver sheets, patient pages",
		Long: `Serve starts the HTTP server on --addr: the patient pages at / (public), the drivers'
day sheets at /driver (driver or coordinator token), the planning UI at /plan (coordinator
token), the JSON API under /api/ described at /openapi.json, /healthz (public) and
/metrics (coordinator token, or public with --public-metrics).
Create tokens with 'medibus token create'. Logs are JSON lines on stderr. SIGINT or
SIGTERM stops the server gracefully.

By default the server listens on this machine only (127.0.0.1:8080): put it behind a
reverse proxy with TLS (and --secure-cookies, which also sends Strict-Transport-Security),
or open it with --addr :8080.

One client (an address; IPv6: its /64) holds at most 64 connections, and one that fails
10 logins within a minute waits for the minute's end (429). A reverse proxy carries many
clients: its address must be a --trusted-proxy (by default those of this machine,
127.0.0.1 and ::1; --trusted-proxy none for none), and it must say whom it forwards in
X-Forwarded-For (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for).

Each commune's poster (/communes/INSEE/affiche) carries a QR code to the commune's page,
and its page a calendar subscription link: both name --public-url (public_url in
medibus.yaml) when given, else the host name and scheme the request came with.`,
		Example: "  medibus serve\n  medibus serve --addr :8080 --secure-cookies   # every interface, behind TLS\n  medibus serve --addr 127.0.0.1:9000 --db creuse.db",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db", "engine": "engine", "public_url": "public-url"})
			if err != nil {
				return err
			}
			f := cmd.Flags()
			addr, _ := f.GetString("addr")
			limit, _ := f.GetDuration("run-time-limit")
			secure, _ := f.GetBool("secure-cookies")
			publicMetrics, _ := f.GetBool("public-metrics")
			proxyFlags, _ := f.GetStringSlice("trusted-proxy")
			proxies, err := parseProxies(proxyFlags)
			if err != nil {
				return err
			}
			srv, db, err := a.openServer(c, server.Config{Logger: slog.New(slog.NewJSONHandler(a.stderr, nil)), Engine: c.Engine,
				RunTimeLimit: limit, SecureCookies: secure, PublicMetrics: publicMetrics, Limits: server.Limits{TrustedProxies: proxies}})
			if err != nil {
				return err
			}
			defer db.Close()
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w (is another server running? pass --addr)", addr, err)
			}
			return srv.Serve(cmd.Context(), ln, 10*time.Second)
		},
	}
	f := cmd.Flags()
	f.String("addr", "127.0.0.1:8080", "address to listen on, host:port (:8080 for every interface)")
	f.String("db", "medibus.db", "SQLite database file")
	f.String("engine", "greedy", "planner of optimisation runs")
	f.Duration("run-time-limit", 2*time.Minute, "longest optimisation run")
	f.Bool("secure-cookies", false, "mark the session cookie Secure and send Strict-Transport-Security (when served behind TLS)")
	f.String("public-url", "", "address patients reach the public pages at (https://medicobus.example.fr), which the posters' QR codes and calendar links give; default public_url of medibus.yaml, else the address each request came to")
	f.Bool("public-metrics", false, "serve /metrics without a token (for a scraper on a private network)")
	f.StringSlice("trusted-proxy", []string{"127.0.0.1", "::1"}, "address or network (CIDR) of a reverse proxy in front, repeatable, or none: its connections are not capped per client, and its X-Forwarded-For names the client of a login")
	return cmd
}

// parseProxies reads --trusted-proxy values: addresses (127.0.0.1, ::1) or networks
// (10.0.0.0/8); "none" trusts no proxy.
func parseProxies(values []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, v := range values {
		if v == "none" {
			continue
		}
		if p, err := netip.ParsePrefix(v); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(v)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxy %q: write an address (127.0.0.1) or a network (10.0.0.0/8)", v)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
