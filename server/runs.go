package server

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"medibus/scheduler"
)

// Run statuses.
const (
	runRunning = "running"
	runDone    = "done"
	runFailed  = "failed"
)

// runState is what a client sees of an optimisation run.
type runState struct {
	ID         int64      `json:"id"`
	Kind       string     `json:"kind"` // "plan", "reoptimise" or "replan"
	Status     string     `json:"status"`
	Phase      string     `json:"phase,omitempty"`
	Done       int        `json:"done"`
	Total      int        `json:"total"`
	Objective  float64    `json:"objective"`
	ScenarioID int64      `json:"scenario_id"`
	ParentID   int64      `json:"parent_id,omitempty"`
	PlanID     int64      `json:"plan_id,omitempty"`
	Error      string     `json:"error,omitempty"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// run is one optimisation in the background. Watchers wait on their channel, which is
// signalled (never blocking the planner) whenever the state changes.
type run struct {
	mu   sync.Mutex
	st   runState
	subs map[chan struct{}]struct{}
	done chan struct{}
}

func (r *run) state() runState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st
}

func (r *run) update(f func(*runState)) {
	r.mu.Lock()
	f(&r.st)
	for c := range r.subs {
		select {
		case c <- struct{}{}:
		default: // a signal is already pending: the watcher will read the latest state
		}
	}
	r.mu.Unlock()
}

func (r *run) watch() (chan struct{}, func()) {
	c := make(chan struct{}, 1)
	r.mu.Lock()
	r.subs[c] = struct{}{}
	r.mu.Unlock()
	return c, func() {
		r.mu.Lock()
		delete(r.subs, c)
		r.mu.Unlock()
	}
}

// runManager runs optimisations one at a time (each uses the whole machine) and keeps
// the last few for their watchers.
type runManager struct {
	log    *slog.Logger
	ctx    context.Context // cancelled at shutdown
	cancel context.CancelFunc
	wg     sync.WaitGroup
	busy   atomic.Bool

	mu    sync.Mutex
	runs  map[int64]*run
	order []int64
	next  int64
}

const keptRuns = 50

var errRunBusy = errors.New("an optimisation run is already in progress: wait for it to finish (GET /api/runs)")

func newRunManager(log *slog.Logger) *runManager {
	ctx, cancel := context.WithCancel(context.Background())
	return &runManager{log: log, ctx: ctx, cancel: cancel, runs: map[int64]*run{}}
}

// runFunc does the work of a run and returns the id of the plan it stored.
type runFunc func(ctx context.Context, progress func(scheduler.Progress)) (int64, error)

func (m *runManager) start(kind string, scenarioID, parentID int64, now time.Time, fn runFunc, metrics *metrics) (*run, error) {
	if m.ctx.Err() != nil {
		return nil, errors.New("the server is shutting down")
	}
	if !m.busy.CompareAndSwap(false, true) {
		return nil, errRunBusy
	}
	m.mu.Lock()
	m.next++
	r := &run{st: runState{ID: m.next, Kind: kind, Status: runRunning, ScenarioID: scenarioID, ParentID: parentID, StartedAt: now},
		subs: map[chan struct{}]struct{}{}, done: make(chan struct{})}
	m.runs[r.st.ID] = r
	m.order = append(m.order, r.st.ID)
	if len(m.order) > keptRuns {
		delete(m.runs, m.order[0])
		m.order = m.order[1:]
	}
	m.mu.Unlock()
	metrics.runs.started.Add(1)
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		defer m.busy.Store(false)
		defer close(r.done)
		began := time.Now()
		planID, err := fn(m.ctx, func(p scheduler.Progress) {
			r.update(func(st *runState) { st.Phase, st.Done, st.Total, st.Objective = p.Phase, p.Done, p.Total, p.Objective })
		})
		fin := now.Add(time.Since(began))
		r.update(func(st *runState) {
			st.FinishedAt = &fin
			if err != nil {
				st.Status, st.Error = runFailed, err.Error()
				return
			}
			st.Status, st.PlanID = runDone, planID
		})
		if err != nil {
			metrics.runs.failed.Add(1)
			m.log.Warn("run failed", "run", r.st.ID, "kind", kind, "err", err)
			return
		}
		metrics.runs.done.Add(1)
		m.log.Info("run done", "run", r.st.ID, "kind", kind, "plan", planID, "seconds", time.Since(began).Seconds())
	}()
	return r, nil
}

func (m *runManager) get(id int64) *run {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.runs[id]
}

func (m *runManager) list() []runState {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]runState, 0, len(m.order))
	for i := len(m.order) - 1; i >= 0; i-- {
		out = append(out, m.runs[m.order[i]].state())
	}
	return out
}

func (m *runManager) active() int {
	if m.busy.Load() {
		return 1
	}
	return 0
}

// shutdown cancels the runs, which ends their event streams.
func (m *runManager) shutdown() { m.cancel() }

// wait waits for the runs to stop after shutdown.
func (m *runManager) wait() { m.wg.Wait() }
