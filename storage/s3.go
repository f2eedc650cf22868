package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// s3PartSize is the default size of the parts an object is uploaded in:
// one part is held in memory while it goes (streams have no size to give
// S3 up front), so this is the memory cost of a transfer in flight. With
// S3's limit of 10,000 parts it allows objects up to about 80 GB; raise it
// with part_size= in the URL for larger images.
const s3PartSize = 8 << 20

// s3MinPart is S3's smallest part but the last.
const s3MinPart = 5 << 20

// S3Store keeps objects in one bucket of S3-compatible storage (AWS S3,
// MinIO, Ceph RGW), under <region>/<key>, addressed path-style so it works
// with endpoints that have no per-bucket DNS names. Several replicas share
// it. An object larger than a part is a multipart upload whose id and
// completed parts each checkpoint returns, so an interrupted transfer
// resumes after its last stored part instead of starting over (an upload
// nobody resumes is aborted by Delete, or expires by the bucket's
// lifecycle rule).
type S3Store struct {
	client   *minio.Client
	core     minio.Core
	bucket   string
	where    string
	partSize int64
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
	s, err := NewS3Store(endpoint, q.Get("region"), u.Host, os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"))
	if err != nil || q.Get("part_size") == "" {
		return s, err
	}
	n, err := strconv.ParseInt(q.Get("part_size"), 10, 64)
	if err != nil || n < s3MinPart || n > 5<<30 {
		return nil, fmt.Errorf("storage: part_size=%q: use a number of bytes from 5 MiB to 5 GiB", q.Get("part_size"))
	}
	return s.WithPartSize(n), nil
}

// WithPartSize sets the size of the parts (S3 wants at least 5 MiB but for
// the last; tests use smaller ones, which in-process servers accept).
func (s *S3Store) WithPartSize(n int64) *S3Store {
	s.partSize = n
	return s
}

func (s *S3Store) partBytes() int64 { return s.partSize }

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
	return &S3Store{client: client, core: minio.Core{Client: client}, bucket: bucket, where: e.Host + "/" + bucket,
		partSize: s3PartSize}, nil
}

func (s *S3Store) String() string { return "s3://" + s.where }

func objectName(region, key string) (string, error) {
	if err := checkName(region, key); err != nil {
		return "", err
	}
	return region + "/" + key, nil
}

// Create writes an object a part at a time: an object smaller than a part
// is one PUT on Commit; a larger one, a multipart upload started with its
// first part. A Resume continues the upload its state names, once the
// parts listed there are still stored as they were.
func (s *S3Store) Create(ctx context.Context, region, key string, from Resume) (Writer, error) {
	name, err := objectName(region, key)
	if err != nil {
		return nil, err
	}
	w := &s3Writer{s: s, ctx: ctx, name: name}
	if from.Offset == 0 {
		// An earlier attempt's upload that cannot be resumed: drop it.
		return w, s.abortUploads(ctx, name)
	}
	if err := json.Unmarshal([]byte(from.State), &w.state); err != nil || w.state.Upload == "" {
		return nil, ErrNoResume
	}
	stored, err := s.listParts(ctx, name, w.state.Upload)
	if err != nil {
		return nil, err
	}
	var total int64
	for _, p := range w.state.Parts {
		if got, ok := stored[p.N]; !ok || got.Size != p.Size || strings.Trim(got.ETag, `"`) != strings.Trim(p.ETag, `"`) {
			return nil, ErrNoResume
		}
		total += p.Size
	}
	if total != from.Offset {
		return nil, ErrNoResume
	}
	return w, nil
}

// listParts lists the parts an upload holds, or ErrNoResume when the
// upload is gone (completed, aborted or expired).
func (s *S3Store) listParts(ctx context.Context, name, upload string) (map[int]minio.ObjectPart, error) {
	out := map[int]minio.ObjectPart{}
	marker := 0
	for {
		res, err := s.core.ListObjectParts(ctx, s.bucket, name, upload, marker, 1000)
		if noUpload(err) {
			return nil, ErrNoResume
		}
		if err != nil {
			return nil, fmt.Errorf("storage: %w", err)
		}
		for _, p := range res.ObjectParts {
			out[p.PartNumber] = p
		}
		if !res.IsTruncated || res.NextPartNumberMarker <= marker {
			return out, nil
		}
		marker = res.NextPartNumberMarker
	}
}

// s3State is what a checkpoint of an S3 writer returns: its multipart
// upload and the parts stored in it, in order.
type s3State struct {
	Upload string   `json:"upload"`
	Parts  []s3Part `json:"parts"`
}

