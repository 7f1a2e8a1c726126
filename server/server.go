// Package server is medibus's HTTP layer: the JSON API (described by the OpenAPI
// document it serves), the coordinators' planning UI, the drivers' day sheets with their
// GPX and GeoJSON downloads, and the public patient pages with their iCalendar feeds,
// which it can also write as a static site (PublicSite, Server.WriteSite). Templates and
// static files are embedded, so the binary serves everything offline.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"medibus"
	"net"
	"net/http"
	"net/netip"
	"time"

	"medibus/planning"
	"medibus/routing"
	"medibus/scenario"
	"medibus/store"
	"medibus/territory"
)

// Config is what a Server needs. Zero values take the documented defaults.
type Config struct {
	// DB holds scenarios, plans, tokens and pins. Required.
	DB *store.DB
	// Territory is searched by the patient pages (every commune of metropolitan France,
	// not only the plan's). Required.
	Territory *territory.France
	// Travel is the travel model of the run, the one plans are made and checked with.
	// Required.
	Travel routing.Model
	// Logger receives structured logs; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means time.Now. Tests fix it.
	Now func() time.Time
	// Engine names the planner of optimisation runs; empty means "greedy".
	Engine string
	// RunTimeLimit bounds one optimisation run; zero means 2 minutes.
	RunTimeLimit time.Duration
	// PublishedTTL is how long the id of the latest published plan is trusted before the
	// database is asked again (a plan may be published by another process); zero means
	// 2 seconds.
	PublishedTTL time.Duration
	// SecureCookies marks the session cookie Secure and sends Strict-Transport-Security
	// with every response (set it behind TLS).
	SecureCookies bool
	// ScenarioParams are the settings scenario files uploaded from the desk are read
	// with (need, access); nil means scenario.Defaults().
	ScenarioParams *scenario.Params
	// PublicMetrics serves /metrics to anyone; by default it needs a coordinator's token,
	// since it tells who uses what and how often.
	PublicMetrics bool
	// Limits bound slow and numerous clients; zero fields take DefaultLimits.
	Limits Limits
	// Operator is who runs this service, for the legal notice and the accessibility
	// statement (a public service's site owes both).
	Operator medibus.Operator
	// PublicURL is the address patients reach the public pages at
	// ("https://medicobus.example.fr", the public_url setting): the QR codes of the
	// posters and the calendar subscription links lead there. Empty: the live server's
	// posters take the address each request came to, the static site's posters go
	// without a QR code, and the commune pages' script completes their calendar links
	// from the address they were read at.
	PublicURL string
}

