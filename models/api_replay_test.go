package models_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

const (
	here      = "192.0.2.1"    // the client that signed
	elsewhere = "198.51.100.7" // someone who captured its traffic
)

// call is a signed call with a fresh signature, valid five minutes.
func call(action, region, client string) models.SignedCall {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return models.SignedCall{Signature: hex.EncodeToString(b), Action: action, Region: region, Client: client,
		Expires: time.Now().Add(5 * time.Minute)}
}

// resent is the same signature arriving with an action, region and client.
func resent(c models.SignedCall, action, region, client string) models.SignedCall {
	c.Action, c.Region, c.Client = action, region, client
	return c
}

func admit(t *testing.T, g *models.ReplayGuard, c models.SignedCall, want error) {
	t.Helper()
	if err := g.Admit(t.Context(), c); !errors.Is(err, want) && !(err == nil && want == nil) {
		t.Errorf("Admit(%s %s from %s) = %v, want %v", c.Action, c.Region, c.Client, err, want)
	}
}

// SPEC 8, "Replay": the rules of the guard, on both databases.
func TestReplayGuard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		tests := []struct {
			name  string
			steps func(t *testing.T, g *models.ReplayGuard)
		}{
			{"a change is accepted once, as itself or as anything else", func(t *testing.T, g *models.ReplayGuard) {
				run := call("RunInstances", "ap-guangzhou", here)
				admit(t, g, run, nil)
				admit(t, g, run, models.ErrReplayed)
				admit(t, g, resent(run, "RunInstances", "ap-shanghai", here), models.ErrReplayed)
				admit(t, g, resent(run, "TerminateInstances", "ap-guangzhou", here), models.ErrReplayed)
				admit(t, g, resent(run, "RunInstances", "ap-guangzhou", elsewhere), models.ErrReplayed)
			}},
			{"identical reads go on, in any action and region", func(t *testing.T, g *models.ReplayGuard) {
				read := call("DescribeImages", "ap-guangzhou", here)
				for range 3 {
					admit(t, g, read, nil)
				}
				admit(t, g, resent(read, "DescribeZones", "ap-shanghai", here), nil)
				admit(t, g, resent(read, "DescribeImages", "ap-guangzhou", elsewhere), nil)
			}},
			{"a read's signature serves no change from elsewhere", func(t *testing.T, g *models.ReplayGuard) {
				read := call("DescribeImages", "ap-guangzhou", here)
				admit(t, g, read, nil)
				admit(t, g, resent(read, "DeleteImages", "ap-guangzhou", elsewhere), models.ErrReplayed)
			}},
			{"a read's signature serves one change of its own client", func(t *testing.T, g *models.ReplayGuard) {
				read := call("DescribeInstances", "ap-guangzhou", here)
				admit(t, g, read, nil)
				admit(t, g, resent(read, "TerminateInstances", "ap-guangzhou", here), nil)
				admit(t, g, resent(read, "TerminateInstances", "ap-guangzhou", here), models.ErrReplayed)
				admit(t, g, resent(read, "DescribeInstances", "ap-guangzhou", here), nil)
			}},
			{"a retry with a ClientToken goes on, as the same change only", func(t *testing.T, g *models.ReplayGuard) {
				run := call("RunInstances", "ap-guangzhou", here)
				run.Retry = true
				admit(t, g, run, nil)
				admit(t, g, run, nil)
				retry := resent(run, "RunInstances", "ap-guangzhou", elsewhere)
				retry.Retry = true
				admit(t, g, retry, nil)
				other := resent(run, "RunInstances", "ap-shanghai", here)
				other.Retry = true
				admit(t, g, other, models.ErrReplayed)
				plain := run
				plain.Retry = false
				admit(t, g, plain, models.ErrReplayed)
			}},
			{"many copies of one change at once: one goes on", func(t *testing.T, g *models.ReplayGuard) {
				run := call("RunInstances", "ap-guangzhou", here)
				var mu sync.Mutex
				accepted := 0
				var wg sync.WaitGroup
				for range 16 {
					wg.Go(func() {
						err := g.Admit(context.Background(), run)
						mu.Lock()
						defer mu.Unlock()
						if err == nil {
							accepted++
						} else if !errors.Is(err, models.ErrReplayed) {
							t.Errorf("Admit: %v", err)
						}
					})
				}
				wg.Wait()
				if accepted != 1 {
					t.Errorf("%d of 16 copies accepted, want 1", accepted)
				}
			}},
			{"another replica (process) refuses what this one saw", func(t *testing.T, g *models.ReplayGuard) {
				other := models.NewReplayGuard(db)
				run := call("RunInstances", "ap-guangzhou", here)
				admit(t, g, run, nil)
				admit(t, other, run, models.ErrReplayed)
				// On SQLite a read reaches the table when the worker writes
				// it (Flush); on PostgreSQL at once, and Flush does nothing.
				read := call("DescribeImages", "ap-guangzhou", here)
				admit(t, g, read, nil)
				if err := g.Flush(t.Context()); err != nil {
					t.Fatal(err)
				}
				admit(t, other, resent(read, "DeleteImages", "ap-guangzhou", elsewhere), models.ErrReplayed)
				admit(t, other, resent(read, "DeleteImages", "ap-guangzhou", here), nil)
				admit(t, g, resent(read, "DeleteImages", "ap-guangzhou", here), models.ErrReplayed)
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { tt.steps(t, models.NewReplayGuard(db)) })
		}
	})
}

