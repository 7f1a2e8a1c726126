package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTravelModel: the default model keeps to land; a travel-times file is laid over
// it, and a bad one stops the run with its file and line.
func TestTravelModel(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.csv"), filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(good, []byte("from,to,minutes,km\n23096,23001,22,19.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("from,to,minutes,km\n23096,23001,0,19.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		set   func(*Travel)
		model string // in the model's description
		err   string
	}{
		{"default: on land", func(*Travel) {}, "on land", ""},
		{"land off", func(t *Travel) { t.Land = false }, "great-circle", ""},
		{"known legs", func(t *Travel) { t.TimesFile = good }, "legs from " + good, ""},
		{"bad known legs", func(t *Travel) { t.TimesFile = bad }, "", bad + ":2: column minutes"},
		{"missing file", func(t *Travel) { t.TimesFile = filepath.Join(dir, "none.csv") }, "", "travel.times_file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := DefaultTravel()
			tt.set(&tr)
			m, err := tr.Model()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := m.String(); !strings.Contains(s, tt.model) || (tt.name == "land off" && strings.Contains(s, "on land")) {
				t.Errorf("model %q, want %q in it", s, tt.model)
			}
		})
	}
}