// Limits bound what one client can hold of the server: a connection that trickles its
// headers or body is cut after ReadHeaderTimeout or ReadTimeout, so a few hundred of them
// cannot exhaust the file descriptors and starve /healthz; one client holds at most
// MaxConnsPerClient connections, and idle ones are closed at once near MaxConns
// (listener.go); a client that fails MaxLoginFailures logins in LoginFailureWindow
// waits for the window's end (logins.go). A client is an address (clients.go).
type Limits struct {
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included (an uploaded scenario
	// file on a slow line takes a while); a login, public and small, gets
	// LoginReadTimeout.
	ReadTimeout      time.Duration
	LoginReadTimeout time.Duration
	// WriteTimeout bounds writing a response (event streams lift it for themselves).
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	// MaxConns bounds the connections served at once; more wait to be accepted. From
	// three quarters of it open, keep-alive connections are closed as soon as idle.
	MaxConns int
	// MaxConnsPerClient bounds the connections one client holds at once: beyond, its
	// oldest idle one is closed to make room, or the new one when none is idle. A
	// browser opens at most 6 per site; the default leaves room for an office behind
	// one address.
	MaxConnsPerClient int
	// TrustedProxies are the addresses of reverse proxies in front of the server: their
	// connections are not capped per client, and a request through them is from the
	// address their X-Forwarded-For gives. None by default here, every connection's
	// address being its client; `medibus serve` trusts this machine's (127.0.0.1, ::1)
	// unless --trusted-proxy says otherwise.
	TrustedProxies []netip.Prefix
	// MaxLoginFailures failed logins (form or bearer token) of one client within
	// LoginFailureWindow make its next ones 429, with Retry-After, until the window
	// started by its first failure ends.
	MaxLoginFailures   int
	LoginFailureWindow time.Duration
	// LoginSlots bounds the logins read at once: the login form is public, and a login
	// beyond them is answered 503 at once rather than waiting on a slow body.
	LoginSlots int
}

// DefaultLimits are the limits of a server with none configured.
var DefaultLimits = Limits{ReadHeaderTimeout: 5 * time.Second, ReadTimeout: time.Minute, LoginReadTimeout: 10 * time.Second,
	WriteTimeout: time.Minute, IdleTimeout: time.Minute, MaxConns: 512, MaxConnsPerClient: 64, LoginSlots: 16,
	MaxLoginFailures: 10, LoginFailureWindow: time.Minute}

// withDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	for _, f := range []struct{ v, def *time.Duration }{
		{&l.ReadHeaderTimeout, &d.ReadHeaderTimeout}, {&l.ReadTimeout, &d.ReadTimeout}, {&l.LoginReadTimeout, &d.LoginReadTimeout},
		{&l.WriteTimeout, &d.WriteTimeout}, {&l.IdleTimeout, &d.IdleTimeout}, {&l.LoginFailureWindow, &d.LoginFailureWindow},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	for _, f := range []struct{ v, def *int }{
		{&l.MaxConns, &d.MaxConns}, {&l.MaxConnsPerClient, &d.MaxConnsPerClient}, {&l.LoginSlots, &d.LoginSlots},
		{&l.MaxLoginFailures, &d.MaxLoginFailures},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	return l
}

// Server serves medibus over HTTP. Create it with New.
type Server struct {
	db      *store.DB
	fr      *territory.France
	log     *slog.Logger
	now     func() time.Time
	paris   *time.Location
	engine  string
	limit   time.Duration
	secure  bool
	handler http.Handler
	params  scenario.Params
	// operator runs the service (legal notice, accessibility contact).
	operator medibus.Operator
	// publicURL is where patients reach the public pages, without a final slash; ""
	// when not configured.
	publicURL string
	// publicMetrics serves /metrics without a token; limits bound slow clients, and
	// logins holds a slot per login being read.
	publicMetrics bool
	limits        Limits
	logins        chan struct{}
	loginLimit    *loginLimiter
	// planning plans, checks and stores the optimisation runs.
	planning *planning.Service
	routes   []route

	auth      *authenticator
	sessions  *sessionStore
	metrics   *metrics
	runs      *runManager
	views     *viewCache
	published *publishedCache
	closures  *closureCache
	search    *communeIndex
	pages     *pages
}

// New builds a server and its routes.
func New(c Config) (*Server, error) {
	if c.DB == nil || c.Territory == nil || c.Travel == nil {
		return nil, errors.New("server: Config.DB, Config.Territory and Config.Travel are required")
	}
	s := &Server{db: c.DB, fr: c.Territory, log: c.Logger, now: c.Now, engine: c.Engine, limit: c.RunTimeLimit, secure: c.SecureCookies,
		planning: &planning.Service{Store: c.DB, Travel: c.Travel}, publicMetrics: c.PublicMetrics, limits: c.Limits.withDefaults(), operator: c.Operator}
	var err error
	if s.publicURL, err = checkPublicURL(c.PublicURL); err != nil {
		return nil, fmt.Errorf("server: Config.PublicURL: %w", err)
	}
	s.logins = make(chan struct{}, s.limits.LoginSlots)
	s.loginLimit = newLoginLimiter(s.limits)
	if s.log == nil {
		s.log = slog.Default()
	}
	s.params = scenario.Defaults()
	if c.ScenarioParams != nil {
		s.params = *c.ScenarioParams
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.engine == "" {
		s.engine = "greedy"
	}
	if s.limit <= 0 {
		s.limit = 2 * time.Minute
	}
	ttl := c.PublishedTTL
	if ttl <= 0 {
		ttl = 2 * time.Second
	}
	if s.paris, err = time.LoadLocation("Europe/Paris"); err != nil {
		return nil, fmt.Errorf("server: time zone Europe/Paris: %w (import time/tzdata)", err)
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.auth = newAuthenticator(c.DB, s.log, s.now)
	s.sessions = newSessionStore(s.now)
	s.metrics = newMetrics(metricSources{
		runsActive: func() int { return s.runs.active() },
		revision:   func() int64 { return s.published.revision() },
	}, s.log)
	s.runs = newRunManager(s.log)
	s.views = newViewCache(c.DB, c.Travel)
	s.closures = &closureCache{db: c.DB, ttl: ttl, now: s.now}
	s.published = &publishedCache{db: c.DB, views: s.views, closures: s.closures, travel: c.Travel, ttl: ttl, now: s.now, today: s.today}
	s.search = newCommuneIndex(c.Territory.Communes)
	s.routes = s.routeTable()
	s.handler = s.buildHandler()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Serve accepts connections on ln until ctx is cancelled, then shuts down gracefully:
// it stops accepting, ends the event streams and optimisation runs, and waits up to
// grace for requests in flight.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	l := s.limits
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	cl := newConnLimiter(ln, l)
	srv.ConnState = cl.connState
	// Event streams never end by themselves: Shutdown would wait for them until grace.
	srv.RegisterOnShutdown(s.runs.shutdown)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(cl) }()
	s.log.Info("serving", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	s.runs.wait()
	s.auth.touches.Wait()
	if err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	s.log.Info("stopped")
	return nil
}
