// Package osrm is a routing.Provider backed by an OSRM-compatible HTTP "table"
// service (osrm-routed, or any server speaking the same API).
//
// A call to Client.Table is split into requests of at most
// Options.MaxPointsPerRequest coordinates each, sent concurrently (at most
// Options.MaxInFlight at a time over all calls of a Client), and the answers are
// reassembled in input order, so the result depends neither on the batching nor on
// the order in which the answers arrive. Each request is bounded by Options.Timeout and retried with exponential
// backoff on network errors, timeouts, HTTP 429 and 5xx; OSRM's own refusals (a
// code other than "Ok", HTTP 4xx) are reported at once.
//
// The documented request and response are:
//
//	GET {base}/table/v1/{profile}/{lon,lat;lon,lat;...}?sources=0;1&destinations=2;3&annotations=duration,distance
//	{"code":"Ok","durations":[[seconds...]],"distances":[[metres...]]}
//
// with null entries for pairs that have no route.
package osrm

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"medibus/routing"
)

// Defaults applied by New to zero-valued Options fields.
const (
	DefaultProfile             = "driving"
	DefaultMaxPointsPerRequest = 100
	DefaultTimeout             = 10 * time.Second
	DefaultRetries             = 3
	DefaultRetryBase           = 100 * time.Millisecond
	DefaultMaxInFlight         = 8
)

const (
	maxBackoff   = 30 * time.Second // cap on one wait between attempts, Retry-After included
	maxBodyBytes = 64 << 20         // a 100-point table is a few tens of kB
	maxURLShown  = 240              // longest URL quoted in an error message
)

// ErrUnreachable is wrapped by the error Table returns when the service has no route
// for a pair of points and neither Options.UnreachableAsInf nor
// Options.UnreachableAsLeg is set.
var ErrUnreachable = errors.New("no route between points")

// Options configures a Client. The zero value of every field selects its default.
type Options struct {
	// Profile is the routing profile in the URL path; default "driving".
	Profile string
	// MaxPointsPerRequest bounds the number of coordinates (sources plus
	// destinations) in one request, to stay under the server's max-table-size;
	// default 100, at least 2.
	MaxPointsPerRequest int
	// Timeout bounds one HTTP attempt, reading the body included; default 10 s.
	Timeout time.Duration
	// Retries is the number of further attempts after a failed one that may be
	// transient (network error, timeout, HTTP 429 or 5xx); default 3, negative for
	// none.
	Retries int
	// RetryBase is the wait before the first retry, doubled for each following one
	// (capped at 30 s); a Retry-After header asking for longer is honoured within
	// the same cap. Default 100 ms.
	RetryBase time.Duration
	// HTTPClient sends the requests; default a new client with the default
	// transport. Its own Timeout, if any, applies on top of Timeout.
	HTTPClient *http.Client
	// MaxInFlight bounds the requests a Client has sent and not yet had answered, over
	// all its Table calls; default 8. osrm-routed answers with as many threads as it
	// was given (--threads), so a few in flight hide the round trips.
	MaxInFlight int
	// UnreachableAsInf makes pairs without a route legs of +Inf km and minutes
	// instead of an error.
	UnreachableAsInf bool
	// UnreachableAsLeg makes pairs without a route routing.Unreachable, the travel
	// model's leg to an island without a bridge: finite, so sums stay numbers, and
	// refused by every limit. It takes precedence over UnreachableAsInf.
	UnreachableAsLeg bool
}

// Client queries an OSRM table service. It implements routing.Provider and is safe
// for concurrent use.
type Client struct {
	base    *url.URL // without trailing slash; may carry user info and query parameters
	shown   string   // base as quoted in errors: no user info, query values redacted
	profile string
	maxPts  int
	timeout time.Duration
	retries int
	backoff time.Duration
	hc      *http.Client
	inf     bool
	noRoad  bool
	slots   chan struct{} // one token per request in flight
}

var _ routing.Provider = (*Client)(nil)

