package coast

import (
	"math"
	"slices"
	"strings"
	"testing"

	"medibus/territory"
)

// handMade is a hand-made coast on cells of 0.01° from (0, 45): the mainland fills
// columns 0–19 but for a bay (columns 10–19, rows 10–14) open to the sea beyond
// column 20; an island without a link at columns 24–27, rows 2–5; an island with a
// bridge at columns 24–27, rows 20–24, joined at row 22.
func handMade(t *testing.T) *Land {
	t.Helper()
	f := Frame{Lon0: 0, Lat0: 45, DLon: 0.01, DLat: 0.01, Cols: 30, Rows: 30}
	r := NewRaster(f)
	fill := func(x0, x1, y0, y1 int, land bool) {
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				r.SetLand(x, y, land)
			}
		}
	}
	fill(0, 19, 0, 29, true)
	fill(10, 19, 10, 14, false)
	fill(24, 27, 2, 5, true)
	fill(24, 27, 20, 24, true)
	bridge := Link{Name: "bridge", Kind: "bridge", A: cellPt(18, 22), B: cellPt(25, 22)}
	return New(r, []Link{bridge})
}

// cellPt is the centre of cell (x, y) of handMade's frame.
func cellPt(x, y int) [2]float64 {
	return [2]float64{(float64(x) + 0.5) * 0.01, 45 + (float64(y)+0.5)*0.01}
}

func TestHandMadeCoast(t *testing.T) {
	l := handMade(t)
	tests := []struct {
		name       string
		a, b       [2]float64
		dry, round bool
		minKm      float64 // the way round at least (when not dry)
	}{
		{"inland", cellPt(2, 2), cellPt(8, 20), true, true, 0},
		{"across the bay", cellPt(15, 8), cellPt(15, 17), false, true, 2 * 0.01 * 111 * 0.7},
		{"to the island without a link", cellPt(18, 4), cellPt(25, 4), false, false, 0},
		{"along the bridge", cellPt(18, 22), cellPt(25, 22), true, true, 0},
		{"to the bridged island, not along the bridge", cellPt(18, 20), cellPt(26, 24), false, true, 0},
		{"from the sea", cellPt(29, 12), cellPt(2, 2), false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.Dry(tt.a, tt.b); got != tt.dry {
				t.Errorf("Dry = %v, want %v", got, tt.dry)
			}
			if got := l.Dry(tt.b, tt.a); got != tt.dry {
				t.Errorf("Dry back = %v, want %v", got, tt.dry)
			}
			if tt.dry {
				return
			}
			km, ok := l.Round(tt.a, tt.b, MaxKmForTest)
			back, okBack := l.Round(tt.b, tt.a, MaxKmForTest)
			if ok != tt.round || okBack != tt.round {
				t.Fatalf("Round ok = %v, %v, want %v", ok, okBack, tt.round)
			}
			if ok && (km < tt.minKm || math.Abs(km-back) > 1e-9) {
				t.Errorf("Round = %.2f km (back %.2f), want at least %.2f and the same both ways", km, back, tt.minKm)
			}
		})
	}
}

const MaxKmForTest = 150

// TestRoundBound: a way round longer than the bound is none.
func TestRoundBound(t *testing.T) {
	l := handMade(t)
	a, b := cellPt(15, 8), cellPt(15, 17)
	km, ok := l.Round(a, b, MaxKmForTest)
	if !ok {
		t.Fatal("no way round the bay")
	}
	if _, ok := l.Round(a, b, km*0.9); ok {
		t.Errorf("a way round of %.1f km found within %.1f km", km, km*0.9)
	}
}

func TestRasterEncodeDecode(t *testing.T) {
	l := handMade(t)
	b, err := l.r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if r.Frame != l.r.Frame || !slices.Equal(r.bits, l.r.bits) {
		t.Error("decoded raster differs")
	}
	for _, bad := range [][]byte{nil, []byte("not gzip"), b[:len(b)/2]} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("Decode(%d bytes) accepted", len(bad))
		}
	}
}

func TestReadLinksRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"name,kind\n",
		"name,kind,lon_a,lat_a,lon_b,lat_b,source\nx,bridge,a,1,2,3,s\n",
		"name,kind,lon_a,lat_a,lon_b,lat_b,source\nx,bridge,1,2,3,NaN,s\n",
		"name,kind,lon_a,lat_a,lon_b,lat_b,source\nx,bridge,1,2,3\n",
	} {
		if _, err := ReadLinks(strings.NewReader(in), "t.csv"); err == nil {
			t.Errorf("ReadLinks(%q) accepted", in)
		}
	}
}

// islands are the communes of metropolitan France on an island without a fixed link
// to the mainland (INSEE code → name).
var islands = map[string]string{
	"17004": "Île-d'Aix", "22016": "Île-de-Bréhat", "29082": "Île-de-Batz", "29083": "Île-de-Sein",
	"29084": "Île-Molène", "29155": "Ouessant", "56009": "Bangor", "56069": "Groix", "56085": "Hœdic",
	"56086": "Île-d'Houat", "56087": "Île-aux-Moines", "56088": "Île-d'Arz", "56114": "Locmaria",
	"56152": "Le Palais", "56241": "Sauzon", "85113": "L'Île-d'Yeu",
}

