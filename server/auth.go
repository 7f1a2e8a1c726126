package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"medibus/store"
)

// principal is who makes a request.
type principal struct {
	Role string `json:"role"` // "public", store.RoleDriver or store.RoleCoordinator
	// Unit restricts a driver to one bus; empty means every bus.
	Unit string `json:"unit,omitempty"`
	// Organisation or Region limits the buses a coordinator may change (scope.go).
	Organisation string `json:"organisation,omitempty"`
	Region       string `json:"region,omitempty"`
	// RegionName names Region (« Nouvelle-Aquitaine »), from the territory.
	RegionName string `json:"region_name,omitempty"`
	TokenID    int64  `json:"token_id,omitempty"`
	// cookie is set when the credentials came from the session cookie, which a
	// cross-site form could make the browser send: unsafe methods check the origin then.
	cookie bool
}

var anonymous = principal{Role: "public"}

func (p principal) isCoordinator() bool { return p.Role == store.RoleCoordinator }

// may reports whether p reaches access level a.
func (p principal) may(a access) bool {
	switch a {
	case public:
		return true
	case driver:
		return p.Role == store.RoleDriver || p.Role == store.RoleCoordinator
	default:
		return p.Role == store.RoleCoordinator
	}
}

// seesUnit reports whether p may see the days of bus unit.
func (p principal) seesUnit(unit string) bool {
	switch p.Role {
	case store.RoleCoordinator:
		return true
	case store.RoleDriver:
		return p.Unit == "" || p.Unit == unit
	}
	return false
}

// authenticator turns bearer secrets into principals, and tells whether the token
// behind a login session still lets it in. Answers are cached for a short while so a
// busy driver page does not read the database per request; a revoked or expired token
// stops working within tokenTTL, by bearer or by cookie alike.
type authenticator struct {
	db  *store.DB
	log *slog.Logger
	now func() time.Time
	// secrets caches principals by sha256 of the secret, so it holds no secret either.
	secrets ttlCache[string, principal]
	// live caches, by token id, whether a session's token still lets it in.
	live ttlCache[int64, bool]
	// touching holds the tokens whose last use is being recorded; touches waits for
	// those writes at shutdown.
	mu       sync.Mutex
	touching map[int64]bool
	touches  sync.WaitGroup
}

// ttlCache keeps answers for tokenTTL, and at most maxCachedTok of them.
type ttlCache[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]ttlEntry[V]
}

type ttlEntry[V any] struct {
	v       V
	expires time.Time
}

// get returns the answer kept for k, if it is still fresh at now.
func (c *ttlCache[K, V]) get(k K, now time.Time) (V, bool) {
	c.mu.RLock()
	e, ok := c.m[k]
	c.mu.RUnlock()
	if !ok || !now.Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.v, true
}

// put keeps v for k until tokenTTL after now.
func (c *ttlCache[K, V]) put(k K, v V, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedTok {
		c.m = map[K]ttlEntry[V]{}
	}
	c.m[k] = ttlEntry[V]{v: v, expires: now.Add(tokenTTL)}
}

const (
	tokenTTL     = 30 * time.Second
	maxCachedTok = 10000
)

func newAuthenticator(db *store.DB, log *slog.Logger, now func() time.Time) *authenticator {
	return &authenticator{db: db, log: log, now: now, touching: map[int64]bool{}}
}

var errBadToken = errors.New("invalid or revoked token")

func (a *authenticator) lookup(ctx context.Context, secret string) (principal, error) {
	h := store.HashSecret(secret)
	now := a.now()
	if p, ok := a.secrets.get(h, now); ok {
		return p, nil
	}
	t, err := a.db.LookupToken(ctx, secret)
	if errors.Is(err, store.ErrNotFound) {
		return principal{}, errBadToken
	}
	if err != nil {
		return principal{}, err
	}
	p := principal{Role: t.Role, Unit: t.Unit, Organisation: t.Organisation, Region: t.Region, TokenID: t.ID}
	a.secrets.put(h, p, now)
	a.touch(t.ID)
	return p, nil
}

