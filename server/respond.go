package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"medibus/store"
)

// apiError is the body of every API error response.
type apiError struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, fmt.Errorf("encode response: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	_, _ = w.Write([]byte("\n"))
}

func writeError(w http.ResponseWriter, status int, err error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	b, _ := json.Marshal(apiError{Error: err.Error(), Status: status})
	_, _ = w.Write(append(b, '\n'))
}

// statusOf maps the store's sentinel errors to HTTP statuses.
func statusOf(err error) int {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, store.ErrPublished):
		return http.StatusConflict
	case errors.Is(err, store.ErrBusy), errors.Is(err, store.ErrUnavailable):
		return http.StatusServiceUnavailable // writeStoreError says when to try again
	default:
		return http.StatusInternalServerError
	}
}

// writeStoreError answers err with the status its sentinel calls for; unexpected errors
// are logged and their detail kept from the client. A database that cannot take the
// write is 503 in French with Retry-After: busy with another process's write (a few
// seconds), or unavailable, a full disk or a read-only file (a minute; logged, and
// /healthz says so until a write succeeds).
func (s *Server) writeStoreError(w http.ResponseWriter, r *http.Request, err error) {
	st := statusOf(err)
	switch {
	case st == http.StatusInternalServerError:
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		writeError(w, st, errors.New("internal error; see the server log"))
	case errors.Is(err, store.ErrUnavailable):
		s.log.Error("database unavailable", "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", retryUnavailable)
		writeError(w, st, errors.New("La base de données ne peut pas enregistrer pour l'instant (disque plein, fichier en lecture seule "+
			"ou erreur du disque) : rien n'a été enregistré. Réessayez dans une minute ; l'exploitation est prévenue (/healthz)."))
	case errors.Is(err, store.ErrBusy):
		writeError(w, st, errors.New("La base de données est occupée par un autre programme (medibus plan, publish…) : "+
			"rien n'a été enregistré. Réessayez dans quelques secondes."))
	default:
		writeError(w, st, err)
	}
}

// retryUnavailable is what a 503 for an unavailable database tells clients to wait, in
// seconds: room is not made on a disk in the five seconds a busy lock takes.
const retryUnavailable = "60"

// pathID reads the positive integer path value name.
func pathID(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: want a positive integer", name, v)
	}
	return id, nil
}
