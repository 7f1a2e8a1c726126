package bench

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
)

// Summary aggregates results: the average gap over instances with a known BKS, the
// number of instances matching (or beating) their BKS, and total seconds.
type Summary struct {
	Instances   int     `json:"instances"`
	AvgGapPct   float64 `json:"avg_gap_pct"`
	MatchBKS    int     `json:"match_bks"`
	Infeasible  int     `json:"infeasible"`
	AvgSeconds  float64 `json:"avg_seconds"`
	AvgVehicles float64 `json:"avg_vehicles"`
}

// Summarise computes the Summary of rs.
func Summarise(rs []Result) Summary {
	var s Summary
	s.Instances = len(rs)
	n := 0
	for _, r := range rs {
		s.AvgSeconds += r.Seconds
		s.AvgVehicles += float64(r.Vehicles)
		if !r.Feasible {
			s.Infeasible++
		}
		if math.IsNaN(r.GapPct) || math.IsInf(r.GapPct, 0) {
			continue
		}
		s.AvgGapPct += r.GapPct
		n++
		if r.GapPct <= 1e-6 {
			s.MatchBKS++
		}
	}
	if n > 0 {
		s.AvgGapPct /= float64(n)
	}
	if len(rs) > 0 {
		s.AvgSeconds /= float64(len(rs))
		s.AvgVehicles /= float64(len(rs))
	}
	return s
}

// Write prints results as "table" (aligned text with a summary line), "csv" (one
// row per instance, then a summary row) or "json" (an object with results and
// summary).
func Write(w io.Writer, format string, rs []Result) error {
	s := Summarise(rs)
	switch format {
	case "", "table":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "instance\tvehicles\tvalue\tBKS vehicles\tBKS\tgap %\tseconds\tfeasible\t")
		for _, r := range rs {
			bv := "-"
			if r.BKSVehicles > 0 {
				bv = strconv.Itoa(r.BKSVehicles)
			}
			fmt.Fprintf(tw, "%s\t%d\t%.2f\t%s\t%.2f\t%.2f\t%.1f\t%v\t\n", r.Instance, r.Vehicles, r.Value, bv, r.BKS, r.GapPct, r.Seconds, r.Feasible)
		}
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
		_, err := fmt.Fprintf(w, "average gap %.3f %% over %d instances, %d matching BKS, %d infeasible, %.1f s per instance\n",
			s.AvgGapPct, s.Instances, s.MatchBKS, s.Infeasible, s.AvgSeconds)
		if err != nil {
			return fmt.Errorf("write results: %w", err)
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"instance", "vehicles", "value", "bks_vehicles", "bks", "gap_pct", "seconds", "feasible"})
		for _, r := range rs {
			_ = cw.Write([]string{r.Instance, strconv.Itoa(r.Vehicles), f2(r.Value), strconv.Itoa(r.BKSVehicles), f2(r.BKS), f3(r.GapPct), f2(r.Seconds), strconv.FormatBool(r.Feasible)})
		}
		_ = cw.Write([]string{"average", f2(s.AvgVehicles), "", "", "", f3(s.AvgGapPct), f2(s.AvgSeconds), strconv.Itoa(s.MatchBKS) + " match BKS"})
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
		return nil
	case "json":
		type row struct {
			Result
			Value  any `json:"value"`
			BKS    any `json:"bks"`
			GapPct any `json:"gap_pct"`
		}
		rows := make([]row, len(rs))
		for i, r := range rs {
			rows[i] = row{Result: r, Value: num(r.Value), BKS: num(r.BKS), GapPct: num(r.GapPct)}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Results []row   `json:"results"`
			Summary Summary `json:"summary"`
		}{rows, s}); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
		return nil
	}
	return fmt.Errorf("write results: unknown format %q (want table, csv or json)", format)
}

// num keeps JSON valid: NaN and infinities become null.
func num(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

func f2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
func f3(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
