package models_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/storage"
)

func TestImportFromURL(t *testing.T) {
	eachBackend(t, func(t *testing.T, db *models.DB, blobs storage.Store) {
		regionsOnly(t, db)
		st, _ := byteStoresOn(db, blobs)
		allowLoopback(t, st)
		actor := addActor(t, db, "importer")
		disk := qcow2Bytes(t, 2<<30, "hello")
		src := serveBytes(t, disk)

		img := importFrom(t, st, actor, "imported", src.URL+"/disk.qcow2")
		if img.State != models.ImageImporting {
			t.Fatalf("state = %s; want IMPORTING", img.State)
		}
		drainTransfers(t, st.Transfers)
		got := readImage(t, db, img.ID)
		if got.State != models.ImageNormal || got.DiskFormat != "qcow2" || got.VirtualBytes != 2<<30 ||
			got.ContentSHA256 != sha(disk) || got.ContentBytes != int64(len(disk)) || got.SizeGB != 2 {
			t.Fatalf("image = %s %s %d bytes virtual %d GB, sha %s; want NORMAL qcow2 of 2 GiB with sha %s",
				got.State, got.DiskFormat, got.VirtualBytes, got.SizeGB, got.ContentSHA256, sha(disk))
		}
		if b := blobRow(t, db, models.DefaultRegion, sha(disk)); b.Refs != 1 {
			t.Errorf("blob refs = %d; want 1", b.Refs)
		}
		if list := objects(t, blobs, models.DefaultRegion); len(list) != 1 {
			t.Errorf("objects = %v; want exactly the image's", list)
		}
	})
}

// Every refused source ends the import IMPORTFAILED with the reason, and the
// SSRF cases are refused before any connection: the only server that could
// answer counts no request.
func TestImportRefusals(t *testing.T) {
	gz := make([]byte, 4096)
	gz[0], gz[1] = 0x1f, 0x8b
	tests := []struct {
		name       string
		allow      bool // the admin allows 127.0.0.1
		maxBytes   int64
		body       []byte
		path       func(src *source) string
		reason     string
		detail     string
		noRequests bool
	}{
		{name: "SSRF loopback refused unless allowed", path: func(s *source) string { return s.URL + "/d" },
			reason: "import.failed_refused", detail: "127.0.0.1", noRequests: true},
		{name: "SSRF private address refused", path: func(*source) string { return "http://10.1.2.3/d" },
			reason: "import.failed_refused", detail: "10.1.2.3", noRequests: true},
		{name: "SSRF metadata address refused", path: func(*source) string { return "http://169.254.169.254/latest/meta-data" },
			reason: "import.failed_refused", detail: "169.254.169.254", noRequests: true},
		{name: "SSRF a name resolving to loopback refused",
			path:   func(s *source) string { return strings.Replace(s.URL, "127.0.0.1", "localhost", 1) + "/d" },
			reason: "import.failed_refused", noRequests: true},
		{name: "SSRF a redirect to a loopback address not allowed is refused", allow: true,
			path: func(s *source) string {
				return s.URL + "/redirect?to=" + strings.Replace(s.URL, "127.0.0.1", "127.0.0.2", 1) + "/d"
			},
			reason: "import.failed_refused", detail: "127.0.0.2"},
		{name: "not a disk image refused by its headers", allow: true, body: gz,
			path: func(s *source) string { return s.URL + "/d.gz" }, reason: "import.failed_format", detail: "gzip"},
		{name: "larger than the admin's limit refused", allow: true, maxBytes: 1 << 20, body: make([]byte, 2<<20),
			path: func(s *source) string { return s.URL + "/big" }, reason: "import.failed_too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := testdb.SQLite(t)
			regionsOnly(t, db)
			st, blobs := byteStores(t, db)
			allow := ""
			if tt.allow {
				allow = "127.0.0.1"
			}
			maxBytes := models.DefaultImportMaxBytes
			if tt.maxBytes > 0 {
				maxBytes = tt.maxBytes
			}
			if err := st.Admin.SetImportSettings(t.Context(), models.Actor{Admin: true}, maxBytes, allow); err != nil {
				t.Fatal(err)
			}
			body := tt.body
			if body == nil {
				body = qcow2Bytes(t, 1<<30, "x")
			}
			src := serveBytes(t, body)
			img := importFrom(t, st, addActor(t, db, "a"), "imp", tt.path(src))
			drainTransfers(t, st.Transfers)
			got := readImage(t, db, img.ID)
			if got.State != models.ImageImportFailed || got.FailureReason != tt.reason || !strings.Contains(got.FailureDetail, tt.detail) {
				t.Fatalf("image = %s %q %q; want IMPORTFAILED %q mentioning %q", got.State, got.FailureReason, got.FailureDetail, tt.reason, tt.detail)
			}
			if tt.noRequests && len(src.Requests()) > 0 {
				t.Errorf("the server was reached: %v", src.Requests())
			}
			if list := objects(t, blobs, models.DefaultRegion); len(list) != 0 {
				t.Errorf("objects left behind: %v", list)
			}
		})
	}
}

