package server

import (
	"fmt"
	"hash/fnv"
	"net/http"
)

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

// newCachedResponse wraps a rendered body with an ETag from the plan and the content.
func newCachedResponse(b []byte, contentType string, planID int64) *cachedResponse {
	h := fnv.New64a()
	h.Write(b)
	return &cachedResponse{body: b, contentType: contentType, etag: fmt.Sprintf(`"p%d-%x"`, planID, h.Sum64())}
}
