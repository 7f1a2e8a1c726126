package bench

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
)

// BKS is a best-known solution: its value (distance or score) and, where listed, the
// number of vehicles.
type BKS struct {
	Value    float64
	Vehicles int
}

// ReadBKS reads a bks.csv file with a header naming the columns; valueCol is the
// column holding the value ("distance" or "best_score"). Rows with an empty value
// are skipped.
func ReadBKS(path, valueCol string) (map[string]BKS, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read best-known solutions: %w", err)
	}
	defer f.Close()
	return parseBKS(f, path, valueCol)
}

func parseBKS(r io.Reader, path, valueCol string) (map[string]BKS, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s line 1: %w", path, err)
	}
	ci, cv, cveh := -1, -1, -1
	for i, h := range head {
		switch h {
		case "instance":
			ci = i
		case valueCol:
			cv = i
		case "vehicles", "m_vehicles":
			if cveh < 0 {
				cveh = i
			}
		}
	}
	if ci < 0 || cv < 0 {
		return nil, fmt.Errorf("read %s line 1: need columns instance and %s", path, valueCol)
	}
	out := map[string]BKS{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s line %d: %w", path, line, err)
		}
		if len(rec) <= max(ci, cv) || rec[cv] == "" {
			continue
		}
		v, err := strconv.ParseFloat(rec[cv], 64)
		if err != nil {
			return nil, fmt.Errorf("read %s line %d: %s: %w", path, line, valueCol, err)
		}
		b := BKS{Value: v}
		if cveh >= 0 && cveh < len(rec) {
			b.Vehicles, _ = strconv.Atoi(rec[cveh])
		}
		out[rec[ci]] = b
	}
	return out, nil
}
