package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"syscall"
	"time"
)

// FetchPolicy bounds what an import from a URL may reach and how long it
// may take. The zero value refuses every non-public address.
type FetchPolicy struct {
	// Allow names addresses an admin allows although they are not public
	// (an internal mirror, say); everything loopback, link-local, private,
	// metadata or otherwise special is refused unless listed.
	Allow []netip.Prefix
	// DialTimeout, HeaderTimeout: connecting, and waiting for the answer's
	// headers; IdleTimeout: the longest wait for the next body bytes.
	DialTimeout, HeaderTimeout, IdleTimeout time.Duration
}

// RefusedError is a fetch refused by policy, or a source that cannot serve
// the image (a 4xx answer): retrying does not help.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return "refused: " + e.Reason }

// special are ranges no import may reach unless allowed: besides what
// netip's predicates cover, shared address space, benchmarking, the IETF
// protocol block, "this network" and the reserved future use range.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
}

// Allowed reports whether an import may connect to addr.
func (p FetchPolicy) Allowed(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, a := range p.Allow {
		if a.Contains(addr) {
			return true
		}
	}
	if addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsInterfaceLocalMulticast() || addr.IsMulticast() || addr.IsUnspecified() || !addr.IsValid() {
		return false
	}
	for _, s := range special {
		if s.Contains(addr) {
			return false
		}
	}
	return true
}

// maxRedirects bounds a chain of redirects; each hop is checked like the
// first.
const maxRedirects = 5

// Client returns an HTTP client that checks every address it connects to
// after DNS resolution (a net.Dialer Control hook runs before the socket
// connects, so a refused address gets no packet), uses no proxy from the
// environment, and follows only http(s) redirects.
func (p FetchPolicy) Client() *http.Client {
	dialer := &net.Dialer{
		Timeout: or(p.DialTimeout, 10*time.Second),
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return &RefusedError{Reason: "unparsable address " + address}
			}
			if !p.Allowed(ap.Addr()) {
				return &RefusedError{Reason: "address " + ap.Addr().String() + " is not public and not in the allow-list"}
			}
			return nil
		},
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   or(p.DialTimeout, 10*time.Second),
		ResponseHeaderTimeout: or(p.HeaderTimeout, 30*time.Second),
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return &RefusedError{Reason: "too many redirects"}
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return &RefusedError{Reason: "redirect to a " + req.URL.Scheme + " URL"}
			}
			return nil
		},
	}
}

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Download is an answer being read: Body from Offset (0 when the server
// ignored the range asked for), Total bytes in all (-1: unknown).
type Download struct {
	Body   io.ReadCloser
	Offset int64
	Total  int64
}

// Fetch GETs url from offset, refusing what the policy refuses. The body is
// read under the idle timeout: a source that stops sending is cut off.
func (p FetchPolicy) Fetch(ctx context.Context, client *http.Client, url string, offset int64) (Download, error) {
	ctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		cancel()
		return Download{}, &RefusedError{Reason: "bad URL"}
	}
	if offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
	}
	resp, err := client.Do(req)
	if err != nil {
		cancel()
		var refused *RefusedError
		if errors.As(err, &refused) {
			return Download{}, refused
		}
		return Download{}, fmt.Errorf("fetch: %w", err)
	}
	d := Download{Total: -1}
	switch {
	case resp.StatusCode == http.StatusPartialContent && offset > 0:
		d.Offset = offset
		if resp.ContentLength >= 0 {
			d.Total = offset + resp.ContentLength
		}
	case resp.StatusCode == http.StatusOK:
		d.Total = resp.ContentLength
	default:
		_ = resp.Body.Close()
		cancel()
		if resp.StatusCode >= 400 && resp.StatusCode < 500 {
			return Download{}, &RefusedError{Reason: "the server answered " + resp.Status}
		}
		return Download{}, fmt.Errorf("fetch: the server answered %s", resp.Status)
	}
	d.Body = newIdleReader(resp.Body, cancel, or(p.IdleTimeout, time.Minute))
	return d, nil
}

// idleReader cancels its request when no read completes within idle.
type idleReader struct {
	body   io.ReadCloser
	timer  *time.Timer
	idle   time.Duration
	cancel context.CancelFunc
}

func newIdleReader(body io.ReadCloser, cancel context.CancelFunc, idle time.Duration) *idleReader {
	return &idleReader{body: body, timer: time.AfterFunc(idle, cancel), idle: idle, cancel: cancel}
}

func (r *idleReader) Read(b []byte) (int, error) {
	n, err := r.body.Read(b)
	r.timer.Reset(r.idle)
	return n, err
}

func (r *idleReader) Close() error {
	r.timer.Stop()
	r.cancel()
	return r.body.Close()
}
