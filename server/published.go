package server

import (
	"context"
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
