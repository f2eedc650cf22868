package models_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/storage/storagetest"
)

// An upload interrupted mid-way resumes at the offset the server recorded,
// even in a new process, and becomes a verified image.
func TestUploadResumes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		st, _ := byteStores(t, db)
		actor := addActor(t, db, "uploader")
		disk := qcow2Bytes(t, 1<<30, "uploaded")
		dir := t.TempDir()
		uploads := models.NewUploadStore(db, st.Images, dir)
		in := models.ImageImport{Region: models.DefaultRegion, Name: "up", Platform: "Debian", Architecture: "x86_64"}
		u, err := uploads.Start(t.Context(), actor, in, int64(len(disk)))
		if err != nil {
			t.Fatal(err)
		}
		half := int64(len(disk) / 2)
		if u, err = uploads.Append(t.Context(), actor, u.ID, 0, bytes.NewReader(disk[:half])); err != nil || u.Received != half {
			t.Fatalf("first chunk: %+v, %v", u, err)
		}
		// The connection dropped; the client does not know what arrived and
		// resends from 0: refused with where to resume.
		_, err = uploads.Append(t.Context(), actor, u.ID, 0, bytes.NewReader(disk))
		wantError(t, err, "UploadOffsetMismatch", models.ErrConflict)

		restarted := models.NewUploadStore(db, st.Images, dir)
		got, err := restarted.Get(t.Context(), actor, u.ID)
		if err != nil || got.Received != half {
			t.Fatalf("after a restart: %+v, %v; want %d bytes received", got, err, half)
		}
		done, err := restarted.Append(t.Context(), actor, u.ID, half, bytes.NewReader(disk[half:]))
		if err != nil || done.ImageID == "" {
			t.Fatalf("last chunk: %+v, %v; want an image", done, err)
		}
		drainTransfers(t, st.Transfers)
		img := readImage(t, db, done.ImageID)
		if img.State != models.ImageNormal || img.ContentSHA256 != sha(disk) || img.DiskFormat != "qcow2" {
			t.Fatalf("image = %s %s %s; want NORMAL qcow2 with the file's sha", img.State, img.DiskFormat, img.ContentSHA256)
		}
		if _, err := os.Stat(restarted.UploadSpool(u.ID)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("spool still there: %v", err)
		}
		other := addActor(t, db, "other")
		_, err = restarted.Append(t.Context(), other, u.ID, 0, bytes.NewReader(disk))
		wantError(t, err, "ResourceNotFound", models.ErrNotFound)
	})
}

// The housekeeping job drops an upload that has had no chunk for
// UploadAbandonAfter, with its spool, and spool files as old that nothing
// needs; it keeps uploads still in progress and spools an import reads.
func TestUploadAbandonedSpoolsPruned(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		dir := t.TempDir()
		st := models.NewStores(db, models.StoreConfig{Blobs: storagetest.File(t), UploadDir: dir})
		actor := addActor(t, db, "uploader")
		disk := qcow2Bytes(t, 1<<30, "abandoned")
		half := int64(len(disk) / 2)
		long := time.Now().Add(-models.UploadAbandonAfter - time.Hour)
		start := func(name string, upTo int64) models.Upload {
			in := models.ImageImport{Region: models.DefaultRegion, Name: name, Platform: "Debian", Architecture: "x86_64"}
			u, err := st.Uploads.Start(t.Context(), actor, in, int64(len(disk)))
			if err == nil {
				u, err = st.Uploads.Append(t.Context(), actor, u.ID, 0, bytes.NewReader(disk[:upTo]))
			}
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		age := func(path string) {
			if err := os.Chtimes(path, long, long); err != nil {
				t.Fatal(err)
			}
		}
		abandoned, active, importing := start("abandoned", half), start("active", half), start("importing", int64(len(disk)))
		if err := db.Model(&models.Upload{}).Where("id = ?", abandoned.ID).Update("updated_at", long).Error; err != nil {
			t.Fatal(err)
		}
		age(st.Uploads.UploadSpool(abandoned.ID))
		age(st.Uploads.UploadSpool(importing.ID)) // its transfer has not run yet
		orphan, fresh := filepath.Join(dir, "upl-orphan"), filepath.Join(dir, "upl-fresh")
		for _, p := range []string{orphan, fresh} {
			if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		age(orphan)

		if err := models.Housekeep(t.Context(), st.Jobs); err != nil {
			t.Fatal(err)
		}
		_, err := st.Uploads.Get(t.Context(), actor, abandoned.ID)
		wantError(t, err, "ResourceNotFound", models.ErrNotFound)
		for path, want := range map[string]bool{st.Uploads.UploadSpool(abandoned.ID): false, orphan: false,
			st.Uploads.UploadSpool(active.ID): true, st.Uploads.UploadSpool(importing.ID): true, fresh: true} {
			if _, err := os.Stat(path); (err == nil) != want {
				t.Errorf("%s: kept = %v; want %v", filepath.Base(path), err == nil, want)
			}
		}
		if u, err := st.Uploads.Get(t.Context(), actor, active.ID); err != nil || u.Received != half {
			t.Errorf("active upload = %+v, %v; want kept at %d bytes", u, err, half)
		}
	})
}
