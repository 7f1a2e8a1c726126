package osrm_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/paulmach/orb"

	"medibus/routing"
	"medibus/routing/osrm"
)

func Example() {
	// A stand-in for osrm-routed: one source, two destinations.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"code":"Ok","durations":[[1800,null]],"distances":[[32500,null]]}`)
	}))
	defer srv.Close()

	client, err := osrm.New(srv.URL, osrm.Options{UnreachableAsInf: true})
	if err != nil {
		log.Fatal(err)
	}
	var travel routing.Provider = routing.NewCache(client)
	legs, err := travel.Table(context.Background(),
		[]orb.Point{{4.8357, 45.7640}},                      // Lyon
		[]orb.Point{{5.1432, 45.5846}, {-61.5510, 16.2650}}) // Bourgoin-Jallieu, Guadeloupe
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range legs[0] {
		fmt.Printf("%.1f km, %.0f min\n", l.Km, l.Min)
	}
	// Output:
	// 32.5 km, 30 min
	// +Inf km, +Inf min
}
