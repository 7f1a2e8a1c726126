package server

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// publishedCache answers "which plan do the public pages show": the latest published
// plan. Another process (medibus publish) may publish, so the id is re-read from the
// database at most every ttl; within that, requests cost no database access at all.
type publishedCache struct {
	db interface {
		LatestPublishedID(ctx context.Context) (int64, error)
	}
	views *viewCache
	ttl   time.Duration
	now   func() time.Time

	id      atomic.Int64
	checked atomic.Int64 // unix nanoseconds of the last read
	mu      sync.Mutex   // one refresh at a time
}

func newPublishedCache(db interface {
	LatestPublishedID(ctx context.Context) (int64, error)
}, views *viewCache, ttl time.Duration, now func() time.Time) *publishedCache {
	return &publishedCache{db: db, views: views, ttl: ttl, now: now}
}

func (p *publishedCache) currentID() int64 { return p.id.Load() }

// invalidate forces the next request to re-read the id (after a publish here).
func (p *publishedCache) invalidate() { p.checked.Store(0) }

// view returns the view of the latest published plan, or nil if none is published.
func (p *publishedCache) view(ctx context.Context) (*planView, error) {
	now := p.now().UnixNano()
	if now-p.checked.Load() > int64(p.ttl) {
		p.mu.Lock()
		if now-p.checked.Load() > int64(p.ttl) {
			id, err := p.db.LatestPublishedID(ctx)
			if err != nil {
				p.mu.Unlock()
				return nil, err
			}
			p.id.Store(id)
			p.checked.Store(now)
		}
		p.mu.Unlock()
	}
	id := p.id.Load()
	if id == 0 {
		return nil, nil
	}
	return p.views.get(ctx, id)
}

// cachedResponse is a rendered response, kept per plan view so that it is dropped with
// the view when a new plan is published.
type cachedResponse struct {
	body        []byte
	contentType string
	etag        string
}

// maxCachedResponses bounds the responses kept per plan: keys come from URLs, and a
// client walking every date must not grow memory without bound.
const maxCachedResponses = 200000

// cached serves the response under key from v's cache, rendering it with make on a miss.
// Responses carry an ETag and short public caching; If-None-Match gives 304.
func (s *Server) cached(w http.ResponseWriter, r *http.Request, v *planView, key string, maxAge string,
	make func() (*cachedResponse, error)) {
	var cr *cachedResponse
	if x, ok := v.responses.Load(key); ok {
		cr = x.(*cachedResponse)
		s.metrics.cache.hits.Add(1)
	} else {
		s.metrics.cache.misses.Add(1)
		var err error
		if cr, err = make(); err != nil {
			s.errorPage(w, r, statusOf(err), err)
			return
		}
		if v.size.Add(1) <= maxCachedResponses {
			v.responses.Store(key, cr)
		}
	}
	h := w.Header()
	h["Content-Type"] = []string{cr.contentType}
	h["Etag"] = []string{cr.etag}
	h["Cache-Control"] = []string{maxAge}
	h["Vary"] = []string{"Authorization, Cookie"}
	if match := r.Header.Get("If-None-Match"); match != "" && match == cr.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(cr.body)
}
