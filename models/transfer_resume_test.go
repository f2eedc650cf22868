package models_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/storage/storagetest"
)

// A copy into S3 killed mid-way resumes in the multipart upload its last
// checkpoint recorded: the parts stored before the kill are not sent again,
// the copy ends with the source's SHA-256, and no incomplete upload is left.
func TestCopyToS3ResumesItsParts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		server := storagetest.NewS3(t)
		st, blobs := byteStoresOn(db, server.Store)
		actor := addActor(t, db, "owner")
		disk := append(qcow2Bytes(t, 1<<30, "multipart"), make([]byte, 5<<20+12345)...)
		img := importDisk(t, st, actor, "golden", disk)
		copyTo := func(region string) models.Image {
			t.Helper()
			copies, err := st.Images.Copy(t.Context(), actor, img.ID, models.ImageCopy{Regions: []string{region}})
			if err != nil {
				t.Fatal(err)
			}
			return copies[0]
		}
		// What a copy sends when nothing interrupts it.
		before := server.Parts()
		copyTo("ap-beijing")
		drainTransfers(t, st.Transfers)
		fresh := server.Parts() - before

		cp := copyTo("ap-shanghai")
		ctx, kill := context.WithCancel(t.Context())
		checkpoints := 0
		models.SetTransferTuning(st.Transfers, 1<<20, 0, func(models.Transfer) {
			if checkpoints++; checkpoints == 2 {
				kill()
			}
		})
		before = server.Parts()
		if _, err := st.Transfers.Step(ctx); err != nil {
			t.Fatal(err)
		}
		var tr models.Transfer
		if err := db.Where("image_id = ?", cp.ID).Take(&tr).Error; err != nil {
			t.Fatal(err)
		}
		var state struct {
			Upload string
			Parts  []json.RawMessage
		}
		if err := json.Unmarshal([]byte(tr.ResumeState), &state); err != nil || state.Upload == "" || len(state.Parts) != 2 {
			t.Fatalf("after the kill the transfer records %q (%v); want its upload with 2 parts", tr.ResumeState, err)
		}
		if list := objects(t, blobs, "ap-shanghai"); !slices.Contains(list, tr.ObjectKey+".part") {
			t.Fatalf("objects after the kill = %v; want the incomplete upload", list)
		}

		models.SetTransferTuning(st.Transfers, 1<<20, 0, nil)
		drainTransfers(t, st.Transfers)
		sent := server.Parts() - before
		got := readImage(t, db, cp.ID)
		if got.State != models.ImageNormal || got.ContentSHA256 != sha(disk) {
			t.Fatalf("copy = %s sha %s; want NORMAL with %s", got.State, got.ContentSHA256, sha(disk))
		}
		if sent > fresh {
			t.Errorf("parts sent with the kill = %d; want no more than an uninterrupted copy's %d (none sent twice)", sent, fresh)
		}
		if list := objects(t, blobs, "ap-shanghai"); len(list) != 1 || list[0] == tr.ObjectKey+".part" {
			t.Errorf("objects = %v; want the copy and no incomplete upload", list)
		}
	})
}
