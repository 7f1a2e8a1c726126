package server_test

import (
	"context"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/draw"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"medibus/server"
)

// qrOf decodes the QR code of a poster from its inline SVG: the runs of dark modules
// drawn as "Mx yhNv1h-Nz" on a white square, rasterised at 8 pixels a module.
func qrOf(t *testing.T, page string) string {
	t.Helper()
	svg := regexp.MustCompile(`<svg class="qr"[^>]*viewBox="0 0 (\d+) \d+"[^>]*>.*?<path fill="#000" d="([^"]*)"/></svg>`).FindStringSubmatch(page)
	if svg == nil {
		t.Fatalf("no QR code in the poster: %.2000s", page)
	}
	var n int
	fmt.Sscan(svg[1], &n)
	const px = 8
	img := image.NewGray(image.Rect(0, 0, n*px, n*px))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for _, m := range regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-\d+z`).FindAllStringSubmatch(svg[2], -1) {
		var x, y, w int
		fmt.Sscan(m[1], &x)
		fmt.Sscan(m[2], &y)
		fmt.Sscan(m[3], &w)
		draw.Draw(img, image.Rect(x*px, y*px, (x+w)*px, (y+1)*px), image.NewUniform(color.Black), image.Point{}, draw.Src)
	}
	return decodeQR(t, img)
}

// decodeQR reads the QR code in img.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the QR code does not decode: %v", err)
	}
	return res.GetText()
}

// TestPoster: a commune's poster names the commune, its next sessions with hours,
// place and consultation, how to book, and a QR code that decodes to the commune's page
// at the public URL, or else at the address the request came to; an unserved commune's
// poster says how far the nearest stop is; an unknown code is 404; the commune's page
// links to its poster; before anything is published, the poster says so.
func TestPoster(t *testing.T) {
	e := newEnv(t)
	if res, body := e.do("GET", "/communes/23176/affiche", "", ""); res.StatusCode != 200 || !strings.Contains(html.UnescapeString(body), "Aucun planning n'est publié pour l'instant près de La Souterraine") ||
		strings.Contains(body, `<svg class="qr"`) {
		t.Errorf("the poster before anything is published: %d %.2000s", res.StatusCode, body)
	}
	e.publish("1")
	res, body := e.do("GET", "/communes/23176/affiche", "", "")
	page := html.UnescapeString(body)
	if res.StatusCode != 200 {
		t.Fatalf("poster: %d %.500s", res.StatusCode, body)
	}
	for _, want := range []string{
		"<h1 id=\"poster-h\">Le médicobus passe près de chez vous</h1>", "<strong>La Souterraine</strong> (Creuse)",
		"Prochaines dates, à 20 minutes de route ou moins", "novembre 2026</strong>", ", de ", " à ",
		"Médecine générale — ", "Prendre rendez-vous", "Scannez ce code", e.ts.URL[len("http://"):] + "/communes/23176",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the poster lacks %q: %.4000s", want, page)
		}
	}
	if n := strings.Count(page, `<li><p class="when">`) + strings.Count(page, `<li class="annulee">`); n < 3 || n > 8 {
		t.Errorf("the poster lists %d dates, want 3 to 8 (one A4 page)", n)
	}
	if got, want := qrOf(t, body), e.ts.URL+"/communes/23176"; got != want {
		t.Errorf("the QR code says %q, want %q", got, want)
	}
	// Another host name the request came with, another QR code: what one client sends
	// is not served to the next.
	req, err := http.NewRequest("GET", e.ts.URL+"/communes/23176/affiche", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "mairie.example:8080"
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if got := qrOf(t, string(other)); got != "http://mairie.example:8080/communes/23176" {
		t.Errorf("asked at mairie.example:8080, the QR code says %q", got)
	}
	if _, again := e.do("GET", "/communes/23176/affiche", "", ""); qrOf(t, again) != e.ts.URL+"/communes/23176" {
		t.Errorf("after a request at another host name, the QR code says %q", qrOf(t, again))
	}
	if _, commune := e.do("GET", "/communes/23176", "", ""); !strings.Contains(commune, `<a href="/communes/23176/affiche">Affiche à imprimer pour la mairie ou la pharmacie</a>`) {
		t.Errorf("the commune's page does not link to its poster")
	}
	_, far := e.do("GET", "/communes/87085/affiche", "", "")
	far = html.UnescapeString(far)
	if !strings.Contains(far, "Le médicobus le plus proche de chez vous") || !strings.Contains(far, "au-delà de ces 20 minutes") || strings.Contains(far, "passe près de chez vous") {
		t.Errorf("the poster of an unserved commune: %.3000s", far)
	}
	if res, _ := e.do("GET", "/communes/99999/affiche", "", ""); res.StatusCode != 404 {
		t.Errorf("the poster of an unknown commune: %d", res.StatusCode)
	}
	// With the public URL configured, the QR code leads there whatever the request's host.
	pub := newEnvWith(t, 0, func(c *server.Config) { c.PublicURL = "https://medicobus.example.fr/" })
	pub.publish("1")
	_, body = pub.do("GET", "/communes/23176/affiche", "", "")
	if got := qrOf(t, body); got != "https://medicobus.example.fr/communes/23176" {
		t.Errorf("with a public URL, the QR code says %q", got)
	}
	if _, commune := pub.do("GET", "/communes/23176", "", ""); !strings.Contains(commune, `href="webcal://medicobus.example.fr/communes/23176.ics"`) {
		t.Errorf("with a public URL, the page's calendar link is not webcal://medicobus.example.fr/communes/23176.ics")
	}
}

// TestSitePosters: the static site writes each commune's poster; without a public URL
// it carries no QR code and says what to set, with one its QR code leads to the page.
func TestSitePosters(t *testing.T) {
	for _, tc := range []struct {
		publicURL string
		want      string
	}{
		{"", "Pas de code QR sur cette affiche"},
		{"https://medicobus.example.fr", "medicobus.example.fr/communes/23176"},
	} {
		e := newEnvWith(t, 0, func(c *server.Config) { c.PublicURL = tc.publicURL })
		e.publish("1")
		dir := filepath.Join(t.TempDir(), "site")
		sum, err := e.srv.WriteSite(context.Background(), server.SiteOptions{Dir: dir, Departments: []string{"23"}})
		if err != nil || sum.PublicURL != tc.publicURL {
			t.Fatalf("site: %+v %v", sum, err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "communes", "23176", "affiche", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		poster := html.UnescapeString(string(b))
		if !strings.Contains(poster, tc.want) || !strings.Contains(poster, "Le médicobus passe près de chez vous") {
			t.Errorf("public URL %q: the written poster lacks %q: %.3000s", tc.publicURL, tc.want, poster)
		}
		if tc.publicURL == "" {
			if strings.Contains(poster, `<svg class="qr"`) {
				t.Error("a poster without the site's address carries a QR code")
			}
			continue
		}
		if got := qrOf(t, string(b)); got != tc.publicURL+"/communes/23176" {
			t.Errorf("the written poster's QR code says %q", got)
		}
	}
}
