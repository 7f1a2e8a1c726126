package medibus

import (
	"fmt"
	"strings"
	"time"
)

// Clock is a local time of day in minutes after midnight (09:00 is 540).
type Clock int

// ParseClock reads "HH:MM".
func ParseClock(s string) (Clock, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("time %q: want HH:MM, for example 09:00", s)
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h > 23 || m > 59 || h < 0 || m < 0 {
		return 0, fmt.Errorf("time %q: want HH:MM between 00:00 and 23:59", s)
	}
	return Clock(h*60 + m), nil
}

// String formats the clock as "HH:MM".
func (c Clock) String() string {
	if c < 0 {
		return fmt.Sprintf("-%02d:%02d", int(-c)/60, int(-c)%60)
	}
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// MarshalText writes "HH:MM".
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "HH:MM".
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Date is a civil date (no time zone), stored as days since 1970-01-01.
type Date int32

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date(u.Unix() / 86400)
}

// ParseDate reads an ISO date "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("date %q: want YYYY-MM-DD, for example 2026-11-23", s)
	}
	return DateOf(t), nil
}

// Time returns midnight of the date in loc.
func (d Date) Time(loc *time.Location) time.Time {
	u := time.Unix(int64(d)*86400, 0).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, loc)
}

// At returns the instant of clock c on date d in loc.
func (d Date) At(c Clock, loc *time.Location) time.Time {
	return d.Time(loc).Add(time.Duration(c) * time.Minute)
}

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01, day 0, was a Thursday; computed, not through time.Time, because the
	// planner asks it millions of times.
	return time.Weekday(((int64(d)+4)%7 + 7) % 7)
}

// String formats the date as "2006-01-02".
func (d Date) String() string { return d.Time(time.UTC).Format(time.DateOnly) }

// MarshalText writes "2006-01-02".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "2006-01-02".
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// NextMonday returns the first Monday strictly after d, or d itself if it is a Monday
// and orToday is set.
func NextMonday(d Date, orToday bool) Date {
	if orToday && d.Weekday() == time.Monday {
		return d
	}
	for n := 1; ; n++ {
		if d.AddDays(n).Weekday() == time.Monday {
			return d.AddDays(n)
		}
	}
}

// DateRange is an inclusive range of dates.
type DateRange struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// Contains reports whether d lies in the range.
func (r DateRange) Contains(d Date) bool { return d >= r.From && d <= r.To }

// ParseDateRange reads "2026-11-23" or "2026-11-23..2026-11-27".
func ParseDateRange(s string) (DateRange, error) {
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		to = from
	}
	f, err := ParseDate(from)
	if err != nil {
		return DateRange{}, err
	}
	t, err := ParseDate(to)
	if err != nil {
		return DateRange{}, err
	}
	if t < f {
		return DateRange{}, fmt.Errorf("date range %q ends before it starts: write the earlier date first", s)
	}
	return DateRange{From: f, To: t}, nil
}

// String formats the range as "from..to", or a single date.
func (r DateRange) String() string {
	if r.From == r.To {
		return r.From.String()
	}
	return r.From.String() + ".." + r.To.String()
}

// Half is a half-day: morning or afternoon.
type Half int

// The two half-days.
const (
	AM Half = iota
	PM
)

// String returns "AM" or "PM".
func (h Half) String() string {
	if h == PM {
		return "PM"
	}
	return "AM"
}

// HalfDays is a weekly set of half-days: bit 2*weekday+half, Sunday = 0.
type HalfDays uint16

// Has reports whether the half-day of weekday wd is in the set.
func (h HalfDays) Has(wd time.Weekday, half Half) bool { return h&(1<<(2*uint(wd)+uint(half))) != 0 }

// With returns the set with the half-day added.
func (h HalfDays) With(wd time.Weekday, half Half) HalfDays {
	return h | 1<<(2*uint(wd)+uint(half))
}

// Count returns the number of half-days in the set.
func (h HalfDays) Count() int {
	n := 0
	for ; h != 0; h &= h - 1 {
		n++
	}
	return n
}

// WeekdaysAll is Monday to Friday, both half-days.
const WeekdaysAll HalfDays = 0b00_11_11_11_11_11_00

var dayNames = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// String lists the set as tokens: "Mon" for a whole day, "Tue-AM" or "Tue-PM" for a half.
func (h HalfDays) String() string {
	var parts []string
	for _, wd := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		am, pm := h.Has(wd, AM), h.Has(wd, PM)
		switch {
		case am && pm:
			parts = append(parts, dayNames[wd])
		case am:
			parts = append(parts, dayNames[wd]+"-AM")
		case pm:
			parts = append(parts, dayNames[wd]+"-PM")
		}
	}
	return strings.Join(parts, " ")
}

// ParseHalfDays reads the format of String: tokens separated by spaces, commas or
// semicolons, each a weekday ("Mon"), a half-day ("Mon-AM", "Mon-PM"), a range of whole
// days ("Mon..Fri"), or "none".
func ParseHalfDays(s string) (HalfDays, error) {
	var h HalfDays
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == ';' })
	for _, f := range fields {
		if strings.EqualFold(f, "none") {
			continue
		}
		if a, b, ok := strings.Cut(f, ".."); ok {
			wa, ea := parseWeekday(a)
			wb, eb := parseWeekday(b)
			if ea != nil || eb != nil {
				return 0, fmt.Errorf("half-days %q: bad range %q, write for example Mon..Fri", s, f)
			}
			for wd := wa; ; wd = (wd + 1) % 7 {
				h = h.With(wd, AM).With(wd, PM)
				if wd == wb {
					break
				}
			}
			continue
		}
		day, half, hasHalf := strings.Cut(f, "-")
		wd, err := parseWeekday(day)
		if err != nil {
			return 0, fmt.Errorf("half-days %q: %w", s, err)
		}
		switch {
		case !hasHalf:
			h = h.With(wd, AM).With(wd, PM)
		case strings.EqualFold(half, "AM"):
			h = h.With(wd, AM)
		case strings.EqualFold(half, "PM"):
			h = h.With(wd, PM)
		default:
			return 0, fmt.Errorf("half-days %q: bad half %q in %q, use AM or PM (Mon-AM)", s, half, f)
		}
	}
	return h, nil
}

func parseWeekday(s string) (time.Weekday, error) {
	for i, n := range dayNames {
		if strings.EqualFold(s, n) {
			return time.Weekday(i), nil
		}
	}
	return 0, fmt.Errorf("unknown weekday %q, use Mon Tue Wed Thu Fri Sat Sun", s)
}

// MarshalText writes the String form.
func (h HalfDays) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText reads the String form.
func (h *HalfDays) UnmarshalText(b []byte) error {
	v, err := ParseHalfDays(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// ParseHalf reads "AM" or "PM" (any case).
func ParseHalf(s string) (Half, error) {
	switch strings.ToUpper(s) {
	case "AM":
		return AM, nil
	case "PM":
		return PM, nil
	}
	return 0, fmt.Errorf("half-day %q: use AM or PM", s)
}

// MarshalText writes "AM" or "PM".
func (h Half) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText reads "AM" or "PM".
func (h *Half) UnmarshalText(b []byte) error {
	v, err := ParseHalf(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}
