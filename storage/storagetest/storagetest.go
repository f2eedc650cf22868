// Package storagetest gives tests both storage backends: a directory, and
// an S3 server (gofakes3) started in the test process, reached path-style
// over loopback HTTP like MinIO or Ceph RGW.
package storagetest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"imageshare/storage"
)

// Bucket is the bucket the S3 backend of tests uses.
const Bucket = "images"

// File is a file store in a temporary directory.
func File(t testing.TB) storage.Store {
	t.Helper()
	s, err := storage.NewFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// PartSize is the part size of the S3 stores of tests: small, so that
// objects of a few MiB are multipart uploads (the in-process server takes
// parts below S3's 5 MiB minimum).
const PartSize = 1 << 20

// S3Server is an in-process S3 server with a store on it; it counts the
// parts uploaded to it, so tests can tell a resumed upload from one that
// started over.
type S3Server struct {
	Store *storage.S3Store
	mu    sync.Mutex
	parts int
}

// NewS3 starts an S3 server with its bucket made and a store on it.
func NewS3(t testing.TB) *S3Server {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(Bucket); err != nil {
		t.Fatal(err)
	}
	out := &S3Server{}
	fake := gofakes3.New(backend).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && r.URL.Query().Has("partNumber") {
			out.mu.Lock()
			out.parts++
			out.mu.Unlock()
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s, err := storage.NewS3Store(srv.URL, "us-east-1", Bucket, "test-key", "test-secret")
	if err != nil {
		t.Fatal(err)
	}
	out.Store = s.WithPartSize(PartSize)
	return out
}

// Parts is how many parts were uploaded so far.
func (s *S3Server) Parts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.parts
}

// S3 is an S3 store on an in-process S3 server, with its bucket made.
func S3(t testing.TB) storage.Store {
	t.Helper()
	return NewS3(t).Store
}

// Backends name the backends and make a fresh store of each.
var Backends = []struct {
	Name string
	New  func(testing.TB) storage.Store
}{{"file", File}, {"s3", S3}}

// Each runs fn on a fresh store of each backend.
func Each(t *testing.T, fn func(t *testing.T, s storage.Store)) {
	for _, b := range Backends {
		t.Run(b.Name, func(t *testing.T) { fn(t, b.New(t)) })
	}
}
