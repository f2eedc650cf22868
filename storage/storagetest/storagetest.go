// Package storagetest gives tests both storage backends: a directory, and
// an S3 server (gofakes3) started in the test process, reached path-style
// over loopback HTTP like MinIO or Ceph RGW.
package storagetest

import (
	"net/http/httptest"
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

// S3 is an S3 store on an in-process S3 server, with its bucket made.
func S3(t testing.TB) storage.Store {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(Bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	s, err := storage.NewS3Store(srv.URL, "us-east-1", Bucket, "test-key", "test-secret")
	if err != nil {
		t.Fatal(err)
	}
	return s
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
