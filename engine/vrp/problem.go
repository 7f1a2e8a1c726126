package vrp

import "fmt"

// TimeWindow is a closed interval [Start, End] in which a service may start.
type TimeWindow struct {
	Start, End float64
}

// Break is a lunch break of Duration taken once per used route, starting inside
// Window. It is taken while parked, either right after a stop's service (before
// driving on) or on arrival at the next stop (before its service).
type Break struct {
	Duration float64
	Window   TimeWindow
}

// Vehicle is one route's resource. Zero values mean "no limit" for ShiftEnd,
// MaxDuration and MaxDistance.
type Vehicle struct {
	ID         string
	Start, End int // location indices of the depot left and the depot returned to
	// ShiftStart is the earliest departure; ShiftEnd the latest return (0 = none).
	ShiftStart, ShiftEnd float64
	// MaxDuration bounds return time minus departure time, waiting included (0 = none).
	MaxDuration float64
	// MaxDistance bounds the route's total distance (0 = none).
	MaxDistance float64
	// Capacity is compared dimension by dimension with the sum of job demands; a
	// missing dimension counts as zero capacity.
	Capacity  []float64
	Skills    []string
	FixedCost float64 // added to the cost when the vehicle is used (distance objective)
	Break     *Break  // optional lunch break
}

// Job is a visit to serve.
type Job struct {
	ID       string
	Location int
	Service  float64
	// Windows are the allowed service-start intervals, sorted and disjoint; empty
	// means any time.
	Windows []TimeWindow
	Demand  []float64
	Skills  []string // all of them must be in the vehicle's skills
	// Optional jobs may be skipped at a cost of Prize (distance objective) or simply
	// not collect Prize (prize objective). Mandatory jobs must be served.
	Optional bool
	Prize    float64
}

// Objective selects what the solver minimises.
type Objective int

const (
	// MinDistance minimises total distance plus fixed costs plus the prizes of skipped
	// optional jobs. It is the default.
	MinDistance Objective = iota
	// MinVehiclesThenDistance minimises the number of used vehicles first, then as
	// MinDistance.
	MinVehiclesThenDistance
	// MaxPrize maximises the collected prize of optional jobs (team orienteering);
	// distance only breaks ties.
	MaxPrize
)

// String returns the objective's name.
func (o Objective) String() string {
	switch o {
	case MinDistance:
		return "distance"
	case MinVehiclesThenDistance:
		return "vehicles-then-distance"
	case MaxPrize:
		return "prize"
	}
	return fmt.Sprintf("objective(%d)", int(o))
}

// Problem is a complete routing instance.
type Problem struct {
	// Duration[i][j] is the travel time from location i to location j.
	Duration [][]float64
	// Distance[i][j] is the travel distance from location i to location j.
	Distance  [][]float64
	Vehicles  []Vehicle
	Jobs      []Job
	Objective Objective
}

// Validate reports structural errors: matrix shapes, location indices, windows.
func (p *Problem) Validate() error {
	n := len(p.Duration)
	if n == 0 {
		return fmt.Errorf("vrp: empty duration matrix")
	}
	if len(p.Distance) != n {
		return fmt.Errorf("vrp: distance matrix has %d rows, duration matrix %d", len(p.Distance), n)
	}
	for i := 0; i < n; i++ {
		if len(p.Duration[i]) != n || len(p.Distance[i]) != n {
			return fmt.Errorf("vrp: matrix row %d is not of length %d", i, n)
		}
	}
	if len(p.Vehicles) == 0 {
		return fmt.Errorf("vrp: no vehicles")
	}
	for k, v := range p.Vehicles {
		if v.Start < 0 || v.Start >= n || v.End < 0 || v.End >= n {
			return fmt.Errorf("vrp: vehicle %d (%s): location out of range", k, v.ID)
		}
		if v.ShiftEnd != 0 && v.ShiftEnd < v.ShiftStart {
			return fmt.Errorf("vrp: vehicle %d (%s): shift ends before it starts", k, v.ID)
		}
		if v.Break != nil && (v.Break.Duration < 0 || v.Break.Window.End < v.Break.Window.Start) {
			return fmt.Errorf("vrp: vehicle %d (%s): bad break", k, v.ID)
		}
	}
	for j, job := range p.Jobs {
		if job.Location < 0 || job.Location >= n {
			return fmt.Errorf("vrp: job %d (%s): location %d out of range", j, job.ID, job.Location)
		}
		for w, tw := range job.Windows {
			if tw.End < tw.Start {
				return fmt.Errorf("vrp: job %d (%s): window %d ends before it starts", j, job.ID, w)
			}
			if w > 0 && tw.Start < job.Windows[w-1].End {
				return fmt.Errorf("vrp: job %d (%s): windows not sorted and disjoint", j, job.ID)
			}
		}
		if job.Service < 0 {
			return fmt.Errorf("vrp: job %d (%s): negative service time", j, job.ID)
		}
	}
	return nil
}
