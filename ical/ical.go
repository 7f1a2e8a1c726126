// Package ical writes iCalendar (RFC 5545) feeds of events in one time zone: CRLF line
// ends, lines folded at 75 octets without splitting a UTF-8 character, TEXT values
// escaped, and a VTIMEZONE so that calendar applications place local times correctly
// across daylight-saving changes.
package ical

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one VEVENT. Start and End are wall-clock times in the calendar's zone.
type Event struct {
	// UID must stay the same for the same real-world event across feed refreshes, so
	// that calendar applications update it instead of adding a duplicate.
	UID         string
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	// Lat and Lon give the GEO property when HasGeo is set.
	Lat, Lon float64
	HasGeo   bool
	URL      string
	// Status is empty for a confirmed event, or StatusCancelled: the event keeps its UID
	// and is marked cancelled (with a higher SEQUENCE), so that a subscribed calendar
	// that showed it drops or strikes it on its next refresh.
	Status string
}

// StatusCancelled marks an event that will not take place (RFC 5545 §3.8.1.11).
const StatusCancelled = "CANCELLED"

// Calendar is a VCALENDAR of events.
type Calendar struct {
	ProdID string // for example "-//medibus//planning//FR"
	Name   string // X-WR-CALNAME, shown by most applications
	// TZID names the zone of the events' times; only Europe/Paris has a built-in
	// VTIMEZONE definition.
	TZID string
	// Stamp is the DTSTAMP of every event: when the information was last revised. A
	// stable stamp (the plan's publication time) keeps the feed byte-stable.
	Stamp  time.Time
	Events []Event
}

// vtimezones holds the VTIMEZONE definitions by TZID: the EU rule since 1996 (last
// Sunday of March at 01:00 UTC and last Sunday of October at 01:00 UTC).
var vtimezones = map[string][]string{
	"Europe/Paris": {
		"BEGIN:VTIMEZONE",
		"TZID:Europe/Paris",
		"BEGIN:DAYLIGHT",
		"TZOFFSETFROM:+0100",
		"TZOFFSETTO:+0200",
		"TZNAME:CEST",
		"DTSTART:19700329T020000",
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
		"END:DAYLIGHT",
		"BEGIN:STANDARD",
		"TZOFFSETFROM:+0200",
		"TZOFFSETTO:+0100",
		"TZNAME:CET",
		"DTSTART:19701025T030000",
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		"END:STANDARD",
		"END:VTIMEZONE",
	},
}

const (
	localLayout = "20060102T150405"
	utcLayout   = "20060102T150405Z"
)

// Encode writes the calendar to w.
func (c *Calendar) Encode(w io.Writer) error {
	tz, ok := vtimezones[c.TZID]
	if !ok {
		return fmt.Errorf("ical: time zone %q has no VTIMEZONE definition; use Europe/Paris", c.TZID)
	}
	bw := bufio.NewWriter(w)
	line := func(s string) { writeFolded(bw, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:" + c.ProdID)
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME:" + Escape(c.Name))
	}
	line("X-WR-TIMEZONE:" + c.TZID)
	for _, l := range tz {
		line(l)
	}
	stamp := c.Stamp.UTC().Format(utcLayout)
	for i := range c.Events {
		e := &c.Events[i]
		if e.UID == "" {
			return fmt.Errorf("ical: event %d (%s) has no UID", i, e.Summary)
		}
		line("BEGIN:VEVENT")
		line("UID:" + e.UID)
		line("DTSTAMP:" + stamp)
		line("DTSTART;TZID=" + c.TZID + ":" + e.Start.Format(localLayout))
		line("DTEND;TZID=" + c.TZID + ":" + e.End.Format(localLayout))
		line("SUMMARY:" + Escape(e.Summary))
		if e.Location != "" {
			line("LOCATION:" + Escape(e.Location))
		}
		if e.HasGeo {
			line(fmt.Sprintf("GEO:%.6f;%.6f", e.Lat, e.Lon))
		}
		if e.Description != "" {
			line("DESCRIPTION:" + Escape(e.Description))
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		if e.Status != "" {
			line("STATUS:" + e.Status)
			line("SEQUENCE:1")
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ical: write: %w", err)
	}
	return nil
}

// Escape escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and
// newlines.
func Escape(s string) string {
	if !strings.ContainsAny(s, "\\;,\n\r") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// writeFolded writes one content line ended by CRLF, folded so that no physical line
// exceeds 75 octets (RFC 5545 §3.1): continuation lines start with a space, which counts
// towards their 75, and a multi-byte character is never split.
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
