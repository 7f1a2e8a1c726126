package vrp

// stringLen is the length of the string an Or-opt move carries, and whether it is
// reversed.
func (kind intraKind) stringLen() (int, bool) {
	switch kind {
	case intraOrOpt2:
		return 2, false
	case intraOrOpt3:
		return 3, false
	case intraOrOpt2Rev:
		return 2, true
	case intraOrOpt3Rev:
		return 3, true
	}
	return 0, false
}

// orOptSeq appends to seq the route jobs with the string of l jobs starting at
// position i moved right after job v (at position j), reversed when rev is set (Or
// 1976). It reports false when the move is void: the string runs past the route's
// end, contains v, or already follows v in that direction.
func orOptSeq(seq, jobs []int, v, i, j, l int, rev bool) ([]int, bool) {
	if i+l > len(jobs) || (j >= i && j < i+l) || (j == i-1 && !rev) {
		return seq, false
	}
	str := jobs[i : i+l]
	for p, x := range jobs {
		if p >= i && p < i+l {
			continue
		}
		seq = append(seq, x)
		if x != v {
			continue
		}
		for q := range str {
			if rev {
				seq = append(seq, str[l-1-q])
			} else {
				seq = append(seq, str[q])
			}
		}
	}
	return seq, true
}
