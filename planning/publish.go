package planning

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"medibus"
	"medibus/calendar"
)

// Records is what publishing and dated changes need of the database, besides saving.
type Records interface {
	PlanByID(ctx context.Context, id int64) (*medibus.Plan, error)
	Scenario(ctx context.Context, id int64) (*medibus.Scenario, error)
	PublishedState(ctx context.Context) (medibus.PublishedState, error)
	PublishWith(ctx context.Context, id int64, o medibus.PublishOptions) (int64, error)
	SaveReplan(ctx context.Context, p *medibus.Plan, parentID int64) (int64, error)
	Closures(ctx context.Context) ([]medibus.Closure, error)
}

// Refusal is a decision the planning use case refuses: Code says which rule (the
// server words it in French for the desk), the other fields what it concerns, and
// Error() says it in English for the command line.
type Refusal struct {
	Code  string
	Plan  int64
	Date  medibus.Date // the date refused, or the first date concerned
	Start medibus.Date // a rotation's start, a change's window
	Units []string
	msg   string
}

func (r *Refusal) Error() string { return r.msg }

// Refusal codes.
const (
	RefuseEffectivePast   = "effective-past"    // a rotation published from a past date
	RefuseBeforeStart     = "effective-before"  // from before the rotation starts
	RefuseNotCovered      = "unit-not-covered"  // a bus the rotation does not cover
	RefuseChangePast      = "change-past"       // a change of a date already past
	RefuseChangeStale     = "change-stale"      // the calendar changed under a change
	RefuseNothingToChange = "nothing-to-change" // a change that changes no bus-day
	RefuseNotPublished    = "not-published"     // no published rotation decides the bus
	RefuseUnknown         = "unknown"           // a bus or a professional no rotation knows
	RefuseMixed           = "mixed-scenarios"   // buses of rotations of different scenarios
)

func refuse(code string, format string, args ...any) *Refusal {
	return &Refusal{Code: code, msg: fmt.Sprintf(format, args...)}
}

// PublishRequest is the decision to publish a plan.
type PublishRequest struct {
	Plan int64
	// Effective is the first date a rotation is shown on; 0 means the first start of
	// its cycle on or after Today. It is never before Today nor before the start.
	Effective medibus.Date
	// Units are the buses whose rotation it replaces; nil means every bus it covers.
	Units []string
	// IfRevision, when not 0, is the published revision the decision was based on
	// (the summary the publisher read): a publication made since refuses it.
	IfRevision int64
	By         string
	Today      medibus.Date
}

// Published is what a publication did.
type Published struct {
	Plan      *medibus.Plan
	Units     []string
	Effective medibus.Date
	Revision  int64
}

// Publish publishes a rotation for its buses from its effective date, or a dated
// change on its dates, after checking that neither starts in the past and, for a
// change, that the days it replaces still show what it was planned against.
func (s *Service) Publish(ctx context.Context, db Records, req PublishRequest) (Published, error) {
	pl, err := db.PlanByID(ctx, req.Plan)
	if err != nil {
		return Published{}, err
	}
	out := Published{Plan: pl}
	o := medibus.PublishOptions{IfRevision: req.IfRevision, By: req.By}
	if pl.IsChange() {
		rev, err := s.changeHolds(ctx, db, pl, req.Today)
		if err != nil {
			return out, err
		}
		if o.IfRevision == 0 {
			o.IfRevision = rev // nothing may be published between the check and this
		}
	} else {
		sc, err := db.Scenario(ctx, pl.ScenarioID)
		if err != nil {
			return out, err
		}
		if out.Effective, err = EffectiveDate(pl, sc.Rules.CycleDays(), req.Effective, req.Today); err != nil {
			return out, err
		}
		if out.Units, err = publishedUnits(pl, sc, req.Units); err != nil {
			return out, err
		}
		o.Units, o.Effective = out.Units, out.Effective
	}
	if out.Revision, err = db.PublishWith(ctx, pl.ID, o); err != nil {
		return out, err
	}
	return out, nil
}

