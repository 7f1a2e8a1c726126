package cli

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"medibus"
	"medibus/export"
)

// TestExportHonoursCancellation: the export, which knows nothing of contexts, stops
// at its next write once the context is cancelled.
func TestExportHonoursCancellation(t *testing.T) {
	sc := &medibus.Scenario{Name: "x", Rules: medibus.Rules{CycleWeeks: 1}}
	pl := &medibus.Plan{}
	for i := range 2000 {
		pl.Sessions = append(pl.Sessions, medibus.Session{Unit: "bus", Date: medibus.Date(20000 + i/2), Half: medibus.Half(i % 2), Site: "s"})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b bytes.Buffer
	if err := export.CSV(ctxWriter{ctx, &b}, sc, pl); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if b.Len() > 0 {
		t.Fatalf("wrote %d bytes after cancellation", b.Len())
	}
}
