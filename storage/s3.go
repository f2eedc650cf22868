package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// s3PartSize bounds the memory of an upload: minio-go buffers one part at
// a time when the size is unknown (streams are), so this is the cost of an
// import or copy in flight.
const s3PartSize = 8 << 20

// S3Store keeps objects in one bucket of S3-compatible storage (AWS S3,
// MinIO, Ceph RGW), under <region>/<key>, addressed path-style so it works
// with endpoints that have no per-bucket DNS names. Several replicas share
// it. It cannot resume a partial upload: an interrupted transfer starts
// over (the multipart upload it left is aborted by the client or expires by
// the bucket's lifecycle rule).
type S3Store struct {
	client *minio.Client
	bucket string
	where  string
}

// openS3 reads s3://bucket?endpoint=http://host:port&region=R; the keys come
// from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (never the URL, which
// ends up in process listings and logs).
func openS3(_ context.Context, u *url.URL) (Store, error) {
	q := u.Query()
	endpoint := q.Get("endpoint")
	if u.Host == "" || endpoint == "" {
		return nil, errors.New("storage: use s3://BUCKET?endpoint=http(s)://HOST:PORT&region=REGION")
	}
	return NewS3Store(endpoint, q.Get("region"), u.Host, os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"))
}

// NewS3Store connects to a bucket at endpoint (http:// or https://).
func NewS3Store(endpoint, region, bucket, accessKey, secretKey string) (*S3Store, error) {
	e, err := url.Parse(endpoint)
	if err != nil || e.Host == "" || (e.Scheme != "http" && e.Scheme != "https") {
		return nil, fmt.Errorf("storage: bad S3 endpoint %q", endpoint)
	}
	client, err := minio.New(e.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(accessKey, secretKey, ""),
		Secure:       e.Scheme == "https",
		Region:       region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	return &S3Store{client: client, bucket: bucket, where: e.Host + "/" + bucket}, nil
}

func (s *S3Store) String() string { return "s3://" + s.where }

func objectName(region, key string) (string, error) {
	if err := checkName(region, key); err != nil {
		return "", err
	}
	return region + "/" + key, nil
}

// Create streams into a multipart upload that completes on Commit.
func (s *S3Store) Create(ctx context.Context, region, key string, offset int64) (Writer, error) {
	name, err := objectName(region, key)
	if err != nil {
		return nil, err
	}
	if offset > 0 {
		return nil, ErrNoResume
	}
	ctx, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	w := &s3Writer{pw: pw, cancel: cancel, done: make(chan error, 1)}
	go func() {
		// Unsigned payloads: the streaming (aws-chunked) signature minio-go
		// uses over plain HTTP is not understood by every S3-compatible
		// store, and the bytes are verified by their SHA-256 anyway.
		_, err := s.client.PutObject(ctx, s.bucket, name, pr, -1, minio.PutObjectOptions{
			PartSize: s3PartSize, ContentType: "application/octet-stream", DisableContentSha256: true})
		_ = pr.CloseWithError(err)
		w.done <- err
	}()
	return w, nil
}

type s3Writer struct {
	pw     *io.PipeWriter
	cancel context.CancelFunc
	done   chan error
}

var errAborted = errors.New("storage: upload aborted")

func (w *s3Writer) Write(b []byte) (int, error) { return w.pw.Write(b) }
func (w *s3Writer) Checkpoint() error           { return nil }

func (w *s3Writer) Commit() error {
	_ = w.pw.Close()
	err := <-w.done
	w.cancel()
	if err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	return nil
}

// Abort cancels the upload: minio-go aborts the multipart upload, so no
// part is left behind.
func (w *s3Writer) Abort() error {
	w.cancel()
	_ = w.pw.CloseWithError(errAborted)
	<-w.done
	return nil
}

// Open reads an object; minio's object seeks and reads at offsets with
// ranged GETs.
func (s *S3Store) Open(ctx context.Context, region, key string) (Object, error) {
	name, err := objectName(region, key)
	if err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	st, err := obj.Stat()
	if err != nil {
		_ = obj.Close()
		if minio.ToErrorResponse(err).Code == "NoSuchKey" {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("storage: %w", err)
	}
	return s3Object{Object: obj, size: st.Size}, nil
}

type s3Object struct {
	*minio.Object
	size int64
}

func (o s3Object) Size() int64 { return o.size }

// Delete removes an object; S3 deletes of missing keys succeed.
func (s *S3Store) Delete(ctx context.Context, region, key string) error {
	name, err := objectName(region, key)
	if err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	return nil
}

// List names the committed objects of a region.
func (s *S3Store) List(ctx context.Context, region string) ([]string, error) {
	if err := checkName(region, "x"); err != nil {
		return nil, err
	}
	var out []string
	for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: region + "/", Recursive: true}) {
		if o.Err != nil {
			return nil, fmt.Errorf("storage: %w", o.Err)
		}
		out = append(out, strings.TrimPrefix(o.Key, region+"/"))
	}
	return out, nil
}
