package server

import (
	"fmt"
	"html/template"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// qrSVG draws text as a QR code in inline SVG, labelled for screen readers with label:
// vector, so that it prints sharp at any size, and inline, so that it needs no image
// file and passes the pages' content security policy. Medium error correction (15 %)
// survives a poster's creases and smudges; the symbol keeps the quiet zone of four
// modules readers need around it.
func qrSVG(text, label string) (template.HTML, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("QR code of %q: %w", text, err)
	}
	bm := q.Bitmap() // with the quiet zone
	n := len(bm)
	var path strings.Builder
	for y, row := range bm {
		// One rectangle per run of dark modules: a few hundred path commands, not one
		// element per module.
		for x := 0; x < n; {
			if !row[x] {
				x++
				continue
			}
			run := 1
			for x+run < n && row[x+run] {
				run++
			}
			fmt.Fprintf(&path, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run
		}
	}
	return template.HTML(fmt.Sprintf(`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges">`+
		`<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, template.HTMLEscapeString(label), n, n, path.String())), nil
}
