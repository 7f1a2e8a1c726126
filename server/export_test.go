package server

// CoverageClass exposes, for the tests of package server_test, the map class of a
// commune with the given need and need served.
func CoverageClass(need, served float64) string {
	return classAt(classOf(needServed{need: need, served: served})).id
}
