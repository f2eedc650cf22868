package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/handlers"
	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/models/testdb"
)

// BenchmarkAPI measures signed API calls through the API listener's real
// router on SQLite (demo data), from 32 concurrent clients, so the cost of
// the replay guard (SPEC 8, "Replay") is visible: a read with a new
// signature each time (remembered in memory, written by the worker in
// batches), the same read again (an SDK polling loop), and a change (its
// signature written at once). The guard alone is measured too. Run: make
// bench.
func BenchmarkAPI(b *testing.B) {
	db := testdb.Seeded(b, testdb.SQLite(b))
	if err := models.SeedDemo(context.Background(), db, handlertest.DemoPassword); err != nil {
		b.Fatal(err)
	}
	stores := models.NewStores(db, models.StoreConfig{})
	ctx, stop := context.WithCancel(context.Background())
	worked := make(chan struct{})
	go func() { defer close(worked); stores.Jobs.Run(ctx, slog.New(slog.DiscardHandler)) }()
	b.Cleanup(func() { stop(); <-worked })
	actor, err := stores.APIKeys.UserActor(ctx, handlertest.Alice)
	if err != nil {
		b.Fatal(err)
	}
	id, secret, err := stores.APIKeys.Create(ctx, actor)
	if err != nil {
		b.Fatal(err)
	}
	api := handlers.NewAPI(stores, handlers.Options{})
	call := apiCaller{api: api, id: id, secret: secret}

	// Parameters an action does not use are ignored: BenchSeq makes each
	// body, and so each signature, new.
	var seq atomic.Int64
	b.Run("describe-images-new-signature", func(b *testing.B) {
		call.parallel(b, func() *http.Request {
			return call.signed("DescribeImages", fmt.Sprintf(`{"Limit":20,"BenchSeq":%d}`, seq.Add(1)), time.Now())
		})
	})
	b.Run("describe-images-same-signature", func(b *testing.B) {
		at := time.Now()
		call.parallel(b, func() *http.Request { return call.signed("DescribeImages", `{"Limit":20}`, at) })
	})
	b.Run("modify-image-attribute-new-signature", func(b *testing.B) {
		call.parallel(b, func() *http.Request {
			body := fmt.Sprintf(`{"ImageId":"img-demo0002","ImageDescription":"bench %d"}`, seq.Add(1))
			return call.signed("ModifyImageAttribute", body, time.Now())
		})
	})
	b.Run("guard-alone-read", func(b *testing.B) { benchGuard(b, stores.Replay, "DescribeImages", &seq) })
	b.Run("guard-alone-change", func(b *testing.B) { benchGuard(b, stores.Replay, "ModifyImageAttribute", &seq) })
}

// apiCaller signs and sends API calls as alice.
type apiCaller struct {
	api        *echo.Echo
	id, secret string
}

// signed is a request for an action, signed at a time.
func (a apiCaller) signed(action, body string, at time.Time) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:9000/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-TC-Action", action)
	r.Header.Set("X-TC-Version", "2017-03-12")
	r.Header.Set("X-TC-Region", "ap-guangzhou")
	handlertest.SignAPI(r, a.id, a.secret, []byte(body), at)
	return r
}

// parallel sends the requests next makes from 32 clients.
func (a apiCaller) parallel(b *testing.B, next func() *http.Request) {
	send := func() {
		r := next()
		rec := httptest.NewRecorder()
		a.api.ServeHTTP(rec, r)
		var env struct {
			Response struct{ Error *struct{ Code string } }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || env.Response.Error != nil {
			b.Errorf("%s: %s", r.Header.Get("X-TC-Action"), rec.Body.String())
		}
	}
	send()
	b.SetParallelism(16) // 16 × GOMAXPROCS(2) = 32 clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			send()
		}
	})
}

// benchGuard measures the replay guard's Admit alone, with a new signature
// each time.
func benchGuard(b *testing.B, g *models.ReplayGuard, action string, seq *atomic.Int64) {
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c := models.SignedCall{Signature: fmt.Sprintf("bench-%s-%d", action, seq.Add(1)), Action: action,
				Region: "ap-guangzhou", Client: "127.0.0.1", Expires: time.Now().Add(5 * time.Minute)}
			if err := g.Admit(context.Background(), c); err != nil {
				b.Error(err)
			}
		}
	})
}
