package server

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"medibus"
	"medibus/holiday"
)

// closureCache holds the closures coordinators declared, re-read from the database at
// most every ttl (another server may add one) and at once after a change here. Its
// version, a hash of the list, keys the cached pages, so that a new closure shows at
// once on pages rendered before it.
type closureCache struct {
	db interface {
		Closures(ctx context.Context) ([]medibus.Closure, error)
	}
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	list    []medibus.Closure
	cal     *holiday.Calendar
	version string
	read    time.Time
}

// get returns the calendar of public holidays and closures, and its version.
func (c *closureCache) get(ctx context.Context) (*holiday.Calendar, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cal != nil && c.now().Sub(c.read) < c.ttl {
		return c.cal, c.version, nil
	}
	list, err := c.db.Closures(ctx)
	if err != nil {
		return nil, "", err
	}
	b, _ := json.Marshal(list)
	sum := sha256.Sum256(b)
	c.list, c.cal, c.version, c.read = list, holiday.New(list), hex.EncodeToString(sum[:6]), c.now()
	return c.cal, c.version, nil
}

// closures returns the declared closures.
func (c *closureCache) closures(ctx context.Context) ([]medibus.Closure, error) {
	if _, _, err := c.get(ctx); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.list, nil
}

func (c *closureCache) invalidate() {
	c.mu.Lock()
	c.cal = nil
	c.mu.Unlock()
}

// closureRequest is the body of POST /api/closures.
type closureRequest struct {
	From       string `json:"from"`
	To         string `json:"to,omitempty"`
	Department string `json:"department,omitempty" bound:"id"`
	Site       string `json:"site,omitempty" bound:"id"`
	Reason     string `json:"reason"`
}

func (s *Server) apiClosures(w http.ResponseWriter, r *http.Request, _ principal) {
	list, err := s.closures.closures(r.Context())
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"closures": nonNil(list)})
}

func (s *Server) apiAddClosure(w http.ResponseWriter, r *http.Request, who principal) {
	var req closureRequest
	if !decodeBody(w, r, &req) {
		return
	}
	c, err := req.closure(s.today())
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err)
		return
	}
	if !s.mayClose(r.Context(), who, c) {
		writeError(w, http.StatusForbidden, closureRefusal(who))
		return
	}
	if c.ID, err = s.db.AddClosure(r.Context(), c); err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	s.closures.invalidate()
	s.log.Info("closure declared", "from", c.From.String(), "to", c.To.String(), "department", c.Department, "site", c.Site)
	writeJSON(w, http.StatusCreated, c)
}

// closure checks the request: dates in order and within reach of today
// (medibus.DatesInReach), a reason, a department code or a site id.
func (req closureRequest) closure(today medibus.Date) (medibus.Closure, error) {
	from, err := medibus.ParseDate(req.From)
	if err != nil {
		return medibus.Closure{}, fmt.Errorf("from : %w", err)
	}
	to := from
	if req.To != "" {
		if to, err = medibus.ParseDate(req.To); err != nil {
			return medibus.Closure{}, fmt.Errorf("to : %w", err)
		}
	}
	if to < from {
		return medibus.Closure{}, fmt.Errorf("la fermeture finit (%s) avant de commencer (%s)", to, from)
	}
	if reach := medibus.DatesInReach(today); from < reach.From || to > reach.To {
		return medibus.Closure{}, fmt.Errorf("une fermeture se déclare entre le %s et le %s (d'un an en arrière à cinq ans devant) : "+
			"celle du %s au %s en sort", frDay(reach.From), frDay(reach.To), frDay(from), frDay(to))
	}
	reason := strings.TrimSpace(req.Reason)
	if reason == "" {
		return medibus.Closure{}, fmt.Errorf("reason : dites pourquoi (neige, grève, travaux…), les patients le liront")
	}
	if d := req.Department; d != "" && (len(d) != 2 || strings.Trim(strings.ToUpper(d), "0123456789AB") != "") {
		return medibus.Closure{}, fmt.Errorf("department %q : un code de département, par exemple 23 ou 2A", d)
	}
	return medibus.Closure{From: from, To: to, Department: strings.ToUpper(req.Department), Site: req.Site, Reason: reason}, nil
}

func (s *Server) apiDeleteClosure(w http.ResponseWriter, r *http.Request, who principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusBadRequest, fmt.Errorf("id %q: want a positive integer", r.PathValue("id")))
		return
	}
	if who.scoped() {
		list, err := s.db.Closures(r.Context())
		if err != nil {
			s.writeStoreError(w, r, err)
			return
		}
		if i := slices.IndexFunc(list, func(c medibus.Closure) bool { return c.ID == id }); i >= 0 && !s.mayClose(r.Context(), who, list[i]) {
			writeError(w, http.StatusForbidden, closureRefusal(who))
			return
		}
	}
	if err := s.db.DeleteClosure(r.Context(), id); err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	s.closures.invalidate()
	w.WriteHeader(http.StatusNoContent)
}

// mayClose reports whether who may declare or remove closure c (closureInScope); a
// site is placed by the published plan's scenario.
func (s *Server) mayClose(ctx context.Context, who principal, c medibus.Closure) bool {
	if !who.scoped() {
		return true
	}
	sc := &medibus.Scenario{}
	if v, err := s.published.view(ctx); err == nil {
		for _, st := range v.sites {
			sc.Sites = append(sc.Sites, *st.Site)
		}
	}
	return closureInScope(who, sc, c, s.regionOf)
}

// closureRefusal says why a scoped coordinator may not declare or remove a closure.
func closureRefusal(who principal) error {
	if who.Organisation != "" {
		return fmt.Errorf("Une fermeture annule les séances de tous les bus du lieu : votre accès, limité à une organisation, ne le permet pas. Demandez à la coordination régionale ou nationale.")
	}
	return fmt.Errorf("Votre accès de coordination est limité à la région %s : déclarez une fermeture d'un département ou d'un lieu de cette région.", cmp.Or(who.RegionName, who.Region))
}