// TestFranceIslands: exactly the communes of islands without a fixed link are off the
// mainland (and Corsica); those of Ré, Oléron, Noirmoutier, Quiberon are on it.
func TestFranceIslands(t *testing.T) {
	l, err := France()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range l.Links() {
		if !l.r.Land(cellXY(l.r.Frame, k.A)) || !l.r.Land(cellXY(l.r.Frame, k.B)) {
			t.Errorf("link %s: an end is not on land", k.Name)
		}
	}
	fr, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	mainland, corsica := l.Mass(2.35, 48.85), l.Mass(9.15, 42.15)
	for _, c := range fr.Communes {
		m := l.Mass(c.Point[0], c.Point[1])
		off := m != mainland && m != corsica
		if _, want := islands[c.INSEE]; off != want {
			t.Errorf("%s %s: off the mainland %v, want %v", c.INSEE, c.Name, off, want)
		}
	}
}

func cellXY(f Frame, p [2]float64) (int, int) {
	x, y := f.cellOf(p[0], p[1])
	return int(math.Floor(x)), int(math.Floor(y))
}

func TestFranceEstuaries(t *testing.T) {
	l, err := France()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		a, b [2]float64
		dry  bool
	}{
		{"across the Gironde: Jau-Dignac-et-Loirac → Saint-Savin", [2]float64{-0.9563, 45.4201}, [2]float64{-0.4475, 45.1392}, false},
		{"across the Gironde's mouth: Le Verdon → Royan", [2]float64{-1.0672, 45.5473}, [2]float64{-1.0289, 45.6237}, false},
		{"across the Loire: Saint-Brevin → Saint-Nazaire beside the bridge", [2]float64{-2.1670, 47.2460}, [2]float64{-2.2140, 47.2800}, false},
		{"across the Seine: Honfleur → Le Havre", [2]float64{0.2330, 49.4190}, [2]float64{0.1080, 49.4940}, false},
		{"Limoges → Guéret", [2]float64{1.2500, 45.8300}, [2]float64{1.8700, 46.1700}, true},
	}
	for _, tt := range tests {
		if got := l.Dry(tt.a, tt.b); got != tt.dry {
			t.Errorf("%s: Dry = %v, want %v", tt.name, got, tt.dry)
		}
		if !tt.dry {
			if _, ok := l.Round(tt.a, tt.b, MaxKmForTest); !ok && !strings.Contains(tt.name, "mouth") {
				t.Errorf("%s: no way round", tt.name)
			}
		}
	}
}

func TestClosedLines(t *testing.T) {
	open := handMade(t)
	// A wall from inland to the sea across the mainland (row 25, columns 6–19): the
	// way round its western end is open.
	wall := Line{cellPt(6, 25), cellPt(19, 25), cellPt(22, 25)}
	// A 45° diagonal from the western edge to the northern one: it seals the corner,
	// however the cells of a diagonal touch.
	corner := Line{cellPt(0, 20), cellPt(9, 29)}
	// Across the bridge: the bridged island is cut off.
	bridge := Line{cellPt(21, 20), cellPt(21, 24)}
	tests := []struct {
		name   string
		lines  []Line
		a, b   [2]float64
		round  bool
		minKm  float64
		openKm float64 // the straight line on the open land, for comparison
	}{
		{"round the wall's end", []Line{wall}, cellPt(12, 28), cellPt(12, 22), true, 2 * 0.01 * 111 * 0.7 * 2, 0.06 * 111},
		{"a sealed corner", []Line{corner}, cellPt(0, 28), cellPt(5, 22), false, 0, 0},
		{"a closed bridge", []Line{bridge}, cellPt(18, 20), cellPt(26, 23), false, 0, 0},
		{"a closure elsewhere changes nothing", []Line{wall}, cellPt(2, 2), cellPt(8, 10), true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := open.Closed(tt.lines)
			if tt.minKm == 0 && tt.round {
				if !l.Dry(tt.a, tt.b) {
					t.Fatalf("Dry = false away from the closure")
				}
				return
			}
			if l.Dry(tt.a, tt.b) || l.Dry(tt.b, tt.a) {
				t.Fatalf("Dry = true across a closed line")
			}
			km, ok := l.Round(tt.a, tt.b, MaxKmForTest)
			if ok != tt.round {
				t.Fatalf("Round ok = %v, want %v", ok, tt.round)
			}
			if ok && km < tt.minKm {
				t.Errorf("Round = %.2f km, want at least %.2f (straight %.2f)", km, tt.minKm, tt.openKm)
			}
			// The open land is not changed by a closure made from it.
			if !open.Dry(tt.a, tt.b) && tt.name != "a closed bridge" {
				t.Errorf("the open land lost its straight line")
			}
			if !strings.Contains(l.String(), "closed lines") || strings.Contains(open.String(), "closed") {
				t.Errorf("descriptions: %q, %q", l.String(), open.String())
			}
		})
	}
}
