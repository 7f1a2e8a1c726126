package vrp

// twoOptSeq appends to seq the route jobs with the path between positions i+1 and j
// reversed, so that the job at j follows the one at i (2-opt within a route); it
// reports false when the move is void (j ≤ i+1).
func twoOptSeq(seq, jobs []int, i, j int) ([]int, bool) {
	if j <= i+1 {
		return seq, false
	}
	seq = append(seq, jobs[:i+1]...)
	for k := j; k > i; k-- {
		seq = append(seq, jobs[k])
	}
	seq = append(seq, jobs[j+1:]...)
	return seq, true
}
