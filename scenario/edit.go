package scenario

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"medibus"
	"medibus/csvtable"
	"medibus/routing"
	"medibus/territory"
)

// A coordinator may bring their own territory instead of a built-in scenario: the
// desk's territory editor starts from a department's communes and need alone and adds
// organisations, buses, professionals, sites and services one at a time. These are
// the scenario's side of it; each save is checked by Read, as a folder is.

// EmptyDepartment returns a scenario called name over the department whose code is
// dept: its communes, who is in need there and their need for the first service of p
// (the GP), with the rules of p, and nothing else: no depot, organisation, bus,
// professional or site.
func EmptyDepartment(ctx context.Context, name, dept string, p Params, f *territory.France, travel routing.Model) (*medibus.Scenario, error) {
	var d *medibus.Department
	for i := range f.Departments {
		if f.Departments[i].Code == dept {
			d = &f.Departments[i]
		}
	}
	if d == nil {
		return nil, fmt.Errorf("%w: no department of metropolitan France has the code %q", ErrUnknownScenario, dept)
	}
	if len(p.Services) == 0 {
		return nil, fmt.Errorf("empty scenario of %s: the settings name no service (planning.services)", d.Name)
	}
	rules, err := p.Rules()
	if err != nil {
		return nil, err
	}
	all, err := franceInNeed(ctx, f, &p, rules.CatchmentMin, travel, nil)
	if err != nil {
		return nil, err
	}
	sc := &medibus.Scenario{Name: name, Description: fmt.Sprintf("%s (%s)", d.Name, d.Code), Rules: rules}
	for _, c := range all {
		if c.Department == dept {
			sc.Communes = append(sc.Communes, c)
		}
	}
	gp := p.Services[0]
	sc.Services = []medibus.Service{{ID: gp.ID, Name: gp.Name, Roles: gp.Roles, Equipment: gp.Equipment, Remote: gp.Remote,
		ConsultMin: gp.ConsultMin, RatePerYear: gp.RatePerYear, AssistantExtra: gp.AssistantExtra}}
	deriveDemand(sc, &p)
	return sc, nil
}

// ServiceTemplates returns the services of p as a coordinator may add them to a
// scenario: the built-in scenarios' services, to adapt (another role, another name).
func ServiceTemplates(p *Params) []medibus.Service {
	out := make([]medibus.Service, len(p.Services))
	for i, sp := range p.Services {
		out[i] = medibus.Service{ID: sp.ID, Name: sp.Name, Roles: slices.Clone(sp.Roles), Equipment: slices.Clone(sp.Equipment),
			Remote: slices.Clone(sp.Remote), ConsultMin: sp.ConsultMin, RatePerYear: sp.RatePerYear, AssistantExtra: sp.AssistantExtra}
	}
	return out
}

// SetService adds s to sc, or replaces the service of its id, and derives the need of
// every commune of sc for it anew (its rate may have changed); imported need for it is
// kept.
func SetService(sc *medibus.Scenario, s medibus.Service, p *Params) {
	if i := slices.IndexFunc(sc.Services, func(x medibus.Service) bool { return x.ID == s.ID }); i >= 0 {
		sc.Services = slices.Clone(sc.Services)
		sc.Services[i] = s
	} else {
		sc.Services = append(slices.Clip(sc.Services), s)
	}
	sc.Demand = slices.DeleteFunc(slices.Clone(sc.Demand), func(d medibus.Demand) bool { return d.Service == s.ID && d.Source == "derived" })
	deriveDemand(sc, p)
}

// RemoveService removes service id from sc with its need and its rhythms.
func RemoveService(sc *medibus.Scenario, id string) {
	sc.Services = slices.DeleteFunc(slices.Clone(sc.Services), func(x medibus.Service) bool { return x.ID == id })
	sc.Demand = slices.DeleteFunc(slices.Clone(sc.Demand), func(d medibus.Demand) bool { return d.Service == id })
	sc.Frequencies = slices.DeleteFunc(slices.Clone(sc.Frequencies), func(f medibus.Frequency) bool { return f.Service == id })
}

// ServiceGaps says what keeps every session of s from being held in sc: no bus
// carries its equipment (equipped false), or nobody holds some of its roles on board
// (missing, in the order of s.Roles). A service with neither gap can be planned.
func ServiceGaps(sc *medibus.Scenario, s *medibus.Service) (equipped bool, missing []string) {
	for i := range sc.Units {
		equipped = equipped || sc.Units[i].HasEquipment(s.Equipment)
	}
	for _, role := range s.Roles {
		if !slices.ContainsFunc(sc.Staff, func(m medibus.StaffMember) bool { return m.Role == role }) {
			missing = append(missing, role)
		}
	}
	return equipped, missing
}

// HasNeed reports whether some commune of sc needs service id.
func HasNeed(sc *medibus.Scenario, id string) bool {
	return slices.ContainsFunc(sc.Demand, func(d medibus.Demand) bool { return d.Service == id && d.Need > 0 })
}