// SPEC 9: a read never waits for a writer, and neither does an idle
// worker's housekeeping; a change's signature is a write and may.
func TestReplayGuardReadsDoNotWaitForWriters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		addAccount(t, db, "100000000042", "Busy", models.AccountActive)
		g := models.NewReplayGuard(db)
		jobs := models.NewJobQueue(db, 0)
		writer := db.Begin()
		if writer.Error != nil {
			t.Fatalf("begin: %v", writer.Error)
		}
		defer writer.Rollback()
		if err := writer.Model(&models.Account{}).Where("id = ?", "100000000042").Update("name", "being edited").Error; err != nil {
			t.Fatalf("write: %v", err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		if err := g.Admit(ctx, call("DescribeImages", "ap-guangzhou", here)); err != nil {
			t.Errorf("a read's signature: %v", err)
		}
		if err := models.Housekeep(ctx, jobs); err != nil {
			t.Errorf("idle housekeeping: %v", err)
		}
	})
}

// The job worker writes the reads the guard remembers and deletes the
// signatures past their window (with a minute's margin), on both databases.
func TestWorkerKeepsTheSignatureTable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		stores := models.NewStores(db, models.StoreConfig{})
		expired := call("RunInstances", "ap-guangzhou", here)
		expired.Expires = time.Now().Add(-2 * time.Minute)
		live := call("RunInstances", "ap-guangzhou", here)
		read := call("DescribeImages", "ap-guangzhou", here)
		for _, c := range []models.SignedCall{expired, live, read} {
			admit(t, stores.Replay, c, nil)
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() {
			defer close(done)
			stores.Jobs.Run(ctx, slog.New(slog.DiscardHandler))
		}()
		defer func() { cancel(); <-done }()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if countRows(t, db, models.APISignature(), "signature = ?", expired.Signature) == 0 &&
				countRows(t, db, models.APISignature(), "signature = ?", read.Signature) == 1 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		for name, want := range map[string]int64{expired.Signature: 0, live.Signature: 1, read.Signature: 1} {
			if n := countRows(t, db, models.APISignature(), "signature = ?", name); n != want {
				t.Errorf("signature %s…: %d rows, want %d", name[:8], n, want)
			}
		}
	})
}

// A worker that stops writes what the guard remembers, so a restart still
// refuses a remembered read's signature as a change from elsewhere.
func TestWorkerWritesRememberedReadsWhenItStops(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		stores := models.NewStores(db, models.StoreConfig{})
		read := call("DescribeImages", "ap-guangzhou", here)
		admit(t, stores.Replay, read, nil)
		stopped, cancel := context.WithCancel(t.Context())
		cancel()
		stores.Jobs.Run(stopped, slog.New(slog.DiscardHandler))
		restarted := models.NewReplayGuard(db)
		admit(t, restarted, resent(read, "DeleteImages", "ap-guangzhou", elsewhere), models.ErrReplayed)
	})
}

// A backlog of remembered reads larger than one flush transaction is written
// whole, over several short transactions, and a second Flush has nothing left.
func TestFlushWritesABacklogInChunks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		g := models.NewReplayGuard(db)
		backlog := 2*models.FlushChunk + 1
		for range backlog {
			admit(t, g, call("DescribeImages", "ap-guangzhou", here), nil)
		}
		if err := g.Flush(t.Context()); err != nil {
			t.Fatalf("flush: %v", err)
		}
		if n := countRows(t, db, models.APISignature(), "action = ?", "DescribeImages"); n != int64(backlog) {
			t.Errorf("%d signatures written, want %d", n, backlog)
		}
		if err := g.Flush(t.Context()); err != nil {
			t.Fatalf("second flush: %v", err)
		}
		if n := countRows(t, db, models.APISignature(), "action = ?", "DescribeImages"); n != int64(backlog) {
			t.Errorf("after a second flush: %d signatures, want %d", n, backlog)
		}
	})
}
