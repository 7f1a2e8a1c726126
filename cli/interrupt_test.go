package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"medibus/cli"
)

// runUntil runs medibus with a context cancelled after d, as main cancels it on SIGINT
// or SIGTERM, and returns the exit code and how long the run went on after the
// cancellation.
func runUntil(d time.Duration, args ...string) (code int, after time.Duration, stderr string) {
	ctx, cancel := context.WithCancel(context.Background())
	var cancelled time.Time
	if d <= 0 {
		cancelled = time.Now()
		cancel()
	}
	timer := time.AfterFunc(max(d, 0), func() { cancelled = time.Now(); cancel() })
	defer timer.Stop()
	var out, errb bytes.Buffer
	code = cli.Run(ctx, args, &out, &errb)
	if !cancelled.IsZero() {
		after = time.Since(cancelled)
	}
	cancel()
	return code, after, errb.String()
}

// TestPlanStopsOnSignal: an interrupted plan stops within two seconds, wherever it is
// (building the scenario, timing catchments, the greedy start, the search), exits 130
// and stores nothing.
func TestPlanStopsOnSignal(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, d := range []time.Duration{20 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond, 1200 * time.Millisecond} {
		code, after, errOut := runUntil(d, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--time-limit", "60s", "--db", "p.db")
		if code == 0 {
			t.Logf("cancelled after %s: the plan was already stored", d)
			os.Remove("p.db")
			continue
		}
		if code != cli.ExitInterupted || after > 2*time.Second {
			t.Errorf("cancelled after %s: exit %d %s later, want %d within 2s: %s", d, code, after, cli.ExitInterupted, errOut)
		}
		if files, _ := filepath.Glob("p.db*"); len(files) > 0 {
			t.Errorf("cancelled after %s: left %v", d, files)
		}
	}
}

// TestExportStopsOnSignal: an interrupted export exits 130 and leaves no file.
func TestExportStopsOnSignal(t *testing.T) {
	plannedSmall(t, "e.db")
	code, _, errOut := runUntil(0, "export", "--db", "e.db", "--format", "csv", "--out", "plan.csv")
	if code != cli.ExitInterupted {
		t.Fatalf("exit %d, want %d: %s", code, cli.ExitInterupted, errOut)
	}
	if files, _ := filepath.Glob("*.csv"); len(files) > 0 {
		t.Fatalf("an interrupted export left %v", files)
	}
	if files, _ := filepath.Glob(".medibus-export-*"); len(files) > 0 {
		t.Fatalf("an interrupted export left %v", files)
	}
}
