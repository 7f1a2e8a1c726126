package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// sseHeartbeat keeps proxies from closing an idle event stream.
const sseHeartbeat = 15 * time.Second

// apiRunEvents streams a run's progress as server-sent events: "progress" events while it
// runs, then one "done" or "failed" event, after which the stream ends. A client that
// connects late gets the current state at once.
func (s *Server) apiRunEvents(w http.ResponseWriter, r *http.Request, _ principal) {
	id, err := pathID(r, "id")
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	rn := s.runs.get(id)
	if rn == nil {
		writeError(w, http.StatusNotFound, fmt.Errorf("run %d not found: GET /api/runs lists runs", id))
		return
	}
	rc := http.NewResponseController(w)
	// A stream lasts as long as its run: the server's write timeout is for answers.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	signal, stop := rn.watch()
	defer stop()
	beat := time.NewTicker(sseHeartbeat)
	defer beat.Stop()
	seq := 0
	send := func(st runState) bool {
		event := "progress"
		if st.Status != runRunning {
			event = st.Status
		}
		b, _ := json.Marshal(st)
		seq++
		if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", seq, event, b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if _, err := fmt.Fprint(w, "retry: 2000\n\n"); err != nil {
		return
	}
	for {
		st := rn.state()
		if !send(st) || st.Status != runRunning {
			return
		}
		select {
		case <-signal:
			// Coalesce bursts of progress: at most ten events a second.
			time.Sleep(100 * time.Millisecond)
		case <-rn.done:
		case <-beat.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.runs.ctx.Done():
			// Shutting down: the run is being cancelled; send its final state.
			<-rn.done
		}
	}
}
