package medibus

import "time"

// The longest text medibus accepts from people, in characters (runes), in one place:
// the scenario files' readers (every cell of every file, refused at file:line:column)
// and the server's JSON bodies (refused with 400) hold every value to them. Without
// them a 5 MB site name was stored and copied into every page and feed that shows the
// site (docs/reliability.md).
const (
	// MaxIDLen bounds an id (of a depot, bus, staff member, service, site,
	// organisation, role or equipment item) and any code (INSEE, department, region):
	// ids name buses and places in URLs, on drivers' sheets and in logs.
	MaxIDLen = 64
	// MaxNameLen bounds a name (of a scenario, depot, bus, driver, staff member,
	// service, site or organisation), a reason (of a closure, a cancelled session) and
	// any short value (a date, a time, a number, a phone number).
	MaxNameLen = 200
	// MaxTextLen bounds the few longer texts: a scenario's description, why a bus is
	// based where it is, an organisation's booking link.
	MaxTextLen = 500
	// MaxListLen bounds a list cell (ids, half-days or date ranges joined by ';'): a
	// remote specialist serving 150 buses of the longest ids fits.
	MaxListLen = 10000
	// MaxListItems bounds the items of a list in a JSON body (the buses of a
	// publication, the staff of a session, the absences of a re-plan): 2,000 is the
	// most buses a scenario holds.
	MaxListItems = 2000
)

// DatesInReach is the span of dates a closure, or a re-plan's absence, may cover
// around today: from a year before it to five years after it. A closure of a past year
// changes nothing anyone sees, and no plan reaches five years ahead; before this
// bound, a closure from 0001-01-01 to 9999-12-31 was accepted and carried by every
// calendar built since.
func DatesInReach(today Date) DateRange {
	t := today.Time(time.UTC)
	return DateRange{From: DateOf(t.AddDate(-1, 0, 0)), To: DateOf(t.AddDate(5, 0, 0))}
}