type s3Part struct {
	N    int    `json:"n"`
	ETag string `json:"etag"`
	Size int64  `json:"size"`
}

type s3Writer struct {
	s     *S3Store
	ctx   context.Context
	name  string
	state s3State
	buf   []byte
}

// s3MaxParts is S3's limit of parts per upload.
const s3MaxParts = 10000

// Write buffers bytes and sends a part each time a part's worth is there.
func (w *s3Writer) Write(b []byte) (int, error) {
	w.buf = append(w.buf, b...)
	if int64(len(w.buf)) >= w.s.partSize {
		if err := w.flush(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// flush sends the buffer as the next part, starting the upload first if
// need be.
func (w *s3Writer) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	if len(w.state.Parts) >= s3MaxParts {
		return fmt.Errorf("storage: more than %d parts: raise part_size", s3MaxParts)
	}
	if w.state.Upload == "" {
		id, err := w.s.core.NewMultipartUpload(w.ctx, w.s.bucket, w.name, minio.PutObjectOptions{ContentType: "application/octet-stream"})
		if err != nil {
			return fmt.Errorf("storage: %w", err)
		}
		w.state.Upload = id
	}
	n := len(w.state.Parts) + 1
	// Unsigned payloads: the bytes are verified by their SHA-256 anyway.
	p, err := w.s.core.PutObjectPart(w.ctx, w.s.bucket, w.name, w.state.Upload, n, bytes.NewReader(w.buf), int64(len(w.buf)),
		minio.PutObjectPartOptions{DisableContentSha256: true})
	if err != nil {
		return fmt.Errorf("storage: part %d: %w", n, err)
	}
	w.state.Parts = append(w.state.Parts, s3Part{N: n, ETag: p.ETag, Size: int64(len(w.buf))})
	w.buf = w.buf[:0]
	return nil
}

// Checkpoint sends what is buffered as a part when S3 accepts a part that
// small, and returns the upload and its parts. A shorter tail stays in
// memory, not durable: resuming at this offset is then refused.
func (w *s3Writer) Checkpoint() (string, error) {
	if int64(len(w.buf)) >= min(s3MinPart, w.s.partSize) {
		if err := w.flush(); err != nil {
			return "", err
		}
	}
	if w.state.Upload == "" {
		return "", nil
	}
	b, err := json.Marshal(w.state)
	return string(b), err
}

// Commit completes the upload with the last part, or PUTs a small object
// whole.
func (w *s3Writer) Commit() error {
	if w.state.Upload == "" {
		_, err := w.s.core.PutObject(w.ctx, w.s.bucket, w.name, bytes.NewReader(w.buf), int64(len(w.buf)), "", "",
			minio.PutObjectOptions{ContentType: "application/octet-stream", DisableContentSha256: true})
		if err != nil {
			return fmt.Errorf("storage: %w", err)
		}
		return nil
	}
	if err := w.flush(); err != nil {
		return err
	}
	parts := make([]minio.CompletePart, len(w.state.Parts))
	for i, p := range w.state.Parts {
		parts[i] = minio.CompletePart{PartNumber: p.N, ETag: p.ETag}
	}
	if _, err := w.s.core.CompleteMultipartUpload(w.ctx, w.s.bucket, w.name, w.state.Upload, parts, minio.PutObjectOptions{}); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	return nil
}

// Abort drops the buffer and keeps the upload, which the next attempt
// resumes or Delete aborts.
func (w *s3Writer) Abort() error {
	w.buf = nil
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
	return s.abortUploads(ctx, name)
}

// abortUploads aborts the incomplete multipart uploads of an object.
func (s *S3Store) abortUploads(ctx context.Context, name string) error {
	err := s.client.RemoveIncompleteUpload(ctx, s.bucket, name)
	if err != nil && !noUpload(err) {
		return fmt.Errorf("storage: %w", err)
	}
	return nil
}

// noUpload: the upload is gone (aborted meanwhile), or there is none (some
// servers, gofakes3 among them, answer so for a bucket without uploads).
func noUpload(err error) bool { return minio.ToErrorResponse(err).Code == "NoSuchUpload" }

// List names the objects of a region, and its incomplete uploads with the
// suffix ".part".
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
	for u := range s.client.ListIncompleteUploads(ctx, s.bucket, region+"/", true) {
		if noUpload(u.Err) {
			break
		}
		if u.Err != nil {
			return nil, fmt.Errorf("storage: %w", u.Err)
		}
		out = append(out, strings.TrimPrefix(u.Key, region+"/")+partSuffix)
	}
	return out, nil
}
