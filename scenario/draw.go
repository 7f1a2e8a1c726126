package scenario

import (
	"math/rand/v2"
	"time"

	"medibus"
)

// drawHalfDays picks n half-days of days at random, preferring whole days (a GP who
// comes in the morning often stays the afternoon).
// Half-days not yet in cover come first, so that a pool of professionals drawn one after
// another covers the week as far as their numbers allow.
func drawHalfDays(r *rand.Rand, days medibus.HalfDays, n int, cover medibus.HalfDays) medibus.HalfDays {
	var slots, open [][2]int
	for wd := 0; wd < 7; wd++ {
		for h := 0; h < 2; h++ {
			if days.Has(time.Weekday(wd), medibus.Half(h)) {
				slots = append(slots, [2]int{wd, h})
				if !cover.Has(time.Weekday(wd), medibus.Half(h)) {
					open = append(open, [2]int{wd, h})
				}
			}
		}
	}
	var out medibus.HalfDays
	for out.Count() < n && out.Count() < len(slots) {
		from := slots
		if left := notIn(open, out); len(left) > 0 {
			from = left
		}
		s := from[r.IntN(len(from))]
		wd := time.Weekday(s[0])
		out = out.With(wd, medibus.Half(s[1]))
		if out.Count() < n && r.Float64() < 0.7 && days.Has(wd, 1-medibus.Half(s[1])) {
			out = out.With(wd, 1-medibus.Half(s[1]))
		}
	}
	return out
}

// notIn returns the slots (weekday, half) that h does not hold.
func notIn(slots [][2]int, h medibus.HalfDays) [][2]int {
	var out [][2]int
	for _, s := range slots {
		if !h.Has(time.Weekday(s[0]), medibus.Half(s[1])) {
			out = append(out, s)
		}
	}
	return out
}

// drawWholeDays picks whole days of days at random, both half-days of each, until n
// half-days are drawn (with an odd n, the morning of one more day): a medical assistant
// rides the bus from its depot and back, so works days, not half-days. Days with one
// working half-day only are drawn last.
func drawWholeDays(r *rand.Rand, days medibus.HalfDays, n int) medibus.HalfDays {
	var whole, part []time.Weekday
	for wd := range time.Weekday(7) {
		switch am, pm := days.Has(wd, medibus.AM), days.Has(wd, medibus.PM); {
		case am && pm:
			whole = append(whole, wd)
		case am || pm:
			part = append(part, wd)
		}
	}
	r.Shuffle(len(whole), func(i, j int) { whole[i], whole[j] = whole[j], whole[i] })
	r.Shuffle(len(part), func(i, j int) { part[i], part[j] = part[j], part[i] })
	var out medibus.HalfDays
	for _, wd := range append(whole, part...) {
		for h := medibus.AM; h <= medibus.PM && out.Count() < n; h++ {
			if days.Has(wd, h) {
				out = out.With(wd, h)
			}
		}
	}
	return out
}
