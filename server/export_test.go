package server

// Internal helpers exposed to the tests of package server_test.
var (
	FrNumber   = frNumber
	RateBreaks = func(avg float64) []float64 {
		var out []float64
		for _, c := range rateClasses(avg) {
			out = append(out, c.Min)
		}
		return out
	}
)
