package server

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// sessionCookie names the cookie that the login form sets. It holds a random session id,
// never the token: logging out ends the session without revoking the token.
const sessionCookie = "medibus_session"

// sessionTTL is how long a login lasts.
const sessionTTL = 12 * time.Hour

// sessionStore keeps logged-in browser sessions in memory; a restart logs everyone out,
// which costs a login and keeps no secret on disk.
type sessionStore struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[string]sessionEntry
}

type sessionEntry struct {
	p       principal
	expires time.Time
}

func newSessionStore(now func() time.Time) *sessionStore {
	return &sessionStore{now: now, m: map[string]sessionEntry{}}
}

func (st *sessionStore) create(p principal) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(b[:])
	now := st.now()
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, e := range st.m { // expired sessions go when new ones come
		if now.After(e.expires) {
			delete(st.m, k)
		}
	}
	st.m[id] = sessionEntry{p: p, expires: now.Add(sessionTTL)}
	return id, nil
}

func (st *sessionStore) get(id string) (principal, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	e, ok := st.m[id]
	if !ok || st.now().After(e.expires) {
		return principal{}, false
	}
	return e.p, true
}

func (st *sessionStore) delete(id string) {
	st.mu.Lock()
	delete(st.m, id)
	st.mu.Unlock()
}
