package server

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// projector maps longitude/latitude to SVG coordinates: an equirectangular projection
// scaled by the cosine of the mean latitude, which is faithful enough at the scale of a
// department or of France, and needs no tiles.
type projector struct {
	minX, maxY, scale, pad float64
	cos                    float64
	W, H                   float64
}

func newProjector(pts []orb.Point, w, h, pad float64) *projector {
	if len(pts) == 0 {
		pts = []orb.Point{{2.5, 46.5}}
	}
	b := orb.MultiPoint(pts).Bound()
	cos := math.Cos(b.Center().Lat() * math.Pi / 180)
	minX, maxX := b.Min.Lon()*cos, b.Max.Lon()*cos
	minY, maxY := b.Min.Lat(), b.Max.Lat()
	dx, dy := math.Max(maxX-minX, 1e-3), math.Max(maxY-minY, 1e-3)
	scale := math.Min((w-2*pad)/dx, (h-2*pad)/dy)
	// Shrink the canvas to the content so the map has no empty bands.
	return &projector{minX: minX, maxY: maxY, scale: scale, pad: pad, cos: cos, W: dx*scale + 2*pad, H: dy*scale + 2*pad}
}

func (p *projector) xy(pt orb.Point) (float64, float64) {
	return p.pad + (pt.Lon()*p.cos-p.minX)*p.scale, p.pad + (p.maxY-pt.Lat())*p.scale
}

// svg accumulates an SVG document.
type svg struct{ b strings.Builder }

func (s *svg) open(p *projector, title, class string) {
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" class="%s" role="img" aria-labelledby="map-title"><title id="map-title">%s</title>`,
		p.W, p.H, class, html.EscapeString(title))
}

func (s *svg) close() string { s.b.WriteString("</svg>"); return s.b.String() }

func (s *svg) polyline(p *projector, pts []orb.Point, class string) {
	s.b.WriteString(`<polyline class="` + class + `" points="`)
	for i, pt := range pts {
		x, y := p.xy(pt)
		if i > 0 {
			s.b.WriteByte(' ')
		}
		fmt.Fprintf(&s.b, "%.1f,%.1f", x, y)
	}
	s.b.WriteString(`"/>`)
}

func (s *svg) circle(p *projector, pt orb.Point, r float64, class, title string) {
	x, y := p.xy(pt)
	if title == "" {
		fmt.Fprintf(&s.b, `<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f"/>`, class, x, y, r)
		return
	}
	fmt.Fprintf(&s.b, `<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f"><title>%s</title></circle>`, class, x, y, r, html.EscapeString(title))
}

func (s *svg) square(p *projector, pt orb.Point, size float64, class, title string) {
	x, y := p.xy(pt)
	fmt.Fprintf(&s.b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s</title></rect>`,
		class, x-size/2, y-size/2, size, size, html.EscapeString(title))
}

func (s *svg) text(p *projector, pt orb.Point, dx, dy float64, class, txt string) {
	x, y := p.xy(pt)
	fmt.Fprintf(&s.b, `<text class="%s" x="%.1f" y="%.1f">%s</text>`, class, x+dx, y+dy, html.EscapeString(txt))
}
