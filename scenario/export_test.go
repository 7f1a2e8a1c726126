package scenario

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io/fs"
	"testing/fstest"

	"medibus"
	"medibus/routing"
	"medibus/territory"
)

// The parsers behind ReadAPL and ReadDemandFile, for the fuzz targets: they skip the
// file system, which would otherwise bound how many inputs a minute can try.
var (
	ParseAPL        = parseAPL
	ParseDemandFile = parseDemandFile
)

// ReadFolderFS reads a scenario folder held by fsys, as Read reads one on disk; dir
// names it in messages.
var ReadFolderFS = func(ctx context.Context, fsys fs.FS, dir string, p Params, f *territory.France, travel routing.Model) (*medibus.Scenario, error) {
	sc, _, err := readFS(ctx, fsys, dir, p, f, travel)
	return sc, err
}

// EncodeFolder gives the content of each file Write writes for sc.
func EncodeFolder(sc *medibus.Scenario) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, w := range writers {
		b, err := encodeCSV(w.spec, w.rows(sc))
		if err != nil {
			return nil, err
		}
		out[w.spec.name] = b
	}
	return out, nil
}

// ReadRules reads the content of a rules.csv over the settings p, as a folder would.
func ReadRules(content []byte, p Params) (medibus.Scenario, error) {
	fo := newFolder(fstest.MapFS{RulesFile: {Data: content}}, "", nil)
	sc := medibus.Scenario{Name: "folder"}
	readRules(fo, &sc, p)
	return sc, fo.err()
}

// RuleBounds gives the range of each whole-number rule, by key.
func RuleBounds() map[string][2]int {
	out := map[string][2]int{}
	for _, k := range ruleKeys {
		if k.num != nil {
			out[k.key] = [2]int{k.lo, k.hi}
		}
	}
	return out
}

// CheckRules reports rules that cannot be planned with.
func CheckRules(r *medibus.Rules) error {
	if err := checkRules(r); err != nil {
		return err
	}
	return nil
}

// FrenchFolder rewrites a folder's CSV files as `scenario export --excel` would write
// them, for the fuzz targets' seeds.
func FrenchFolder(files map[string][]byte) (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, b := range files {
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil || len(recs) == 0 {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if out[name], err = frenchCSV(recs[0], recs[1:]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
