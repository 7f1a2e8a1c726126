package server

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"sync"
	"sync/atomic"
)

// responseCache keeps the rendered responses of one view: a plan's, or the public
// calendar's, dropped with it when something new is published.
type responseCache struct {
	m    sync.Map // string → *cachedResponse
	size atomic.Int64
}

// cachedResponse is a rendered response, kept per view.
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
func (s *Server) cached(w http.ResponseWriter, r *http.Request, v *responseCache, key string, maxAge string,
	make func() (*cachedResponse, error)) {
	var cr *cachedResponse
	if x, ok := v.m.Load(key); ok {
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
			v.m.Store(key, cr)
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

// newCachedResponse wraps a rendered body with an ETag from the content.
func newCachedResponse(b []byte, contentType string) *cachedResponse {
	h := fnv.New64a()
	h.Write(b)
	return &cachedResponse{body: b, contentType: contentType, etag: fmt.Sprintf(`"%x"`, h.Sum64())}
}
