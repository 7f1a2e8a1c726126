package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"medibus/ical"
)

func paris(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a,b;c\\d", `a\,b\;c\\d`},
		{"line1\nline2", `line1\nline2`},
		{"crlf\r\nend", `crlf\nend`},
		{"Médecine générale", "Médecine générale"},
	} {
		if got := ical.Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func sample(t *testing.T) (*ical.Calendar, []byte) {
	t.Helper()
	loc := paris(t)
	c := &ical.Calendar{
		ProdID: "-//medibus//test//FR", Name: "Médicobus à Saint-Médard-la-Rochette", TZID: "Europe/Paris",
		Stamp: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
		Events: []ical.Event{
			{UID: "a@medibus", Start: time.Date(2026, 11, 23, 9, 0, 0, 0, loc), End: time.Date(2026, 11, 23, 12, 30, 0, 0, loc),
				Summary: "Médecine générale", Location: "Place de la mairie, Noth", Lat: 46.24223, Lon: 1.58265, HasGeo: true,
				Description: strings.Repeat("Consultations sur rendez-vous, médecin généraliste à bord; ", 4)},
			{UID: "b@medibus", Start: time.Date(2027, 4, 5, 13, 30, 0, 0, loc), End: time.Date(2027, 4, 5, 17, 0, 0, 0, loc),
				Summary: "Gynécologie"},
		},
	}
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return c, buf.Bytes()
}

func TestLinesAreCRLFAndFolded(t *testing.T) {
	_, b := sample(t)
	if !bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")) {
		t.Fatalf("does not end with END:VCALENDAR CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 character: %q", i, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("the long description was not folded")
	}
	for _, want := range []string{"BEGIN:VTIMEZONE", "TZID:Europe/Paris", "DTSTART;TZID=Europe/Paris:20261123T090000",
		"DTSTAMP:20261120T080000Z", "GEO:46.242230;1.582650", `rendez-vous\, m`} {
		if !bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n "), nil), []byte(want)) {
			t.Errorf("feed lacks %q", want)
		}
	}
}

// TestThirdPartyParser reads the feed back with github.com/arran4/golang-ical.
func TestThirdPartyParser(t *testing.T) {
	c, b := sample(t)
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("golang-ical: %v", err)
	}
	evs := cal.Events()
	if len(evs) != len(c.Events) {
		t.Fatalf("%d events, want %d", len(evs), len(c.Events))
	}
	if len(cal.Timezones()) != 1 {
		t.Errorf("%d VTIMEZONE, want 1", len(cal.Timezones()))
	}
	for i, ev := range evs {
		want := c.Events[i]
		if ev.Id() != want.UID {
			t.Errorf("event %d UID %q, want %q", i, ev.Id(), want.UID)
		}
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(want.Start) {
			t.Errorf("event %d start %v (%v), want %v", i, start, err, want.Start)
		}
		end, err := ev.GetEndAt()
		if err != nil || !end.Equal(want.End) {
			t.Errorf("event %d end %v (%v), want %v", i, end, err, want.End)
		}
		if p := ev.GetProperty(ics.ComponentPropertySummary); p == nil || p.Value != want.Summary {
			t.Errorf("event %d summary %+v, want %q", i, p, want.Summary)
		}
		if _, err := ev.GetDtStampTime(); err != nil {
			t.Errorf("event %d DTSTAMP: %v", i, err)
		}
	}
	// Summer time: 13:30 in Paris on 5 April 2027 is 11:30 UTC.
	if s, _ := evs[1].GetStartAt(); s.UTC().Hour() != 11 {
		t.Errorf("summer event at %v UTC, want 11:30", s.UTC())
	}
}

func TestUnknownZone(t *testing.T) {
	c := &ical.Calendar{TZID: "Mars/Olympus"}
	if err := c.Encode(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "Europe/Paris") {
		t.Errorf("err = %v", err)
	}
}

// TestCancelledEvent: a cancelled event keeps its UID, says STATUS:CANCELLED and a
// higher SEQUENCE, and parses as such; a confirmed one carries neither.
func TestCancelledEvent(t *testing.T) {
	loc := paris(t)
	at := time.Date(2026, 12, 25, 9, 0, 0, 0, loc)
	c := &ical.Calendar{ProdID: "-//t//FR", TZID: "Europe/Paris", Stamp: at, Events: []ical.Event{
		{UID: "a@t", Start: at, End: at.Add(time.Hour), Summary: "Annulé (Noël)", Status: ical.StatusCancelled},
		{UID: "b@t", Start: at.AddDate(0, 0, 3), End: at.AddDate(0, 0, 3).Add(time.Hour), Summary: "Tenu"},
	}}
	var b bytes.Buffer
	if err := c.Encode(&b); err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	for i, want := range []string{"CANCELLED", ""} {
		got := ""
		if p := evs[i].GetProperty(ics.ComponentPropertyStatus); p != nil {
			got = p.Value
		}
		if got != want {
			t.Errorf("event %d STATUS %q, want %q", i, got, want)
		}
	}
	if p := evs[0].GetProperty(ics.ComponentPropertySequence); p == nil || p.Value != "1" {
		t.Errorf("cancelled event SEQUENCE %+v, want 1", p)
	}
}