// New returns a client for the service at baseURL (for example
// "http://localhost:5000"; a path prefix and query parameters such as an API key
// are kept). It checks the URL and options but does not contact the server.
func New(baseURL string, opts Options) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil {
		return nil, fmt.Errorf("osrm: base URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("osrm: base URL %q: want http:// or https:// with a host", redact(u))
	}
	if u.Fragment != "" {
		return nil, fmt.Errorf("osrm: base URL %q: unexpected fragment", redact(u))
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	c := &Client{
		base:    u,
		shown:   redact(u),
		profile: opts.Profile,
		maxPts:  opts.MaxPointsPerRequest,
		timeout: opts.Timeout,
		retries: opts.Retries,
		backoff: opts.RetryBase,
		hc:      opts.HTTPClient,
		inf:     opts.UnreachableAsInf,
		noRoad:  opts.UnreachableAsLeg,
	}
	if c.profile == "" {
		c.profile = DefaultProfile
	}
	if strings.ContainsAny(c.profile, "/?#;") {
		return nil, fmt.Errorf("osrm: profile %q must be a single path segment", c.profile)
	}
	switch {
	case c.maxPts == 0:
		c.maxPts = DefaultMaxPointsPerRequest
	case c.maxPts < 2:
		return nil, fmt.Errorf("osrm: MaxPointsPerRequest %d: a request needs at least one source and one destination", c.maxPts)
	}
	switch {
	case c.timeout == 0:
		c.timeout = DefaultTimeout
	case c.timeout < 0:
		return nil, fmt.Errorf("osrm: negative Timeout %v", c.timeout)
	}
	switch {
	case c.retries == 0:
		c.retries = DefaultRetries
	case c.retries < 0:
		c.retries = 0
	}
	switch {
	case c.backoff == 0:
		c.backoff = DefaultRetryBase
	case c.backoff < 0:
		return nil, fmt.Errorf("osrm: negative RetryBase %v", c.backoff)
	}
	if c.hc == nil {
		c.hc = &http.Client{}
	}
	switch n := opts.MaxInFlight; {
	case n == 0:
		c.slots = make(chan struct{}, DefaultMaxInFlight)
	case n < 0:
		return nil, fmt.Errorf("osrm: negative MaxInFlight %d", n)
	default:
		c.slots = make(chan struct{}, n)
	}
	return c, nil
}

// String names the service and profile, without user info or query values: the
// description of the travel model stored with plans.
func (c *Client) String() string { return c.shown + " (" + c.profile + ")" }

// Table implements routing.Provider: legs[i][j] is the road distance and driving
// time from sources[i] to destinations[j], in km and minutes.
func (c *Client) Table(ctx context.Context, sources, destinations []orb.Point) ([][]routing.Leg, error) {
	for i, p := range sources {
		if err := checkPoint(p); err != nil {
			return nil, fmt.Errorf("osrm table: source %d: %w", i, err)
		}
	}
	for j, p := range destinations {
		if err := checkPoint(p); err != nil {
			return nil, fmt.Errorf("osrm table: destination %d: %w", j, err)
		}
	}
	out := make([][]routing.Leg, len(sources))
	for i := range out {
		out[i] = make([]routing.Leg, len(destinations))
	}
	if len(sources) == 0 || len(destinations) == 0 {
		return out, nil
	}
	sc, dc := chunkSizes(len(sources), len(destinations), c.maxPts)
	nsb, ndb := ceilDiv(len(sources), sc), ceilDiv(len(destinations), dc)
	batches := make([]batch, 0, nsb*ndb)
	for bi := range nsb {
		s0, s1 := bi*sc, min((bi+1)*sc, len(sources))
		for bj := range ndb {
			d0, d1 := bj*dc, min((bj+1)*dc, len(destinations))
			batches = append(batches, batch{
				n: bi*ndb + bj + 1, of: nsb * ndb,
				s0: s0, d0: d0, src: sources[s0:s1], dst: destinations[d0:d1],
			})
		}
	}
	if err := c.send(ctx, batches, out); err != nil {
		return nil, err
	}
	return out, nil
}

// send sends the batches concurrently, within the client's slots, each writing its
// own cells of out. The error is that of the first failed batch in order, not of the
// first to fail in time, so that a failure reads the same every time.
func (c *Client) send(parent context.Context, batches []batch, out [][]routing.Leg) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	errs := make([]error, len(batches))
	var wg sync.WaitGroup
	for k, b := range batches {
		select {
		case c.slots <- struct{}{}:
		case <-ctx.Done():
			errs[k] = context.Cause(ctx)
		}
		if errs[k] != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-c.slots }()
			if err := c.table(ctx, b, out); err != nil {
				errs[k] = fmt.Errorf("osrm table batch %d/%d (sources %d–%d, destinations %d–%d): %w",
					b.n, b.of, b.s0, b.s0+len(b.src)-1, b.d0, b.d0+len(b.dst)-1, err)
				cancel()
			}
		})
	}
	wg.Wait()
	var first error
	for _, err := range errs {
		if err == nil {
			continue
		}
		// A batch stopped because another failed says nothing of its own.
		if parent.Err() == nil && errors.Is(err, context.Canceled) {
			first = cmp.Or(first, err)
			continue
		}
		return err
	}
	return first
}

// batch is one request: sources[s0:s0+len(src)] × destinations[d0:d0+len(dst)].
type batch struct {
	n, of    int
	s0, d0   int
	src, dst []orb.Point
}

