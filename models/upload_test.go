package models_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
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
