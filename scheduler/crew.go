package scheduler

import "medibus"

// team is who runs a session. Staff are on board: one member per role of the service,
// then a senior of an intern's role when the rules do not allow supervision by phone,
// then a medical assistant when one is free (Assisted). Remote are the specialists of the
// service's remote roles, one per role, who take part from afar. Supervisor is the
// named supervisor an intern's session keeps free by phone that half-day, or -1.
type team struct {
	staff      []int
	assisted   bool
	remote     []int
	supervisor int
}

// noTeam is the team of nobody.
var noTeam = team{supervisor: -1}

// pickTeam chooses the team of service v on unit u for the half-day, preferring the
// professionals the site had for this service.
func (st *state) pickTeam(u, v, site, day int, h medibus.Half) (team, bool) {
	return st.crew(u, v, day, h, st.lastStaff[[2]int{site, v}])
}

// crew chooses the team of service v on unit u for the half-day. For each role it takes
// a member free on the half-day and under the weekly cap: one of prefer first
// (continuity), then the least flexible member — the one with the fewest half-days left
// to give, who may not be able to work later — then the least loaded. An intern is
// taken only when supervised as the rules require: by their supervisor, free by phone,
// when the rules allow it (a senior on board would be a second doctor for the same
// patients: one consulting room holds one session's capacity); else by a senior of
// their role added on board. Remote roles
// are filled the same way among the specialists with room left that half-day; a medical
// assistant comes on board when one is free. It reports false when a role cannot be
// filled.
func (st *state) crew(u, v, day int, h medibus.Half, prefer []int) (team, bool) {
	p := st.p
	t := noTeam
	for _, cands := range p.staffFor[v][u] {
		m := st.best(cands, day, h, prefer, func(m int) bool {
			return !contains(t.staff, m) && m != t.supervisor && st.onBoardFree(m, day, h) && st.supervisable(m, cands, t, day, h)
		})
		if m < 0 {
			return noTeam, false
		}
		t.staff = append(t.staff, m)
		if p.sc.Staff[m].Intern {
			st.supervise(&t, m, cands, day, h)
		}
	}
	for _, cands := range p.remoteFor[v][u] {
		m := st.best(cands, day, h, prefer, func(m int) bool { return !contains(t.remote, m) && st.remoteFree(m, day, h) })
		if m < 0 {
			return noTeam, false
		}
		t.remote = append(t.remote, m)
	}
	if a := st.assistant(u, day, h, prefer); a >= 0 {
		t.staff, t.assisted = append(t.staff, a), true
	}
	return t, true
}

// best returns the candidate that ok accepts, ranked as crew says, or -1.
func (st *state) best(cands []int, day int, h medibus.Half, prefer []int, ok func(m int) bool) int {
	best := -1
	for _, m := range cands {
		if !ok(m) {
			continue
		}
		switch {
		case best < 0:
			best = m
		case contains(prefer, m) != contains(prefer, best):
			if contains(prefer, m) {
				best = m
			}
		case st.left(m) != st.left(best):
			if st.left(m) < st.left(best) {
				best = m
			}
		case st.total[m] < st.total[best]:
			best = m
		}
	}
	return best
}

// underCap reports whether member m is available on the half-day and has a session
// left in the week.
func (st *state) underCap(m, day int, h medibus.Half) bool {
	mem := &st.p.sc.Staff[m]
	return mem.AvailableOn(st.date(day), h) && (mem.MaxSessionsPerWeek <= 0 || st.week[m][day/7] < mem.MaxSessionsPerWeek)
}

// onBoardFree reports whether member m can board a bus on the half-day: under their
// cap, on no session, and not keeping the half-day free to supervise an intern.
func (st *state) onBoardFree(m, day int, h medibus.Half) bool {
	return !st.busy[m][day][h] && st.remoteLoad[m][day][h] == 0 && st.reserved[m][day][h] == 0 && st.underCap(m, day, h)
}