// chunkSizes returns how many sources and destinations go in one request so that
// sc+dc ≤ max and the number of requests ⌈ns/sc⌉·⌈nd/dc⌉ is smallest.
func chunkSizes(ns, nd, max int) (sc, dc int) {
	if ns+nd <= max {
		return ns, nd
	}
	best := -1
	for s := 1; s <= ns && s < max; s++ {
		d := min(nd, max-s)
		if n := ceilDiv(ns, s) * ceilDiv(nd, d); best < 0 || n < best {
			best, sc, dc = n, s, d
		}
	}
	return sc, dc
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func checkPoint(p orb.Point) error {
	lon, lat := p[0], p[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return fmt.Errorf("invalid point %v: want [lon, lat] within ±180, ±90", p)
	}
	return nil
}

// tableResponse is the part of OSRM's answer the client reads.
type tableResponse struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	Durations [][]*float64 `json:"durations"`
	Distances [][]*float64 `json:"distances"`
}

// table sends one batch (with retries) and writes its legs into out.
func (c *Client) table(ctx context.Context, b batch, out [][]routing.Leg) error {
	full, shown := c.requestURL(b)
	res, err := c.fetch(ctx, full, shown)
	if err != nil {
		return err
	}
	if err := checkShape("durations", res.Durations, len(b.src), len(b.dst)); err != nil {
		return fmt.Errorf("GET %s: %w", shown, err)
	}
	if err := checkShape("distances", res.Distances, len(b.src), len(b.dst)); err != nil {
		return fmt.Errorf("GET %s: %w", shown, err)
	}
	for i := range b.src {
		for j := range b.dst {
			sec, m := res.Durations[i][j], res.Distances[i][j]
			if sec == nil || m == nil {
				if c.noRoad {
					out[b.s0+i][b.d0+j] = routing.Unreachable
					continue
				}
				if !c.inf {
					return fmt.Errorf("%w: from source %d %v to destination %d %v",
						ErrUnreachable, b.s0+i, b.src[i], b.d0+j, b.dst[j])
				}
				out[b.s0+i][b.d0+j] = routing.Leg{Km: math.Inf(1), Min: math.Inf(1)}
				continue
			}
			if *sec < 0 || *m < 0 || math.IsNaN(*sec) || math.IsNaN(*m) {
				return fmt.Errorf("GET %s: negative duration %v s or distance %v m from source %d to destination %d",
					shown, *sec, *m, b.s0+i, b.d0+j)
			}
			out[b.s0+i][b.d0+j] = routing.Leg{Km: *m / 1000, Min: *sec / 60}
		}
	}
	return nil
}

func checkShape(name string, rows [][]*float64, ns, nd int) error {
	if rows == nil {
		return fmt.Errorf("response has no %s (does the server support annotations=duration,distance?)", name)
	}
	if len(rows) != ns {
		return fmt.Errorf("response has %d rows of %s for %d sources", len(rows), name, ns)
	}
	for i, r := range rows {
		if len(r) != nd {
			return fmt.Errorf("response row %d of %s has %d columns for %d destinations", i, name, len(r), nd)
		}
	}
	return nil
}

// requestURL returns the URL of batch b and the URL as quoted in errors: without
// credentials, and with long coordinate and index lists shortened.
func (c *Client) requestURL(b batch) (full, shown string) {
	coords := make([]string, 0, len(b.src)+len(b.dst))
	for _, p := range append(append(make([]orb.Point, 0, cap(coords)), b.src...), b.dst...) {
		coords = append(coords, strconv.FormatFloat(p[0], 'f', -1, 64)+","+strconv.FormatFloat(p[1], 'f', -1, 64))
	}
	srcIdx := make([]string, len(b.src))
	for i := range srcIdx {
		srcIdx[i] = strconv.Itoa(i)
	}
	dstIdx := make([]string, len(b.dst))
	for j := range dstIdx {
		dstIdx[j] = strconv.Itoa(len(b.src) + j)
	}
	path := "/table/v1/" + c.profile + "/"
	query := func(list func([]string) string) string {
		return "sources=" + list(srcIdx) + "&destinations=" + list(dstIdx) + "&annotations=duration,distance"
	}
	join := func(s []string) string { return strings.Join(s, ";") }
	u := *c.base
	u.Path += path + join(coords)
	u.RawQuery = joinQuery(c.base.RawQuery, query(join))
	full = u.String()

	// c.shown came from url.URL.String, so it parses; the shortened lists are
	// appended as text, not escaped.
	su, _ := url.Parse(c.shown)
	rawQuery := su.RawQuery
	su.RawQuery = ""
	shown = su.String() + path + abbrev(coords) + "?" + joinQuery(rawQuery, query(abbrev))
	if len(shown) > maxURLShown {
		shown = shown[:maxURLShown] + "…"
	}
	return full, shown
}

// abbrev joins s with ';', keeping only both ends of a long list.
func abbrev(s []string) string {
	if len(s) <= 4 {
		return strings.Join(s, ";")
	}
	return fmt.Sprintf("%s;%s;…%d more…;%s", s[0], s[1], len(s)-3, s[len(s)-1])
}

