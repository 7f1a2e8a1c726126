// Package export writes plans for people and other programs: JSON and CSV of the
// sessions, with what a reader needs to use them without the scenario at hand.
package export

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"medibus"
	"medibus/csvtable"
	"medibus/workbook"
)

// csvHeader is the column order of the CSV export, one row per session. The drive back
// to the depot is on the last session of each bus-day, so that the rows add up to the
// plan's km and minutes. Its names are those of the JSON export.
var csvHeader = []string{"unit", "date", "weekday", "half", "site_insee", "site_name", "lat", "lon",
	"arrive", "start", "end", "depart", "service", "staff", "expected_patients",
	"drive_km_from_previous", "drive_min_from_previous", "drive_km_to_depot", "drive_min_to_depot",
	"remote", "organisation"}

// homeward returns, for each session of pl (by index), the bus-day whose drive back to
// the depot starts from it: the day's last session; nil for the others.
func homeward(pl *medibus.Plan) []*medibus.BusDay {
	type day struct {
		unit string
		date medibus.Date
	}
	days := map[day]*medibus.BusDay{}
	for i := range pl.BusDays {
		days[day{pl.BusDays[i].Unit, pl.BusDays[i].Date}] = &pl.BusDays[i]
	}
	last := map[day]int{}
	for i, s := range pl.Sessions {
		k := day{s.Unit, s.Date}
		if j, ok := last[k]; !ok || s.Half > pl.Sessions[j].Half {
			last[k] = i
		}
	}
	out := make([]*medibus.BusDay, len(pl.Sessions))
	for k, i := range last {
		out[i] = days[k]
	}
	return out
}

// csvKinds types the columns of csvHeader in a workbook: codes and names as text,
// dates as dates, times of day as times, figures as numbers.
var csvKinds = []workbook.Kind{workbook.Text, workbook.Date, workbook.Text, workbook.Text, workbook.Text, workbook.Text, workbook.Number, workbook.Number,
	workbook.Clock, workbook.Clock, workbook.Clock, workbook.Clock, workbook.Text, workbook.Text, workbook.Integer,
	workbook.Number, workbook.Integer, workbook.Number, workbook.Integer,
	workbook.Text, workbook.Text}

// dialect is how a file writes what varies between programs and spreadsheets.
type dialect struct {
	french  bool   // ';', a byte-order mark, every field with a comma quoted
	decimal string // the decimal separator
	weekday func(time.Weekday) string
}

var (
	// plain is RFC 4180 with English weekdays: for programs.
	plain = dialect{decimal: ".", weekday: time.Weekday.String}
	// excel is what a spreadsheet set up for France opens as columns: a UTF-8
	// byte-order mark (else accents come out garbled), semicolons, decimal commas and
	// French weekdays.
	excel = dialect{french: true, decimal: ",", weekday: func(d time.Weekday) string { return frWeekdays[d] }}
)

var frWeekdays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

func (d dialect) number(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if d.decimal != "." {
		s = strings.Replace(s, ".", d.decimal, 1)
	}
	return s
}

// CSV writes one row per session, in the plan's order.
func CSV(w io.Writer, sc *medibus.Scenario, pl *medibus.Plan) error {
	return writeCSV(w, sc, pl, plain)
}

// ExcelCSV writes the rows of CSV for a spreadsheet in French: UTF-8 with a byte-order
// mark, ';' between fields (every field holding a comma quoted, since LibreOffice's
// import also splits on commas unless told otherwise), decimal commas and French
// weekdays; the columns are CSV's.
func ExcelCSV(w io.Writer, sc *medibus.Scenario, pl *medibus.Plan) error {
	return writeCSV(w, sc, pl, excel)
}

// XLSX writes the rows of CSV as an Excel workbook of one sheet, « séances », with
// typed cells: INSEE codes and ids as text (an INSEE code keeps its leading zero),
// dates as dates, times as times of day, figures as numbers; weekdays in French.
func XLSX(w io.Writer, sc *medibus.Scenario, pl *medibus.Plan) error {
	sh := workbook.Sheet{Name: "séances"}
	for i, h := range csvHeader {
		sh.Columns = append(sh.Columns, workbook.Column{Name: h, Kind: csvKinds[i]})
	}
	for _, r := range rows(sc, pl) {
		sh.Rows = append(sh.Rows, []any{r.unit, r.date.Time(time.UTC), frWeekdays[r.date.Weekday()], r.half, r.insee, r.name, r.lat, r.lon,
			int(r.arrive), int(r.start), int(r.end), int(r.depart), r.service, r.staff, r.patients,
			r.kmFrom, r.minFrom, r.kmHome, r.minHome, r.remote, r.organisation})
	}
	if err := workbook.Write(w, sh); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	return nil
}

