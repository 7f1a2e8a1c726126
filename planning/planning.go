// Package planning is medibus's planning use case, written once for the command line
// and the server: plan a scenario (or re-plan a stored plan), compute the plan's
// figures, check every hard constraint independently, and store scenario and plan
// together. A plan that breaks a constraint is never stored.
package planning

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"medibus"
	"medibus/routing"
	"medibus/scheduler"
	"medibus/validate"
)

// Store is what the use case needs of the database: scenario and plan stored in one
// transaction (a re-plan when parentID is not 0), nothing of either on error.
type Store interface {
	SavePlanWithScenario(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, parentID int64) (int64, error)
}

// Service plans with one travel model and stores in one database.
type Service struct {
	Store  Store
	Travel routing.Model
}

// Request is one planning run.
type Request struct {
	// Engine names the planner (scheduler.Engines).
	Engine string
	// Options bound and seed the run; Travel is the service's. With a Reference, the
	// plan stays close to it and is stored as its revision.
	Options scheduler.Options
	// Pins are held exactly in this run only, besides the scenario's own: the desk's
	// pins, and the sessions of the buses a coordinator limited to others may not
	// change. The scenario is stored as it was given, so they leave no trace in it.
	Pins []medibus.Session
	// Units are the buses the plan covers: publishing it replaces their rotation
	// only. Empty: every bus of the scenario.
	Units []string
	// ReferenceRevision is the revision of the reference plan's pins the run read.
	ReferenceRevision int64
}

// ViolationsError is returned for a plan that breaks hard constraints: nothing was
// stored.
type ViolationsError struct {
	// What names the plan, e.g. "the planner produced a plan".
	What       string
	Violations []validate.Violation
}

func (e *ViolationsError) Error() string {
	var msgs []string
	for i, v := range e.Violations {
		if i == 5 {
			msgs = append(msgs, fmt.Sprintf("… and %d more", len(e.Violations)-5))
			break
		}
		msgs = append(msgs, v.String())
	}
	return fmt.Sprintf("%s that breaks %d hard constraints; nothing was stored: %s", e.What, len(e.Violations), strings.Join(msgs, "; "))
}

// Plan makes a rotation of sc, checks it and stores it with sc; it returns the stored
// plan with its figures. A rotation is the repeating cycle of the buses: it is planned
// and checked on sc.Rotation(), which knows no holiday, closure or dated absence (the
// calendar cancels those dates' occurrences), and stored with sc as given.
func (s *Service) Plan(ctx context.Context, sc *medibus.Scenario, req Request) (*medibus.Plan, error) {
	planner, err := scheduler.New(req.Engine)
	if err != nil {
		return nil, err
	}
	opt := req.Options
	opt.Travel = s.Travel
	rot := sc.Rotation()
	if len(req.Pins) > 0 {
		rot.Pins = mergePins(rot.Pins, req.Pins)
	}
	pl, err := planner.Plan(ctx, rot, opt)
	if err != nil {
		return nil, fmt.Errorf("plan %s: %w", sc.Name, err)
	}
	if err := s.Check(ctx, rot, pl, "the planner produced a plan"); err != nil {
		return nil, err
	}
	pl.Kind, pl.Units, pl.ReferenceRevision = medibus.KindRotation, req.Units, req.ReferenceRevision
	var parent int64
	if ref := opt.Reference; ref != nil {
		parent = ref.ID
		pl.KPIs.Kept, pl.KPIs.Reference = scheduler.Kept(ref, pl), len(ref.Sessions)
	}
	if err := s.save(ctx, sc, pl, parent); err != nil {
		return nil, err
	}
	return pl, nil
}

// Check sets the plan's figures and re-checks every hard constraint from scratch; what
// names the plan in the error.
func (s *Service) Check(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, what string) error {
	var err error
	search := pl.KPIs.Search // the planner's account of its search, kept with the figures
	if pl.KPIs, err = scheduler.KPIs(ctx, sc, pl, s.Travel); err != nil {
		return fmt.Errorf("figures of the plan: %w", err)
	}
	pl.KPIs.Search = search
	vs, err := validate.Check(ctx, sc, pl, s.Travel)
	if err != nil {
		return fmt.Errorf("check the plan: %w", err)
	}
	if len(vs) > 0 {
		return &ViolationsError{What: what, Violations: vs}
	}
	return nil
}

// mergePins overlays pins on base by slot (a pin of over replaces base's in its slot);
// the result is ordered by unit, date and half-day, and every session is Pinned.
func mergePins(base, over []medibus.Session) []medibus.Session {
	bySlot := map[medibus.SlotKey]medibus.Session{}
	for _, list := range [][]medibus.Session{base, over} {
		for _, s := range list {
			s.Pinned = true
			bySlot[s.Key()] = s
		}
	}
	out := make([]medibus.Session, 0, len(bySlot))
	for _, s := range bySlot {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b medibus.Session) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Date, b.Date), cmp.Compare(a.Half, b.Half))
	})
	return out
}

func (s *Service) save(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, parentID int64) error {
	if s.Store == nil {
		return errors.New("planning: no store")
	}
	if err := ctx.Err(); err != nil {
		return err // interrupted after planning: store nothing
	}
	_, err := s.Store.SavePlanWithScenario(ctx, sc, pl, parentID)
	return err
}
