package scenario

// The parsers behind ReadAPL and ReadDemandFile, for the fuzz targets: they skip the
// file system, which would otherwise bound how many inputs a minute can try.
var (
	ParseAPL        = parseAPL
	ParseDemandFile = parseDemandFile
)
