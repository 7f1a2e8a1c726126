package server_test

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
)

type openAPIDoc struct {
	OpenAPI string                          `json:"openapi"`
	Paths   map[string]map[string]operation `json:"paths"`
}

type operation struct {
	OperationID string `json:"operationId"`
	Parameters  []struct {
		Name    string `json:"name"`
		In      string `json:"in"`
		Example any    `json:"example"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Example any `json:"example"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]any `json:"responses"`
}

// TestOpenAPIMatchesRoutes checks the served document against the router both ways:
// every documented operation is served, answers with a documented status when called
// with the document's own examples, and every registered API route is documented.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t)
	res, body := e.do("GET", "/openapi.json", "", "")
	if res.StatusCode != 200 {
		t.Fatalf("/openapi.json: %d", res.StatusCode)
	}
	var doc openAPIDoc
	if err := json.Unmarshal([]byte(body), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("document: %v, openapi %q", err, doc.OpenAPI)
	}
	documented := map[string]bool{}
	var ops []string
	for path, methods := range doc.Paths {
		for method := range methods {
			key := strings.ToUpper(method) + " " + path
			documented[key] = true
			ops = append(ops, key)
		}
	}
	for _, rt := range e.srv.Routes() {
		if strings.Contains(rt, " /api/") && !documented[rt] {
			t.Errorf("route %s is not in the OpenAPI document", rt)
		}
	}
	// Call each operation, reads first so that publishing comes after them.
	sort.Slice(ops, func(i, j int) bool {
		wi, wj := strings.HasPrefix(ops[i], "GET"), strings.HasPrefix(ops[j], "GET")
		if wi != wj {
			return wi
		}
		return ops[i] < ops[j]
	})
	for _, key := range ops {
		method, path, _ := strings.Cut(key, " ")
		op := doc.Paths[path][strings.ToLower(method)]
		t.Run(op.OperationID, func(t *testing.T) {
			url := path
			var query []string
			for _, p := range op.Parameters {
				v := "1"
				if p.Example != nil {
					v = strings.Trim(mustJSON(p.Example), `"`)
				}
				switch p.In {
				case "path":
					url = strings.ReplaceAll(url, "{"+p.Name+"}", v)
				case "query":
					if p.Example != nil {
						query = append(query, p.Name+"="+v)
					}
				}
			}
			if len(query) > 0 {
				url += "?" + strings.Join(query, "&")
			}
			reqBody := ""
			if op.RequestBody != nil {
				reqBody = mustJSON(op.RequestBody.Content["application/json"].Example)
			}
			if strings.HasSuffix(path, "/events") {
				// Start a run first so the stream has something to report, then let it end.
				waitRun(t, e)
			}
			res, body := e.do(method, url, e.coordinator, reqBody)
			if res.StatusCode == http.StatusNotFound && strings.HasPrefix(body, "404 page not found") {
				t.Fatalf("%s %s is documented but not routed", method, url)
			}
			if _, ok := op.Responses[strconv.Itoa(res.StatusCode)]; !ok {
				t.Errorf("%s %s answered %d, not a documented response: %.300s", method, url, res.StatusCode, body)
			}
			if res.StatusCode >= 400 && !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s error is %s, want JSON", method, url, res.Header.Get("Content-Type"))
			}
		})
	}
}

// waitRun makes sure run 1 exists and has finished.
func waitRun(t *testing.T, e *env) {
	t.Helper()
	if res, _ := e.do("GET", "/api/runs/1", e.coordinator, ""); res.StatusCode == 404 {
		if res, body := e.do("POST", "/api/runs", e.coordinator, `{"scenario_id":1,"start":"2026-11-23","time_limit_s":5}`); res.StatusCode != 202 {
			t.Fatalf("start run: %d %s", res.StatusCode, body)
		}
	}
	for range 200 {
		_, body := e.do("GET", "/api/runs/1", e.coordinator, "")
		if !strings.Contains(body, `"status":"running"`) {
			return
		}
		sleep()
	}
	t.Fatal("run 1 did not finish")
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
