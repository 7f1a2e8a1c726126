package server

import (
	"fmt"
	"net/http"
	"strings"
)

// access is who may call a route.
type access int

const (
	public      access = iota // anyone
	driver                    // drivers and coordinators
	coordinator               // coordinators only
)

// handler is a route's handler; who is the caller, already checked against the route's
// access level.
type handler func(w http.ResponseWriter, r *http.Request, who principal)

// route is one registered route. API routes (path under /api/) must each appear in the
// OpenAPI document, and the document must list no other; a test checks both ways.
type route struct {
	method, path string
	access       access
	// page routes answer a missing login with a redirect to the login form rather
	// than 401, since a person in a browser follows them.
	page bool
	h    handler
}

// pattern is the route's ServeMux pattern, also its metrics label.
func (rt route) pattern() string { return rt.method + " " + rt.path }

// api reports whether the route belongs to the JSON API.
func (rt route) api() bool { return strings.HasPrefix(rt.path, "/api/") }

// notFound answers a path that no route serves: JSON under /api/, a French page
// elsewhere.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, http.StatusNotFound, fmt.Errorf("%s: no such API route (GET /openapi.json lists them)", r.URL.Path))
		return
	}
	s.errorPage(w, r, http.StatusNotFound, fmt.Errorf("aucune page à l'adresse %s ; cherchez une commune depuis l'accueil", r.URL.Path))
}

func (s *Server) routeTable() []route {
	return append([]route{
		// Public pages and feeds.
		{"GET", "/{$}", public, true, s.patientHome},
		{"GET", "/communes/{file}", public, true, s.communePage},
		{"GET", "/communes/{insee}/affiche", public, true, s.communePoster},
		{"GET", "/aide", public, true, s.infoPage("aide")},
		{"GET", "/accessibilite", public, true, s.infoPage("accessibilite")},
		{"GET", "/mentions-legales", public, true, s.infoPage("mentions-legales")},
		{"GET", "/healthz", public, false, s.healthz},
		{"GET", "/metrics", s.metricsAccess(), false, s.serveMetrics},
		{"GET", "/openapi.json", public, false, s.openAPI},
		{"GET", "/static/{file...}", public, false, s.static},
		{"GET", "/login", public, true, s.loginForm},
		{"POST", "/login", public, true, s.login},
		{"POST", "/logout", public, true, s.logout},

		// Drivers.
		{"GET", "/driver", driver, true, s.driverIndex},
		{"GET", "/driver/{unit}/{file}", driver, true, s.driverDay},

		// Coordinators' planning UI.
		{"GET", "/plan", coordinator, true, s.planningUI},
		{"GET", "/plan/{id}/notice", coordinator, true, s.noticePage},

		// JSON API.
		{"GET", "/api/me", public, false, s.apiMe},
		{"GET", "/api/scenarios", coordinator, false, s.apiScenarios},
		{"GET", "/api/scenarios/{id}", coordinator, false, s.apiScenario},
		{"POST", "/api/scenarios/{id}/files", coordinator, false, s.apiUploadScenarioFile},
		{"GET", "/api/plans", coordinator, false, s.apiPlans},
		{"GET", "/api/plans/compare", coordinator, false, s.apiCompare},
		{"GET", "/api/plans/{id}", coordinator, false, s.apiPlan},
		{"GET", "/api/plans/{id}/kpis", coordinator, false, s.apiKPIs},
		{"GET", "/api/plans/{id}/sessions", driver, false, s.apiSessions},
		{"GET", "/api/plans/{id}/map", coordinator, false, s.apiMap},
		{"GET", "/api/plans/{id}/idle", coordinator, false, s.apiIdle},
		{"GET", "/api/plans/{id}/sites", coordinator, false, s.apiSites},
		{"GET", "/api/plans/{id}/changes", coordinator, false, s.apiChanges},
		{"GET", "/api/plans/{id}/notice.csv", coordinator, false, s.apiNoticeCSV},
		{"GET", "/api/plans/{id}/notice.xlsx", coordinator, false, s.apiNoticeXLSX},
		{"GET", "/api/plans/{id}/export.csv", coordinator, false, s.apiPlanCSV},
		{"GET", "/api/plans/{id}/export.xlsx", coordinator, false, s.apiPlanXLSX},
		{"POST", "/api/plans/{id}/publish", coordinator, false, s.apiPublish},
		{"GET", "/api/plans/{id}/pins", coordinator, false, s.apiPins},
		{"POST", "/api/plans/{id}/pins", coordinator, false, s.apiSetPin},
		{"POST", "/api/plans/{id}/pins/check", coordinator, false, s.apiCheckPin},
		{"DELETE", "/api/plans/{id}/pins/{unit}/{date}/{half}", coordinator, false, s.apiDeletePin},
		{"POST", "/api/plans/{id}/reoptimise", coordinator, false, s.apiReoptimise},
		{"POST", "/api/plans/{id}/replan", coordinator, false, s.apiReplan},
		{"GET", "/api/closures", coordinator, false, s.apiClosures},
		{"POST", "/api/closures", coordinator, false, s.apiAddClosure},
		{"DELETE", "/api/closures/{id}", coordinator, false, s.apiDeleteClosure},
		{"GET", "/api/runs", coordinator, false, s.apiRuns},
		{"POST", "/api/runs", coordinator, false, s.apiStartRun},
		{"GET", "/api/runs/{id}", coordinator, false, s.apiRun},
		{"GET", "/api/runs/{id}/events", coordinator, false, s.apiRunEvents},
		{"GET", "/api/public/communes", public, false, s.apiSearchCommunes},
		{"GET", "/api/public/communes/{insee}/sessions", public, false, s.apiCommuneSessions},
	}, s.territoryRoutes()...)
}

// buildHandler registers every route behind its access check, and wraps the mux in the
// middleware every request goes through: panic recovery, security headers, metrics and
// the access log. A GET that no route serves gets the French 404 page (JSON under /api/).
func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		s.metrics.route(rt.pattern())
		mux.Handle(rt.pattern(), s.guard(rt))
	}
	return s.middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A page that no route serves gets a French answer; it stays "unmatched" in
		// the metrics, as the mux did not serve it.
		if _, pattern := mux.Handler(r); pattern == "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			s.notFound(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	}))
}

// Routes lists the registered routes as ServeMux patterns ("GET /api/plans/{id}").
func (s *Server) Routes() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.pattern()
	}
	return out
}
