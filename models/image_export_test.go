package models_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/storage/storagetest"
)

// With an export target configured (S3 here, the images on local disk),
// ExportImages writes the owner's image into it, under the bucket's name,
// with the image's checksum, and nothing into the images' storage; a
// recipient of the shared image is still refused.
func TestExportToConfiguredTarget(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		blobs, target := storagetest.File(t), storagetest.NewS3(t).Store
		st := models.NewStores(db, models.StoreConfig{Blobs: blobs, Exports: target})
		owner, recipient := addActor(t, db, "owner"), addActor(t, db, "recipient")
		disk := append(qcow2Bytes(t, 1<<30, "exported"), make([]byte, 2<<20+777)...)
		img := importDisk(t, st, owner, "golden", disk)
		addShare(t, db, img.ID, recipient.AccountID, models.ShareActive)

		in := models.ImageExport{ImageIDs: []string{img.ID}, Bucket: "backups", Prefixes: []string{"nightly-"}}
		_, _, err := st.Content.Export(t.Context(), recipient, in)
		wantError(t, err, "UnauthorizedOperation.ImageNotBelongToAccount", models.ErrInvalid)

		// Names the storage could not hold are refused up front, not left
		// to fail in the queue.
		for _, prefix := range []string{"Nightly-", ".hidden-"} {
			bad := models.ImageExport{ImageIDs: in.ImageIDs, Bucket: in.Bucket, Prefixes: []string{prefix}}
			_, _, err := st.Content.Export(t.Context(), owner, bad)
			wantError(t, err, "InvalidParameterValue", models.ErrInvalid)
		}

		task, paths, err := st.Content.Export(t.Context(), owner, in)
		file := "nightly-" + img.ID + ".qcow2"
		if err != nil || task == 0 || len(paths) != 1 || paths[0] != target.String()+"/backups/"+file {
			t.Fatalf("Export = %d %v, %v; want a task and the path %s/backups/%s", task, paths, err, target, file)
		}
		drainTransfers(t, st.Transfers)
		obj, err := target.Open(t.Context(), "backups", file)
		if err != nil {
			t.Fatalf("the export is not in the target: %v", err)
		}
		h := sha256.New()
		_, err = io.Copy(h, obj)
		obj.Close()
		if got := hex.EncodeToString(h.Sum(nil)); err != nil || got != sha(disk) {
			t.Fatalf("exported file sha %s, %v; want %s", got, err, sha(disk))
		}
		if list := objects(t, target, "backups"); len(list) != 1 || strings.HasSuffix(list[0], ".part") {
			t.Errorf("target holds %v; want the one file, no incomplete upload", list)
		}
		if list := objects(t, blobs, models.ExportRegion); len(list) != 0 {
			t.Errorf("the images' storage holds exports %v; want none", list)
		}
		if b := blobRow(t, db, models.DefaultRegion, sha(disk)); b.Refs != 1 {
			t.Errorf("refs after the export = %d; want 1 (its hold released)", b.Refs)
		}
	})
}
