package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"medibus/server"
)

func (a *app) siteCmd() *cobra.Command {
	var out string
	var ifChanged bool
	var departments []string
	cmd := &cobra.Command{
		Use:   "site",
		Short: "Write the published patient pages, feeds and search as static files",
		Long: `Site writes what patients see of the published calendar as static files, for any web
host or CDN, with the live server's pages and URLs: the home page with the search (run in
the browser on communes/index.json), communes/INSEE/index.html and the feed
communes/INSEE.ics for every commune of France (a commune beyond every catchment gets
the nearest stop, as on the live server; --departments keeps some), its poster for the
town hall communes/INSEE/affiche/index.html, 404.html, the style sheet, scripts and map
files under static/, and site.json saying when and from which published revision it was
written. Serve the folder at the root of a host name, with .ics as text/calendar.

The pages list the sessions from today: write the site again after each publication,
each declared closure and each night (--if-changed writes only when one of those, or the
binary, changed). The new site is written beside --out, then put in its place.

--public-url (public_url in medibus.yaml) is the address the site is served at: the
posters' QR codes lead there; without it the posters say that it is needed and carry
no QR code.`,
		Example: "  medibus site --db medibus.db --out /var/www/medibus\n  medibus site --db /var/lib/medibus/medibus.db --out /var/www/medibus --if-changed   # from a timer",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db", "public_url": "public-url"})
			if err != nil {
				return err
			}
			if out == "" {
				return usageError{errors.New("--out: name the folder to write the site to, for example --out site")}
			}
			srv, db, err := a.openServer(c, server.Config{Logger: slog.New(slog.NewJSONHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
			if err != nil {
				return err
			}
			defer db.Close()
			began := time.Now()
			sum, err := srv.WriteSite(cmd.Context(), server.SiteOptions{Dir: out, IfChanged: ifChanged, Departments: departments})
			if errors.Is(err, server.ErrNothingPublished) {
				return fmt.Errorf("nothing is published in %s: run `medibus publish --db %s` first; %s left as it is", c.DB, c.DB, out)
			}
			if err != nil {
				return err
			}
			a.printSite(out, sum, time.Since(began))
			return nil
		},
	}
	cmd.Flags().String("db", "medibus.db", "SQLite database file")
	cmd.Flags().String("public-url", "", "address the site is served at (https://medicobus.example.fr), for the posters' QR codes; default public_url of medibus.yaml")
	cmd.Flags().StringVar(&out, "out", "", "folder of the site (replaced whole; an existing one must be a site written before, or empty)")
	cmd.Flags().StringSliceVar(&departments, "departments", nil, "write the pages of these departments' communes only (23,87); default every commune of France")
	cmd.Flags().BoolVar(&ifChanged, "if-changed", false, "write only when the published revision, the closures, the day or the binary changed since the site in --out")
	return cmd
}

// printSite says what medibus site wrote.
func (a *app) printSite(out string, sum server.SiteSummary, took time.Duration) {
	if sum.Unchanged {
		fmt.Fprintf(a.stdout, "site in %s is up to date (published revision %d, %s): nothing written\n", out, sum.Revision, sum.Today)
		return
	}
	fmt.Fprintf(a.stdout, "site of published revision %d (from %s) written to %s in %.1f s: %d communes (%d within reach of a site, the others show the nearest stop), %d files, %.1f MB\n",
		sum.Revision, sum.Today, out, sum.InPlace.Seconds(), sum.Communes, sum.Served, sum.Files, float64(sum.Bytes)/1e6)
	if rm := took - sum.InPlace; rm > time.Second {
		fmt.Fprintf(a.stdout, "the previous site removed in %.1f s more\n", rm.Seconds())
	}
	if sum.PublicURL == "" {
		fmt.Fprintf(a.stderr, "the posters (communes/INSEE/affiche/) have no QR code: give the address the site is served at with --public-url https://… or public_url in medibus.yaml, and write the site again\n")
	}
}