// EffectiveDate is the first date rotation pl is shown on when published on today:
// asked (never before today nor before the rotation's start), or by default the first
// start of its cycle (of days days) on or after today.
func EffectiveDate(pl *medibus.Plan, days int, asked, today medibus.Date) (medibus.Date, error) {
	if asked != 0 {
		switch {
		case asked < today:
			r := refuse(RefuseEffectivePast, "effective date %s is in the past: a publication never changes what was shown on a past date; give %s or later", asked, today)
			r.Plan, r.Date, r.Start = pl.ID, asked, today
			return 0, r
		case asked < pl.Start:
			r := refuse(RefuseBeforeStart, "effective date %s comes before plan %d starts (%s): its cycle is not defined before; give %s or later", asked, pl.ID, pl.Start, pl.Start)
			r.Plan, r.Date, r.Start = pl.ID, asked, pl.Start
			return 0, r
		}
		return asked, nil
	}
	if pl.Start >= today || days <= 0 {
		return max(pl.Start, today), nil
	}
	k := (int(today-pl.Start) + days - 1) / days
	return pl.Start.AddDays(k * days), nil
}

// publishedUnits checks that the buses asked are covered by rotation pl (of scenario
// sc), and returns them, or every bus it covers when none is asked.
func publishedUnits(pl *medibus.Plan, sc *medibus.Scenario, asked []string) ([]string, error) {
	covered := pl.Units
	if len(covered) == 0 {
		for _, u := range sc.Units {
			covered = append(covered, u.ID)
		}
	}
	if asked == nil {
		return covered, nil
	}
	var out []string
	for _, u := range asked {
		if !slices.Contains(covered, u) {
			r := refuse(RefuseNotCovered, "plan %d does not cover bus %q (it covers %s): publish it for its own buses", pl.ID, u, strings.Join(covered, ", "))
			r.Plan, r.Units = pl.ID, []string{u}
			return nil, r
		}
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// changeHolds checks that change pl can be published today: none of its days is past,
// and each still shows the plan it was made against. It returns the published
// revision it checked.
func (s *Service) changeHolds(ctx context.Context, db Records, pl *medibus.Plan, today medibus.Date) (int64, error) {
	for _, d := range pl.Change.Days {
		if d.Date < today {
			r := refuse(RefuseChangePast, "change %d replaces the day of bus %s on %s, already past: make a change of the days to come", pl.ID, d.Unit, d.Date)
			r.Plan, r.Date, r.Units = pl.ID, d.Date, []string{d.Unit}
			return 0, r
		}
	}
	cal, rev, err := LoadCalendar(ctx, db, today)
	if err != nil {
		return 0, err
	}
	for _, d := range pl.Change.Days {
		day := cal.Day(d.Unit, d.Date)
		if was := sourceID(day); was != d.Was {
			r := refuse(RefuseChangeStale, "change %d was planned against plan %d for bus %s on %s, which now shows plan %d: plan the change again", pl.ID, d.Was, d.Unit, d.Date, was)
			r.Plan, r.Date, r.Units = pl.ID, d.Date, []string{d.Unit}
			return 0, r
		}
	}
	return rev, nil
}

// sourceID is the plan a calendar day comes from, 0 for none.
func sourceID(d calendar.Day) int64 {
	if d.Source == nil {
		return 0
	}
	return d.Source.Plan.ID
}

// LoadCalendar reads the published state and builds its calendar from date from on,
// with the published revision it reflects; the changes of extra (drafts, say) are laid
// over it as if published last.
func LoadCalendar(ctx context.Context, db Records, from medibus.Date, extra ...int64) (*calendar.Calendar, int64, error) {
	st, err := db.PublishedState(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, id := range extra {
		st.Changes = append(slices.DeleteFunc(st.Changes, func(c int64) bool { return c == id }), id)
	}
	closures, err := db.Closures(ctx)
	if err != nil {
		return nil, 0, err
	}
	scenarios := map[int64]*medibus.Scenario{}
	indexes := map[int64]*medibus.Index{}
	cal, err := calendar.New(calendar.Input{Publications: st.Publications, Changes: st.Changes, Closures: closures, From: from,
		Load: func(id int64) (*calendar.Source, error) {
			pl, err := db.PlanByID(ctx, id)
			if err != nil {
				return nil, err
			}
			sc := scenarios[pl.ScenarioID]
			if sc == nil {
				if sc, err = db.Scenario(ctx, pl.ScenarioID); err != nil {
					return nil, err
				}
				scenarios[pl.ScenarioID], indexes[pl.ScenarioID] = sc, medibus.NewIndex(sc)
			}
			return calendar.NewSource(pl, sc, indexes[pl.ScenarioID])
		}})
	if err != nil {
		return nil, 0, err
	}
	return cal, st.Revision, nil
}

// IsRefusal reports whether err is a Refusal, and returns it.
func IsRefusal(err error) (*Refusal, bool) {
	var r *Refusal
	return r, errors.As(err, &r)
}