// row is one session as the CSV and workbook exports give it.
type row struct {
	unit, half, insee, name, service, staff, remote, organisation string
	date                                                          medibus.Date
	lat, lon, kmFrom, kmHome                                      float64
	arrive, start, end, depart                                    medibus.Clock
	patients, minFrom, minHome                                    int
}

// rows gives the sessions of pl in its order, each with its site, and on a bus-day's
// last session the drive back to the depot.
func rows(sc *medibus.Scenario, pl *medibus.Plan) []row {
	ix := medibus.NewIndex(sc)
	home := homeward(pl)
	out := make([]row, len(pl.Sessions))
	for i, s := range pl.Sessions {
		r := row{unit: s.Unit, date: s.Date, half: s.Half.String(), service: s.Service, staff: strings.Join(s.Staff, ";"),
			remote: strings.Join(s.Remote, ";"), organisation: organisationOf(ix, s.Unit),
			arrive: s.Arrive, start: s.Start, end: s.End, depart: s.Depart, patients: s.ExpectedPatients,
			kmFrom: s.DriveKmFromPrevious, minFrom: s.DriveMinFromPrevious}
		if site := ix.Sites[s.Site]; site != nil {
			r.insee, r.name, r.lat, r.lon = site.INSEE, site.Name, site.Point.Lat(), site.Point.Lon()
		}
		if bd := home[i]; bd != nil {
			r.kmHome, r.minHome = bd.ReturnKm, bd.ReturnMin
		}
		out[i] = r
	}
	return out
}

