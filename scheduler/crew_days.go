package scheduler

import "medibus"

// dayRoom reports whether assistant m's weekly cap leaves room to board unit u on the
// half-day and stay for the whole day: their sessions of the week, plus one for each
// day they have started on a bus whose other half is still free for them (a half they
// are kept for), plus this half-day and, when it starts such a day, its other half.
func (st *state) dayRoom(m, u, day int, h medibus.Half) bool {
	cap := st.p.sc.Staff[m].MaxSessionsPerWeek
	if cap <= 0 {
		return true
	}
	week := day / 7
	need := st.week[m][week] + 1
	if st.openHalf(m, u, day, 1-h) {
		need++
	}
	for d := 7 * week; d < 7*week+7 && d < st.p.days; d++ {
		for _, uu := range st.p.unitsOfAssistant[m] {
			for hh := medibus.AM; hh <= medibus.PM; hh++ {
				if (uu != u || d != day) && st.onSlot(m, uu, d, hh) && st.openHalf(m, uu, d, 1-hh) {
					need++
				}
			}
		}
	}
	return need <= cap
}

// onSlot reports whether member m is on board unit u's session of the half-day.
func (st *state) onSlot(m, u, day int, h medibus.Half) bool {
	pl := st.slot[u][day][h]
	return pl != nil && contains(pl.staff, m)
}

// openHalf reports whether unit u's half-day is free of any session and member m could
// board it: available, and on no session and no supervision then.
func (st *state) openHalf(m, u, day int, h medibus.Half) bool {
	return st.slot[u][day][h] == nil && st.unitWorks(u, day, h) &&
		!st.busy[m][day][h] && st.reserved[m][day][h] == 0 && st.remoteLoad[m][day][h] == 0 &&
		st.p.sc.Staff[m].AvailableOn(st.date(day), h)
}
