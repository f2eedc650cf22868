package web

import (
	"runtime"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// admission bounds the requests the server works on at once and queues the
// rest as they come. Thirty-two requests at once on two cores would each get
// a sixteenth of a CPU: every one takes sixteen times as long, holding its
// buffers and a database connection all that time, and the slowest wait on
// everyone else. Admitted a few at a time, each runs nearly alone, and the
// wait before admission is measured on its own (imageshare_http_queue_seconds)
// rather than hidden in the server time.
type admission struct {
	slots   chan struct{}
	metrics *Metrics
}

// defaultInFlight is two requests per CPU: enough to overlap a request's
// database round trips with another's rendering, few enough that none waits
// for a CPU while it runs.
func defaultInFlight() int { return 2 * runtime.GOMAXPROCS(0) }

const releaseKey = "admission.release"

func (a *admission) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		queued := time.Now()
		select {
		case a.slots <- struct{}{}:
		case <-c.Request().Context().Done():
			// The client gave up while queued: there is no one to answer,
			// and nothing failed here to log as an error.
			return nil
		}
		a.metrics.observeQueue(time.Since(queued))
		var once sync.Once
		release := func() { once.Do(func() { <-a.slots }) }
		c.Set(releaseKey, release)
		defer release()
		return next(c)
	}
}

// Release gives the request's place back before it ends: for a handler that
// goes on streaming bytes (a download, an upload's chunk), whose time is the
// network's, so that it does not keep others waiting.
func Release(c echo.Context) {
	if release, ok := c.Get(releaseKey).(func()); ok {
		release()
	}
}
