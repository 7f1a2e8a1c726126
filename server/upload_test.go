package server_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingBody is a multipart form of left bytes, a file part of zeros, and counts
// the bytes read.
type countingBody struct {
	head string
	left int64
	read atomic.Int64
}

func newCountingBody(size int64) *countingBody {
	return &countingBody{head: "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sites.csv\"\r\n\r\n", left: size}
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), b.left))
	k := copy(p[:n], b.head)
	b.head = b.head[k:]
	clear(p[k:n])
	b.left -= int64(n)
	b.read.Add(int64(n))
	return n, nil
}

// TestUploadRefusedBeforeRead: an upload larger than 32 MB by its Content-Length, or
// by a coordinator of another organisation, is refused (413 in French, or 403) without
// a byte of its body read; one that hides its size is cut at 32 MB and refused 413.
// Before, a 50 MB upload was read up to the limit and answered 400, and the uploads
// refused 403 were read whole first (24 in parallel took 1.6 GB).
func TestUploadRefusedBeforeRead(t *testing.T) {
	e := newEnv(t)
	aubusson := e.scopedToken("org-23008", "")
	const mb = 1 << 20
	for _, tc := range []struct {
		name     string
		token    string
		size     int64
		declared bool // Content-Length sent; else chunked
		status   int
		want     string
		maxRead  int64
	}{
		{"50 MB declared", e.coordinator, 50 * mb, true, http.StatusRequestEntityTooLarge, "Fichier trop volumineux : au plus 32 Mo", 0},
		{"31 MB of another organisation", aubusson, 31 * mb, true, http.StatusForbidden, "changer les fichiers du scénario creuse", 0},
		{"50 MB chunked", e.coordinator, 50 * mb, false, http.StatusRequestEntityTooLarge, "Fichier trop volumineux", 32*mb + 64<<10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := newCountingBody(tc.size)
			req := httptest.NewRequest("POST", "/api/scenarios/1/files", body)
			req.ContentLength = -1
			if tc.declared {
				req.ContentLength = tc.size
			}
			req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			req.Header.Set("Authorization", "Bearer "+tc.token)
			rec := httptest.NewRecorder()
			e.srv.ServeHTTP(rec, req)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Fatalf("%d %s; want %d saying %q", rec.Code, rec.Body, tc.status, tc.want)
			}
			if n := body.read.Load(); n > tc.maxRead {
				t.Fatalf("%d bytes of the body read, want at most %d", n, tc.maxRead)
			}
		})
	}
}

// TestOversizedUploadAnsweredAtOnce: over a real connection, an upload that declares
// 50 MB and sends none of it is answered 413 at once (before, the server waited for
// the body until its read timeout).
func TestOversizedUploadAnsweredAtOnce(t *testing.T) {
	e := newEnv(t)
	addr := strings.TrimPrefix(e.ts.URL, "http://")
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /api/scenarios/1/files HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n--x\r\n", addr, e.coordinator, 50<<20)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer within 5 s: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("%d, want 413", res.StatusCode)
	}
}
