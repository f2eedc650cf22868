package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
)

// captured is a request as it crossed the wire, for an eavesdropper to
// resend.
type captured struct {
	method, path, host string
	header             http.Header
	body               []byte
}

// recorder keeps every request its handler receives: the traffic a
// passive attacker on the path would capture.
type recorder struct {
	mu   sync.Mutex
	seen []captured
}

func (rec *recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.mu.Lock()
		rec.seen = append(rec.seen, captured{r.Method, r.URL.Path, r.Host, r.Header.Clone(), body})
		rec.mu.Unlock()
		next.ServeHTTP(rw, r)
	})
}

// last is the last captured request of an action.
func (rec *recorder) last(t *testing.T, action string) captured {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i := len(rec.seen) - 1; i >= 0; i-- {
		if rec.seen[i].header.Get("X-TC-Action") == action {
			return rec.seen[i]
		}
	}
	t.Fatalf("no %s request was captured", action)
	return captured{}
}

// resend sends a captured request again, byte for byte but for the headers
// change edits, to a listener (host:port), from a local address: 127.0.0.1
// is the SDK's own, 127.0.0.2 someone else's.
func resend(t *testing.T, req captured, listener, from string, change func(h http.Header)) map[string]any {
	t.Helper()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
	}}
	defer client.CloseIdleConnections()
	r, err := http.NewRequest(req.method, "http://"+listener+req.path, bytes.NewReader(req.body))
	ok(t, err)
	r.Header = req.header.Clone()
	r.Host = req.host
	if change != nil {
		change(r.Header)
	}
	resp, err := client.Do(r)
	ok(t, err)
	defer resp.Body.Close()
	var env struct{ Response map[string]any }
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || env.Response == nil {
		t.Fatalf("resent %s: no envelope (%v)", req.header.Get("X-TC-Action"), err)
	}
	return env.Response
}
