package scenario

import (
	"embed"
	"io/fs"

	"medibus"
	"medibus/territory"
)

// The road closures the built-in scenarios know: the crests of the Vanoise between
// Maurienne and Tarentaise, which no road crosses, and the passes over them closed in
// winter (docs/scenario-files.md, road_closures.csv). Mountains elsewhere are flat to
// the great-circle model; a coordinator adds their own closures in the same file.
//
//go:embed data/road_closures.csv
var builtinClosuresFS embed.FS

// BuiltinRoadClosures returns every closure the built-in scenarios know.
func BuiltinRoadClosures(f *territory.France) ([]medibus.RoadClosure, error) {
	sub, err := fs.Sub(builtinClosuresFS, "data")
	if err != nil {
		return nil, err
	}
	fo := newFolder(sub, "built-in", f)
	all := readRoadClosures(fo)
	return all, fo.err()
}

// builtinRoadClosures returns the built-in closures with a point within reach of the
// communes cs (their bounding box, one degree wider).
func builtinRoadClosures(f *territory.France, cs []medibus.Commune) ([]medibus.RoadClosure, error) {
	if len(cs) == 0 {
		return nil, nil
	}
	all, err := BuiltinRoadClosures(f)
	if err != nil {
		return nil, err
	}
	lo, hi := cs[0].Point, cs[0].Point
	for _, c := range cs {
		lo[0], lo[1] = min(lo[0], c.Point[0]), min(lo[1], c.Point[1])
		hi[0], hi[1] = max(hi[0], c.Point[0]), max(hi[1], c.Point[1])
	}
	var out []medibus.RoadClosure
	for _, c := range all {
		for _, p := range c.Line {
			if p[0] >= lo[0]-1 && p[0] <= hi[0]+1 && p[1] >= lo[1]-1 && p[1] <= hi[1]+1 {
				out = append(out, c)
				break
			}
		}
	}
	return out, nil
}
