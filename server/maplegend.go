package server

import (
	"fmt"
	"html"
	"strings"

	"medibus"
)

// Presentation attributes of the map's symbols, so that the SVG reads the same outside
// the page; the page's stylesheet, where it styles these classes, takes precedence.
const (
	siteStyle  = `fill="#0b4f8a" stroke="#fff" stroke-width=".5"`
	depotStyle = `fill="#b3261e" stroke="#fff"`
	routeStyle = `fill="none" stroke="#0b4f8a" stroke-width="1.5" stroke-opacity=".6"`
)

// legendChars is how many characters fit on one line of the legend column.
const legendChars = 34

// legendLines are the legend's heading lines: what the colours measure, for which
// service.
func legendLines(svc *medibus.Service) []string {
	return append([]string{"Part du besoin servi"}, wrap(svc.Name, legendChars)...)
}

// legendHeight is the height the legend needs, so the canvas is never shorter.
func legendHeight(svc *medibus.Service) float64 {
	rows := len(legendLines(svc)) + len(coverageClasses) + 1 + 3 + 2
	return 2*mapPad + float64(rows)*legendLine
}

// writeLegend draws the legend in a column from x: the heading, one swatch per class
// with its number of communes, the symbols of sites, depots and routes, and the share of
// the whole need served. Swatches carry the fill of their class, so the SVG reads the
// same outside the page.
func writeLegend(b *strings.Builder, x float64, svc *medibus.Service, counts []int, need, served float64) {
	y := mapPad + 12
	b.WriteString(`<g class="legend" font-size="12" font-family="sans-serif">`)
	for i, line := range legendLines(svc) {
		weight := "normal"
		if i == 0 {
			weight = "bold"
		}
		fmt.Fprintf(b, `<text class="legend-title" x="%.1f" y="%.1f" font-weight="%s">%s</text>`, x, y, weight, html.EscapeString(line))
		y += legendLine
	}
	item := func(key, swatch, label string) {
		fmt.Fprintf(b, `<g class="legend-item legend-%s">%s<text x="%.1f" y="%.1f">%s</text></g>`,
			key, swatch, x+18, y+4, html.EscapeString(label))
		y += legendLine
	}
	// The scale from 0 % up, then the neutral class.
	for k := 0; k <= len(coverageClasses); k++ {
		c := k
		if c == len(coverageClasses) {
			c = -1
		}
		cl := classAt(c)
		swatch := fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="5" fill="%s" stroke="%s" stroke-width="1"/>`,
			x+6, y, cl.fill, classStroke(c))
		item(cl.id, swatch, fmt.Sprintf("%s (%s)", cl.label, communes(counts[c+1])))
	}
	y += legendLine / 2
	item("site", fmt.Sprintf(`<rect class="site" x="%.1f" y="%.1f" width="8" height="8" `+siteStyle+`/>`, x+2, y-4), "site utilisé")
	item("depot", fmt.Sprintf(`<circle class="depot" cx="%.1f" cy="%.1f" r="5" `+depotStyle+`/>`, x+6, y), "dépôt")
	item("route", fmt.Sprintf(`<polyline class="route" points="%.1f,%.1f %.1f,%.1f" `+routeStyle+`/>`, x, y, x+12, y), "tournée d'un jour")
	y += legendLine / 2
	fmt.Fprintf(b, `<text class="legend-total" x="%.1f" y="%.1f">%s</text>`, x, y+4,
		html.EscapeString(fmt.Sprintf("Total : %s du besoin servi", frPercent(shareOf(need, served), served > 1e-9))))
	b.WriteString(`</g>`)
}

// communes is "1 commune" or "n communes".
func communes(n int) string {
	if n == 1 {
		return "1 commune"
	}
	return fmt.Sprintf("%d communes", n)
}

// wrap breaks s into lines of at most width characters at spaces (a longer word keeps
// its own line).
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
