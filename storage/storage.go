// Package storage keeps the bytes of disk images, one namespace per region,
// behind one small interface with a local-directory backend (file://) and an
// S3-compatible one. It knows nothing of images or accounts: the models
// package decides which objects exist (content-addressed by SHA-256, with
// reference counts kept in the database) and this package only moves bytes,
// always as streams.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
)

// Store holds objects per region.
type Store interface {
	// Create starts writing an object. The zero Resume starts afresh; a
	// later one (an offset and the state a Checkpoint returned there)
	// continues the partial object an interrupted writer left, or fails
	// with ErrNoResume when the backend cannot (the caller then starts
	// again from zero). The object exists only once the writer commits.
	Create(ctx context.Context, region, key string, from Resume) (Writer, error)
	// Open reads a committed object.
	Open(ctx context.Context, region, key string) (Object, error)
	// Delete removes an object and any partial one of the same key; a
	// missing object is not an error.
	Delete(ctx context.Context, region, key string) error
	// List names the objects of a region, for audits of orphans; partial
	// objects (a partial file, an incomplete multipart upload) are listed
	// with the suffix ".part".
	List(ctx context.Context, region string) ([]string, error)
	// String describes the backend for logs, with no secrets.
	String() string
}

// Resume is where an interrupted writer stood: Offset bytes durable, and
// State, what its Checkpoint returned there (opaque to callers: nothing for
// files; the multipart upload and its parts for S3).
type Resume struct {
	Offset int64
	State  string
}

// Writer is an object being written.
type Writer interface {
	io.Writer
	// Checkpoint makes every byte written so far durable and returns the
	// state Create needs to resume there. A backend storing in parts sends
	// a part each time one is full and keeps the tail in memory: checkpoint
	// it every CheckpointBytes, as each part goes, or resuming at an
	// offset whose tail was too small to send is refused.
	Checkpoint() (string, error)
	Commit() error
	// Abort drops what was written; the partial object is kept when the
	// backend can resume it, so Delete it to give up for good.
	Abort() error
}

// CheckpointBytes is how many bytes a writer of s should pass between
// checkpoints: 0 (any) for files, the part size for S3.
func CheckpointBytes(s Store) int64 {
	if p, ok := s.(interface{ partBytes() int64 }); ok {
		return p.partBytes()
	}
	return 0
}

// Object is a committed object, readable at any offset (HTTP Range, format
// headers) without holding it in memory.
type Object interface {
	io.ReadSeekCloser
	io.ReaderAt
	Size() int64
}

// Errors a caller can act on.
var (
	ErrNotFound = errors.New("storage: object not found")
	ErrNoResume = errors.New("storage: cannot resume this partial object")
)

// nameRule keeps regions and keys to names that are safe as path elements
// and object keys alike.
var nameRule = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}(/[a-z0-9][a-z0-9._-]{0,127}){0,3}$`)

// CheckName says whether a region (or export bucket) and key make a valid
// object name, for callers that build names from user input.
func CheckName(region, key string) error { return checkName(region, key) }

func checkName(region, key string) error {
	if !nameRule.MatchString(region) || strings.Contains(region, "/") || !nameRule.MatchString(key) ||
		strings.Contains(key, "..") {
		return fmt.Errorf("storage: bad object name %q/%q", region, key)
	}
	return nil
}

// Open picks a backend from a URL: file:///abs/dir or file://./rel/dir (or a
// plain path) for a local directory, s3://bucket?endpoint=...&region=... for
// S3-compatible object storage.
func Open(ctx context.Context, raw string) (Store, error) {
	if raw == "" {
		raw = "file://./data/images"
	}
	if !strings.Contains(raw, "://") {
		return NewFileStore(raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	switch u.Scheme {
	case "file":
		return NewFileStore(u.Host + u.Path)
	case "s3":
		return openS3(ctx, u)
	}
	return nil, fmt.Errorf("storage: unknown scheme %q (use file:// or s3://)", u.Scheme)
}
