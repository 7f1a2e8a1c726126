package scheduler_test

import "medibus/routing"

// gcTravel is the default great-circle travel model, as the configuration builds it.
var gcTravel, _ = routing.NewGreatCircle(routing.DefaultTravel)
