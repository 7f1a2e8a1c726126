package cli

import (
	"fmt"
	"io"
	"time"

	"medibus/scheduler"
)

// progress draws a one-line progress bar on a terminal; elsewhere it stays silent so
// logs and pipes are not filled with carriage returns.
type progress struct {
	w     io.Writer
	on    bool
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, terminal bool) *progress { return &progress{w: w, on: terminal} }

func (p *progress) update(pr scheduler.Progress) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond && pr.Done < pr.Total {
		return
	}
	p.last = time.Now()
	const width = 30
	filled := 0
	if pr.Total > 0 {
		filled = min(width, width*pr.Done/pr.Total)
	}
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < filled {
			bar[i] = '#'
		}
	}
	p.drawn = true
	if pr.Iterations > 0 {
		fmt.Fprintf(p.w, "\r%-8s [%s] %d iterations, objective %.0f ", pr.Phase, bar, pr.Iterations, pr.Objective)
		return
	}
	fmt.Fprintf(p.w, "\r%-8s [%s] %d/%d objective %.0f", pr.Phase, bar, pr.Done, pr.Total, pr.Objective)
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
