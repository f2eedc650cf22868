package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	dto "github.com/prometheus/client_model/go"
)

// With one place, a second request is not served while the first holds it,
// unless the first gives it back with Release (as a download does before it
// streams). Each admission counts in the queue histogram.
func TestAdmissionQueuesBeyondTheLimit(t *testing.T) {
	for _, tt := range []struct {
		name    string
		release bool
	}{
		{"a second request waits while the first holds the only place", false},
		{"a place given back admits the next at once", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			metrics := NewMetrics()
			e := echo.New()
			e.Use((&admission{slots: make(chan struct{}, 1), metrics: metrics}).middleware)
			entered, proceed := make(chan struct{}), make(chan struct{})
			e.GET("/first", func(c echo.Context) error {
				if tt.release {
					Release(c)
				}
				close(entered)
				<-proceed // still working, or streaming, until told
				return c.String(http.StatusOK, "first")
			})
			e.GET("/second", func(c echo.Context) error { return c.String(http.StatusOK, "second") })
			done := make(chan string, 2)
			serve := func(path string) {
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				done <- rec.Body.String()
			}
			go serve("/first")
			<-entered
			go serve("/second")
			if tt.release {
				select {
				case got := <-done:
					if got != "second" {
						t.Fatalf("%q finished while the first was held", got)
					}
				case <-time.After(10 * time.Second):
					t.Fatal("the second request was not served after the first gave its place back")
				}
			} else {
				// A correct limiter never serves it here, however slow the
				// machine: this wait cannot fail spuriously.
				select {
				case got := <-done:
					t.Fatalf("%q was served while the first held the only place", got)
				case <-time.After(100 * time.Millisecond):
				}
			}
			close(proceed)
			remaining := 2
			if tt.release {
				remaining = 1 // the second has answered already
			}
			for range remaining {
				<-done
			}
			var m dto.Metric
			if err := metrics.queue.Write(&m); err != nil {
				t.Fatal(err)
			}
			if got := m.GetHistogram().GetSampleCount(); got != 2 {
				t.Errorf("queue histogram counted %d admissions; want 2", got)
			}
		})
	}
}
