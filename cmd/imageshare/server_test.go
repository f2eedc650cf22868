package main

import (
	"context"
	"regexp"
	"slices"
	"testing"
	"time"
)

// runningServer is run() serving in the background for a test.
type runningServer struct {
	stdout, stderr syncBuffer
	done           chan error
	cancel         context.CancelFunc
}

// startServer runs the server with args and waits until its welcome shows
// ready; it stops when the test ends.
func startServer(t *testing.T, getenv func(string) string, args ...string) *runningServer {
	t.Helper()
	if !slices.Contains(args, "--storage") {
		// Image bytes go to the test's own directory, not ./data in the tree.
		args = append(args, "--storage", "file://"+t.TempDir())
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &runningServer{done: make(chan error, 1), cancel: cancel}
	go func() { s.done <- run(ctx, args, getenv, &s.stdout, &s.stderr) }()
	t.Cleanup(func() { s.stop(t) })
	s.waitFor(t, regexp.MustCompile(`Imageshare Console is ready`))
	return s
}

// waitFor returns the first match of re in the welcome, failing the test if
// the server stops or says nothing of the kind within 15 seconds.
func (s *runningServer) waitFor(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); {
		if m := re.FindStringSubmatch(s.stdout.String()); m != nil {
			return m
		}
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("server stopped: %v\n%s", err, s.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no %s in the welcome:\n%s", re, s.stdout.String())
	return nil
}

// stop ends the server gracefully and fails the test if it does not stop.
func (s *runningServer) stop(t *testing.T) {
	t.Helper()
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
}