// remoteFree reports whether remote specialist m can take one more session of the
// half-day: under their cap and their parallel limit, and not on board anywhere.
func (st *state) remoteFree(m, day int, h medibus.Half) bool {
	return !st.busy[m][day][h] && st.reserved[m][day][h] == 0 &&
		st.remoteLoad[m][day][h] < st.p.sc.Staff[m].Parallel() && st.underCap(m, day, h)
}

// supervisable reports whether m, if an intern, can be supervised on this session as
// the rules require: by phone when they allow it, else by a free senior among cands.
func (st *state) supervisable(m int, cands []int, t team, day int, h medibus.Half) bool {
	switch {
	case !st.p.sc.Staff[m].Intern:
		return true
	case st.p.rules.InternRemote:
		return st.phoneSupervisor(m, t, day, h) >= 0
	}
	return st.senior(m, cands, t, day, h) >= 0
}

// supervise records how intern m of team t is supervised: by phone when the rules
// allow it, else by a senior added on board.
func (st *state) supervise(t *team, m int, cands []int, day int, h medibus.Half) {
	if st.p.rules.InternRemote {
		t.supervisor = st.phoneSupervisor(m, *t, day, h)
		return
	}
	t.staff = append(t.staff, st.senior(m, cands, *t, day, h))
}

// phoneSupervisor returns intern m's supervisor when the rules allow supervision by
// phone and the supervisor is available and on no session that half-day (a team
// supervises by phone through one supervisor); else -1.
func (st *state) phoneSupervisor(m int, t team, day int, h medibus.Half) int {
	s := st.p.supervisorOf[m]
	if !st.p.rules.InternRemote || s < 0 || t.supervisor >= 0 && t.supervisor != s || contains(t.staff, s) {
		return -1
	}
	if st.busy[s][day][h] || st.remoteLoad[s][day][h] > 0 || !st.p.sc.Staff[s].AvailableOn(st.date(day), h) {
		return -1
	}
	return s
}

// senior returns a free member of cands who is not an intern, to supervise intern m on
// board, or -1.
func (st *state) senior(m int, cands []int, t team, day int, h medibus.Half) int {
	for _, c := range cands {
		if c != m && !st.p.sc.Staff[c].Intern && !contains(t.staff, c) && st.onBoardFree(c, day, h) {
			return c
		}
	}
	return -1
}

// assistant returns the medical assistant who boards unit u on the half-day, or -1
// when none is free. An assistant rides the bus from its depot and back, so serves its
// whole day where they can: the one on board the day's other half comes first, then
// those of prefer, and one whose weekly cap leaves no room for the other half of a
// day they would start is left for a day they can finish (dayRoom).
func (st *state) assistant(u, day int, h medibus.Half, prefer []int) int {
	if o := st.slot[u][day][1-h]; o != nil && o.assisted {
		for _, m := range o.staff {
			if st.p.sc.Staff[m].Role == medibus.RoleAssistant {
				prefer = append([]int{m}, prefer...)
			}
		}
	}
	return st.best(st.p.assistantsFor[u], day, h, prefer, func(m int) bool {
		return st.onBoardFree(m, day, h) && st.dayRoom(m, u, day, h)
	})
}

// left is how many more sessions member m could take in the cycle: free half-days
// when available, bounded by the weekly cap.
func (st *state) left(m int) int {
	n := st.free[m]
	if c := st.p.sc.Staff[m].MaxSessionsPerWeek; c > 0 {
		n = min(n, c*st.p.rules.CycleWeeks-st.total[m])
	}
	return n
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// crewLike picks a team for service v on unit u, keeping the members of want who are
// still free and allowed, and filling the other places like pickTeam does; an assistant
// comes on board only if want had one, so that a session kept as it was keeps its crew.
func (st *state) crewLike(u, v, day int, h medibus.Half, want []string) (team, bool) {
	var prefer []int
	assisted := false
	for _, id := range want {
		if m, ok := st.p.staffIdx[id]; ok {
			prefer = append(prefer, m)
			assisted = assisted || st.p.sc.Staff[m].Role == medibus.RoleAssistant
		}
	}
	t, ok := st.crew(u, v, day, h, prefer)
	if ok && t.assisted && !assisted {
		t.staff, t.assisted = t.staff[:len(t.staff)-1], false
	}
	return t, ok
}