// stillLive reports whether token id still lets its holder in: a login session copies
// its token's principal, and is checked against the token as often as a bearer token
// is, so revoking the token (or its expiry) ends the session within tokenTTL.
func (a *authenticator) stillLive(ctx context.Context, id int64) (bool, error) {
	now := a.now()
	if ok, cached := a.live.get(id, now); cached {
		return ok, nil
	}
	_, err := a.db.TokenByID(ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	a.live.put(id, err == nil, now)
	if err == nil {
		a.touch(id)
	}
	return err == nil, nil
}

// touch records, in the background, that token id was used: at most once per tokenTTL
// and token, since it is called on cache misses only. A failure costs only the record.
func (a *authenticator) touch(id int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.touching[id] {
		return
	}
	a.touching[id] = true
	a.touches.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := a.db.TouchToken(ctx, id); err != nil {
			a.log.Warn("token last use not recorded", "token", id, "err", err)
		}
		a.mu.Lock()
		delete(a.touching, id)
		a.mu.Unlock()
	})
}

// identify returns the request's principal: from an Authorization: Bearer header, else
// from the session cookie, else anonymous. A presented but invalid credential is an
// error (401), not anonymity.
func (s *Server) identify(r *http.Request) (principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, secret, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
			return principal{}, errBadToken
		}
		return s.auth.lookup(r.Context(), strings.TrimSpace(secret))
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		if p, ok := s.sessions.get(c.Value); ok {
			live, err := s.auth.stillLive(r.Context(), p.TokenID)
			if err != nil {
				return principal{}, err
			}
			if !live { // the token was revoked or has expired: so has the session
				s.sessions.delete(c.Value)
				return anonymous, nil
			}
			p.cookie = true
			return p, nil
		}
	}
	return anonymous, nil
}

// sameOrigin reports whether a cookie-authenticated unsafe request comes from our own
// pages: SameSite cookies already stop most cross-site requests; this also covers old
// browsers and same-site subdomains.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true // not a browser cross-origin request
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// guard checks the caller against the route's access level before calling it.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" && s.loginsBlocked(w, r, rt.page) {
			return
		}
		who, err := s.identify(r)
		if who.Region != "" {
			who.RegionName = s.regionName(who.Region)
		}
		if err != nil && !errors.Is(err, errBadToken) {
			s.log.Error("identify", "path", r.URL.Path, "err", err)
			s.fail(w, r, rt, statusOf(err), errors.New("could not check your credentials; try again"))
			return
		}
		if err != nil {
			s.loginFailed(r)
			w.Header().Set("WWW-Authenticate", `Bearer realm="medibus", error="invalid_token"`)
			s.fail(w, r, rt, http.StatusUnauthorized, err)
			return
		}
		if who.cookie && r.Method != http.MethodGet && r.Method != http.MethodHead && !sameOrigin(r) {
			s.fail(w, r, rt, http.StatusForbidden, errors.New("cross-site request refused"))
			return
		}
		if rt.api() && who.Role != anonymous.Role {
			// What a credential reads is for its holder only: no cache keeps it.
			w.Header().Set("Cache-Control", "no-store")
		}
		if !who.may(rt.access) {
			if who.Role == anonymous.Role {
				if rt.page {
					http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="medibus"`)
				s.fail(w, r, rt, http.StatusUnauthorized, errors.New("log in: send Authorization: Bearer TOKEN (create one with `medibus token create`)"))
				return
			}
			s.fail(w, r, rt, http.StatusForbidden, errors.New("your role does not allow this"))
			return
		}
		rt.h(w, r, who)
	})
}

// fail answers an error as JSON for API routes and as a page for the others.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, rt route, status int, err error) {
	if rt.page {
		s.errorPage(w, r, status, err)
		return
	}
	writeError(w, status, err)
}