// Problem is a problem the readers find in a scenario written as a folder, traced back
// to the row it is about: Kind is the file's kind of row ("staff", "unit", "site",
// "organisation", "depot", "service", "demand", "pin", "frequency", "rules"; "" when
// no row is named), ID the row's id when it has one, Field the column, and Err the
// readers' message. Incomplete marks the problems that only say the scenario lacks
// something to plan with (a file without rows, a service that no bus could carry or
// nobody could hold): a territory is built in any order, planning needs none of them.
type Problem struct {
	Kind, ID, Field string
	Line            int
	Incomplete      bool
	Err             error
}

// Check holds sc to exactly the rules of a scenario folder: it writes sc with Write
// and reads it back with Read, and returns the readers' problems traced back to their
// rows. Messages name the files without the temporary folder (staff.csv:3: …).
func Check(ctx context.Context, sc *medibus.Scenario, p Params, f *territory.France, travel routing.Model) ([]Problem, error) {
	dir, err := os.MkdirTemp("", "medibus-check-")
	if err != nil {
		return nil, fmt.Errorf("check scenario %s: %w", sc.Name, err)
	}
	defer os.RemoveAll(dir)
	folder := filepath.Join(dir, "scenario")
	if err := Write(folder, sc); err != nil {
		return nil, err
	}
	_, err = Read(ctx, folder, p, f, travel)
	if err == nil || ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var list []error
	var many *csvtable.Errors
	if errors.As(err, &many) {
		list = many.List
	} else {
		list = []error{err}
	}
	out := make([]Problem, 0, len(list))
	for _, e := range list {
		out = append(out, traceProblem(sc, folder, e))
	}
	return out, nil
}

// rowsOfFile gives, for each file, the kind of its rows and the id of its i-th row.
var rowsOfFile = map[string]struct {
	kind string
	n    func(sc *medibus.Scenario) int
	id   func(sc *medibus.Scenario, i int) string
}{
	StaffFile:         {"staff", func(sc *medibus.Scenario) int { return len(sc.Staff) }, func(sc *medibus.Scenario, i int) string { return sc.Staff[i].ID }},
	UnitsFile:         {"unit", func(sc *medibus.Scenario) int { return len(sc.Units) }, func(sc *medibus.Scenario, i int) string { return sc.Units[i].ID }},
	SitesFile:         {"site", func(sc *medibus.Scenario) int { return len(sc.Sites) }, func(sc *medibus.Scenario, i int) string { return sc.Sites[i].ID }},
	DepotsFile:        {"depot", func(sc *medibus.Scenario) int { return len(sc.Depots) }, func(sc *medibus.Scenario, i int) string { return sc.Depots[i].ID }},
	OrganisationsFile: {"organisation", func(sc *medibus.Scenario) int { return len(sc.Organisations) }, func(sc *medibus.Scenario, i int) string { return sc.Organisations[i].ID }},
	ServicesFile:      {"service", func(sc *medibus.Scenario) int { return len(sc.Services) }, func(sc *medibus.Scenario, i int) string { return sc.Services[i].ID }},
	DemandFile:        {"demand", func(sc *medibus.Scenario) int { return len(sc.Demand) }, func(sc *medibus.Scenario, i int) string { return sc.Demand[i].INSEE }},
	PinsFile:          {"pin", func(sc *medibus.Scenario) int { return len(sc.Pins) }, func(sc *medibus.Scenario, i int) string { return sc.Pins[i].Unit }},
	FrequenciesFile:   {"frequency", func(sc *medibus.Scenario) int { return len(sc.Frequencies) }, func(sc *medibus.Scenario, i int) string { return sc.Frequencies[i].INSEE }},
	RulesFile:         {"rules", func(*medibus.Scenario) int { return 0 }, func(*medibus.Scenario, int) string { return "" }},
}

// traceProblem finds the row of sc that the readers' problem e is about: Write gives
// each file a header line and then one line per entity, in the scenario's order.
func traceProblem(sc *medibus.Scenario, folder string, e error) Problem {
	clean := func(s string) string { return strings.ReplaceAll(s, folder+string(filepath.Separator), "") }
	var le *csvtable.LineError
	if !errors.As(e, &le) {
		return Problem{Err: errors.New(clean(e.Error()))}
	}
	pr := Problem{Field: le.Column, Line: le.Line, Err: errors.New(clean(le.Error()))}
	rows, ok := rowsOfFile[filepath.Base(le.File)]
	if !ok {
		return pr
	}
	pr.Kind = rows.kind
	n := rows.n(sc)
	if i := le.Line - 2; i >= 0 && i < n {
		pr.ID = rows.id(sc, i)
	}
	// A header without rows; demand that no bus or nobody could serve (demand rows are
	// written for known services only, so a problem of their service column is that).
	pr.Incomplete = (le.Line == 1 && le.Column == "" && n == 0) || (pr.Kind == "demand" && le.Column == "service")
	return pr
}