func joinQuery(a, b string) string {
	if a == "" {
		return b
	}
	return a + "&" + b
}

// redact returns u without user info and with every query value replaced, so that
// credentials never reach an error message or a log.
func redact(u *url.URL) string {
	r := *u
	r.User = nil
	if r.RawQuery != "" {
		parts := strings.Split(r.RawQuery, "&")
		for i, p := range parts {
			if k, _, ok := strings.Cut(p, "="); ok {
				parts[i] = k + "=REDACTED"
			} else if p != "" {
				parts[i] = "REDACTED"
			}
		}
		r.RawQuery = strings.Join(parts, "&")
	}
	return r.String()
}

// ResponseError is an answer of the service that is not a usable table: an HTTP
// status other than 200, or a JSON body whose code is not "Ok".
type ResponseError struct {
	URL        string // request URL without credentials, possibly shortened
	StatusCode int    // HTTP status
	Code       string // OSRM code, such as "InvalidQuery" or "TooBig", if the body had one
	Message    string // OSRM message, if any
	Body       string // start of a body that is not OSRM JSON
	retryAfter time.Duration
}

// Error describes the response: URL, HTTP status, OSRM code and message.
func (e *ResponseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s: HTTP %d", e.URL, e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, ", OSRM code %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Body != "" {
		fmt.Fprintf(&b, ", body %q", e.Body)
	}
	if e.Code == "TooBig" {
		b.WriteString(" (lower MaxPointsPerRequest below the server's max-table-size)")
	}
	return b.String()
}

// Temporary reports whether the request may succeed if sent again (HTTP 429 or 5xx).
func (e *ResponseError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// fetch sends GET full, retrying transient failures with exponential backoff.
func (c *Client) fetch(ctx context.Context, full, shown string) (*tableResponse, error) {
	attempts := c.retries + 1
	var last error
	for a := 0; a < attempts; a++ {
		if a > 0 {
			wait := min(c.backoff<<(a-1), maxBackoff)
			if re, ok := errors.AsType[*ResponseError](last); ok && re.retryAfter > wait {
				wait = min(re.retryAfter, maxBackoff)
			}
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, fmt.Errorf("%w while waiting to retry (last attempt: %v)", context.Cause(ctx), last)
			case <-t.C:
			}
		}
		res, retry, err := c.once(ctx, full, shown)
		if err == nil {
			return res, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("GET %s: %w", shown, context.Cause(ctx))
		}
		if !retry {
			return nil, err
		}
		last = err
	}
	if attempts == 1 {
		return nil, last
	}
	return nil, fmt.Errorf("giving up after %d attempts: %w", attempts, last)
}

// once makes one attempt. retry says whether a failure may be transient.
func (c *Client) once(ctx context.Context, full, shown string) (res *tableResponse, retry bool, err error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, full, nil)
	if err != nil {
		return nil, false, fmt.Errorf("GET %s: %w", shown, unwrapURL(err))
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, true, c.transportError(actx, shown, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return nil, true, c.transportError(actx, shown, fmt.Errorf("reading response: %w", err))
	}
	if len(body) > maxBodyBytes {
		return nil, false, fmt.Errorf("GET %s: response larger than %d bytes", shown, maxBodyBytes)
	}
	if resp.StatusCode != http.StatusOK {
		re := &ResponseError{URL: shown, StatusCode: resp.StatusCode, retryAfter: retryAfter(resp.Header)}
		var e struct{ Code, Message string }
		if json.Unmarshal(body, &e) == nil && e.Code != "" {
			re.Code, re.Message = e.Code, e.Message
		} else {
			re.Body = snippet(body)
		}
		return nil, re.Temporary(), re
	}
	var tr tableResponse
	if err := json.Unmarshal(body, &tr); err != nil {
		return nil, false, fmt.Errorf("GET %s: decoding response: %w (body %q)", shown, err, snippet(body))
	}
	if tr.Code != "Ok" {
		return nil, false, &ResponseError{URL: shown, StatusCode: resp.StatusCode, Code: tr.Code, Message: tr.Message}
	}
	return &tr, false, nil
}

// transportError describes a failed attempt without repeating the URL that
// net/http quotes in full, credentials included.
func (c *Client) transportError(actx context.Context, shown string, err error) error {
	err = unwrapURL(err)
	if errors.Is(actx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("GET %s: timed out after %v: %w", shown, c.timeout, err)
	}
	return fmt.Errorf("GET %s: %w", shown, err)
}

func unwrapURL(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}

func retryAfter(h http.Header) time.Duration {
	s := h.Get("Retry-After")
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(s); err == nil {
		return time.Until(t)
	}
	return 0
}

func snippet(b []byte) string {
	const n = 200
	s := strings.TrimSpace(string(b))
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}