func TestImportValidation(t *testing.T) {
	db := testdb.SQLite(t)
	regionsOnly(t, db)
	st, _ := byteStores(t, db)
	actor := addActor(t, db, "a")
	before := snapshot(t, db)
	for _, url := range []string{"ftp://example.com/d.img", "file:///etc/passwd", "http://user:pw@example.com/d", "not a url"} {
		_, err := st.Images.Import(t.Context(), actor, models.ImageImport{Region: models.DefaultRegion, Name: "x",
			Platform: "Ubuntu", Architecture: "x86_64", URL: url})
		if e := wantError(t, err, "InvalidParameterValue", models.ErrInvalid); e.Fields[0].Field != "url" {
			t.Errorf("%s: fields = %v; want url", url, e.Fields)
		}
	}
	unchanged(t, db, before)
}

// A worker killed mid-transfer leaves its checkpoint; the next one resumes
// there (the source is asked for the rest only) and the result has the
// right checksum, with no partial object left.
func TestImportResumesAfterCrash(t *testing.T) {
	eachBackend(t, func(t *testing.T, db *models.DB, blobs storage.Store) {
		regionsOnly(t, db)
		st, _ := byteStoresOn(db, blobs)
		allowLoopback(t, st)
		disk := append(qcow2Bytes(t, 1<<30, "resume"), make([]byte, 3<<20)...)
		src := serveBytes(t, disk)
		img := importFrom(t, st, addActor(t, db, "a"), "resumed", src.URL+"/disk")

		ctx, crash := context.WithCancel(t.Context())
		var checkpoint int64
		models.SetTransferTuning(st.Transfers, 1<<20, 0, func(tr models.Transfer) { checkpoint = tr.DoneBytes; crash() })
		if _, err := st.Transfers.Step(ctx); err != nil {
			t.Fatal(err)
		}
		if got := readImage(t, db, img.ID); got.State != models.ImageImporting || got.TransferDone < 1<<20 {
			t.Fatalf("after the crash: %s with %d bytes; want IMPORTING with the checkpoint's bytes", got.State, got.TransferDone)
		}
		models.SetTransferTuning(st.Transfers, 1<<20, 0, nil)
		drainTransfers(t, st.Transfers)
		got := readImage(t, db, img.ID)
		if got.State != models.ImageNormal || got.ContentSHA256 != sha(disk) {
			t.Fatalf("image = %s sha %s; want NORMAL with %s", got.State, got.ContentSHA256, sha(disk))
		}
		// Both backends resume from the checkpoint (S3 in its multipart upload).
		reqs, resume := src.Requests(), fmt.Sprintf("bytes=%d-", checkpoint)
		if len(reqs) != 2 || !strings.HasSuffix(reqs[1], resume) {
			t.Errorf("requests = %q; want the second to end in %q", reqs, resume)
		}
		if list := objects(t, blobs, models.DefaultRegion); len(list) != 1 || strings.HasSuffix(list[0], ".part") {
			t.Errorf("objects = %v; want the one committed object", list)
		}
	})
}

// The byte quota of a URL import is checked again once its size is known:
// from Content-Length before any byte moves, and while the bytes stream
// when the source does not say. Past it the import fails with the quota's
// reason and keeps no byte.
func TestImportByteQuotaOnceSizeKnown(t *testing.T) {
	eachBackend(t, func(t *testing.T, db *models.DB, blobs storage.Store) {
		regionsOnly(t, db)
		st, _ := byteStoresOn(db, blobs)
		allowLoopback(t, st)
		actor := addActor(t, db, "quota")
		const quota = 1 << 20
		if err := st.Admin.SetByteQuota(t.Context(), models.Actor{Admin: true}, actor.AccountID, quota); err != nil {
			t.Fatal(err)
		}
		disk := append(qcow2Bytes(t, 1<<30, "big"), make([]byte, 2<<20)...)
		sized := serveBytes(t, disk)
		unsized := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for off := 0; off < len(disk); off += 64 << 10 { // chunked: no Content-Length
				if _, err := w.Write(disk[off:min(off+64<<10, len(disk))]); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		}))
		t.Cleanup(unsized.Close)
		models.SetTransferTuning(st.Transfers, 256<<10, 0, nil)
		for name, url := range map[string]string{"sized": sized.URL + "/disk", "unsized": unsized.URL + "/disk"} {
			img := importFrom(t, st, actor, name, url)
			drainTransfers(t, st.Transfers)
			got := readImage(t, db, img.ID)
			if got.State != models.ImageImportFailed || got.FailureReason != "import.failed_quota" || got.FailureDetail != fmt.Sprint(quota) {
				t.Errorf("%s: image = %s %q %q; want IMPORTFAILED for the quota of %d", url, got.State, got.FailureReason, got.FailureDetail, quota)
			}
			if list := objects(t, blobs, models.DefaultRegion); len(list) != 0 {
				t.Errorf("%s: objects = %v; want none left behind", url, list)
			}
		}
		if reqs := sized.Requests(); len(reqs) != 1 {
			t.Errorf("requests = %q; want the one that learned the size", reqs)
		}
	})
}