func writeCSV(w io.Writer, sc *medibus.Scenario, pl *medibus.Plan, d dialect) error {
	cw := csvtable.NewWriter(w)
	if d.french {
		cw = csvtable.NewFrenchWriter(w)
	}
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	for _, r := range rows(sc, pl) {
		rec := []string{r.unit, r.date.String(), d.weekday(r.date.Weekday()), r.half, r.insee, r.name,
			d.number(r.lat, 5), d.number(r.lon, 5),
			r.arrive.String(), r.start.String(), r.end.String(), r.depart.String(), r.service,
			r.staff, strconv.Itoa(r.patients),
			d.number(r.kmFrom, 2), strconv.Itoa(r.minFrom), d.number(r.kmHome, 2), strconv.Itoa(r.minHome),
			r.remote, r.organisation}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// Session is a session as exported: the plan's fields plus the site's place and, on a
// bus-day's last session, the drive back to the depot.
type Session struct {
	medibus.Session
	Weekday         string  `json:"weekday"`
	SiteINSEE       string  `json:"site_insee"`
	SiteName        string  `json:"site_name"`
	Lat             float64 `json:"lat"`
	Lon             float64 `json:"lon"`
	DriveKmToDepot  float64 `json:"drive_km_to_depot"`
	DriveMinToDepot int     `json:"drive_min_to_depot"`
	// Remote are the specialists of a tele-consultation (always present, maybe empty);
	// Organisation runs the bus.
	Remote       []string `json:"remote"`
	Organisation string   `json:"organisation"`
}

// organisationOf is the id of the organisation that runs unit, or "".
func organisationOf(ix *medibus.Index, unit string) string {
	if u := ix.Units[unit]; u != nil {
		return u.Organisation
	}
	return ""
}

// Document is the JSON export of a plan.
type Document struct {
	Plan struct {
		ID        int64        `json:"id"`
		Scenario  string       `json:"scenario"`
		Version   int          `json:"version"`
		Status    string       `json:"status"`
		Start     medibus.Date `json:"start"`
		End       medibus.Date `json:"end"`
		Seed      int64        `json:"seed"`
		Engine    string       `json:"engine"`
		Travel    string       `json:"travel,omitempty"`
		Reference int64        `json:"reference_id,omitempty"`
		CreatedAt string       `json:"created_at"`
		// Kind is "rotation" or "change"; Units the buses a rotation covers (none:
		// every bus of its scenario); Change the bus-days a dated change replaces.
		Kind   string          `json:"kind"`
		Units  []string        `json:"units,omitempty"`
		Change *medibus.Change `json:"change,omitempty"`
		// Objective is the planner's score of the plan and ObjectiveParts its weighted
		// parts (also in kpis.search, with how the search ended); absent for plans
		// stored before they were recorded.
		Objective      *float64                `json:"objective,omitempty"`
		ObjectiveParts *medibus.ObjectiveParts `json:"objective_parts,omitempty"`
	} `json:"plan"`
	KPIs          medibus.KPIs           `json:"kpis"`
	Depots        []medibus.Depot        `json:"depots"`
	Organisations []medibus.Organisation `json:"organisations"`
	Units         []unitDoc              `json:"units"`
	BusDays       []medibus.BusDay       `json:"bus_days"`
	Sessions      []Session              `json:"sessions"`
	// InNeed lists the scenario's communes in need, the denominators of the care
	// figures: with each session's booked_by_commune they give every KPI.
	InNeed []communeDoc `json:"communes_in_need"`
}

type unitDoc struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Depot        string `json:"depot"`
	Organisation string `json:"organisation,omitempty"`
	Driver       string `json:"driver,omitempty"`
	Why          string `json:"why,omitempty"`
}

type communeDoc struct {
	INSEE      string   `json:"insee"`
	Name       string   `json:"name"`
	Department string   `json:"department"`
	Population int      `json:"population"`
	AccessMin  float64  `json:"access_min"`
	APL        *float64 `json:"apl,omitempty"`
}

// newDocument assembles the JSON export of pl.
func newDocument(sc *medibus.Scenario, pl *medibus.Plan) *Document {
	ix := medibus.NewIndex(sc)
	d := &Document{KPIs: pl.KPIs, Depots: sc.Depots, Organisations: sc.Organisations, BusDays: pl.BusDays, Sessions: []Session{}}
	if d.Organisations == nil {
		d.Organisations = []medibus.Organisation{}
	}
	if d.BusDays == nil {
		d.BusDays = []medibus.BusDay{} // a change that cancels whole days has none
	}
	d.Plan.ID, d.Plan.Scenario, d.Plan.Version, d.Plan.Status = pl.ID, pl.Scenario, pl.Version, pl.Status
	d.Plan.Start, d.Plan.End = pl.Start, pl.Start.AddDays(sc.Rules.CycleDays()-1)
	d.Plan.Seed, d.Plan.Engine, d.Plan.Travel, d.Plan.Reference = pl.Seed, pl.Engine, pl.Travel, pl.ReferenceID
	d.Plan.Kind, d.Plan.Units, d.Plan.Change = cmp.Or(pl.Kind, medibus.KindRotation), pl.Units, pl.Change
	if s := pl.KPIs.Search; s != nil {
		obj, parts := s.Objective, s.Parts
		d.Plan.Objective, d.Plan.ObjectiveParts = &obj, &parts
	}
	if pl.IsChange() {
		d.Plan.End = pl.Change.To
	}
	if !pl.CreatedAt.IsZero() {
		d.Plan.CreatedAt = pl.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	home := homeward(pl)
	for i, s := range pl.Sessions {
		e := Session{Session: s, Weekday: s.Date.Weekday().String(), Remote: s.Remote, Organisation: organisationOf(ix, s.Unit)}
		if e.Remote == nil {
			e.Remote = []string{}
		}
		if site := ix.Sites[s.Site]; site != nil {
			e.SiteINSEE, e.SiteName, e.Lat, e.Lon = site.INSEE, site.Name, site.Point.Lat(), site.Point.Lon()
		}
		if bd := home[i]; bd != nil {
			e.DriveKmToDepot, e.DriveMinToDepot = bd.ReturnKm, bd.ReturnMin
		}
		d.Sessions = append(d.Sessions, e)
	}
	for _, u := range sc.Units {
		d.Units = append(d.Units, unitDoc{ID: u.ID, Name: u.Name, Depot: u.Depot, Organisation: u.Organisation, Driver: u.Driver, Why: u.Why})
	}
	d.InNeed = []communeDoc{}
	for _, c := range sc.Communes {
		if c.InNeed {
			d.InNeed = append(d.InNeed, communeDoc{INSEE: c.INSEE, Name: c.Name, Department: c.Department,
				Population: c.Population, AccessMin: c.AccessMin, APL: c.APL})
		}
	}
	return d
}

// JSON writes the plan as an indented JSON document.
func JSON(w io.Writer, sc *medibus.Scenario, pl *medibus.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(newDocument(sc, pl)); err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	return nil
}
