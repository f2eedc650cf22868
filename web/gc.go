package web

import (
	"os"
	"runtime/debug"
)

// Garbage-collector settings for serving: a page allocates about a
// megabyte, most of it garbage once written, so at Go's default (collect when
// the heap doubles) the collector's marking took about an eighth of the CPU
// under load (make bench's profile), and its assists landed in request times.
// Collecting at four times the live heap cuts that; the soft memory limit
// makes the collector work harder again as the process nears it, so RSS stays
// within SPEC 9's 150 MB.
const (
	serveGCPercent   = 300
	serveMemoryLimit = 120 << 20
)

// TuneGC applies the serving settings, unless the operator chose their own
// with GOGC or GOMEMLIMIT. The server calls it at start; the benchmarks call
// it too, so they measure what the binary does.
func TuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(serveGCPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}
