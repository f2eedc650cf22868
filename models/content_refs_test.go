package models_test

import (
	"testing"

	"imageshare/models"
	"imageshare/storage"
)

// Refcounts follow every image and instance disk that refers to content:
// an image from an instance and a second import of the same bytes store
// nothing twice; a copy stores the bytes once in the target region; the
// bytes go only when nothing refers to them.
func TestContentRefcounts(t *testing.T) {
	eachBackend(t, func(t *testing.T, db *models.DB, blobs storage.Store) {
		regionsOnly(t, db)
		st, _ := byteStoresOn(db, blobs)
		allowLoopback(t, st)
		actor := addActor(t, db, "owner")
		disk := qcow2Bytes(t, 1<<30, "golden")
		src := serveBytes(t, disk)
		region, sum := models.DefaultRegion, sha(disk)
		refs := func(step string, region string, want int) {
			t.Helper()
			if got := blobRow(t, db, region, sum).Refs; got != want {
				t.Fatalf("%s: refs in %s = %d; want %d", step, region, got, want)
			}
		}

		golden := importFrom(t, st, actor, "golden", src.URL+"/a")
		drainTransfers(t, st.Transfers)
		refs("import", region, 1)

		ins := launch(t, st.Instances, actor, region, golden.ID, 1)[0]
		refs("launch", region, 2)
		drain(t, st.Jobs)
		made, err := st.Images.CreateFromInstance(t.Context(), actor, models.NewImage{InstanceID: ins.ID, Name: "snap"})
		if err != nil {
			t.Fatal(err)
		}
		refs("create image from instance", region, 3)
		if made.ContentSHA256 != sum || made.DiskFormat != "qcow2" {
			t.Errorf("image from instance holds %q %q; want the instance's content", made.ContentSHA256, made.DiskFormat)
		}

		again := importFrom(t, st, actor, "again", src.URL+"/b")
		drainTransfers(t, st.Transfers)
		refs("second import of the same bytes", region, 4)
		if list := objects(t, blobs, region); len(list) != 1 {
			t.Fatalf("objects after a duplicate import = %v; want one", list)
		}

		const target = "ap-shanghai"
		copies, err := st.Images.Copy(t.Context(), actor, golden.ID, models.ImageCopy{Regions: []string{target}})
		if err != nil {
			t.Fatal(err)
		}
		refs("copy running (holds its source)", region, 5)
		drainTransfers(t, st.Transfers)
		refs("copy done", region, 4)
		refs("copy done", target, 1)
		cp := readImage(t, db, copies[0].ID)
		if cp.State != models.ImageNormal || cp.ContentSHA256 != sum || len(objects(t, blobs, target)) != 1 {
			t.Fatalf("copy = %s %s, objects %v; want NORMAL with the source's checksum, stored in %s",
				cp.State, cp.ContentSHA256, objects(t, blobs, target), target)
		}

		drain(t, st.Jobs)
		for _, id := range []string{again.ID, made.ID, golden.ID} {
			if err := st.Images.Delete(t.Context(), actor, id); err != nil {
				t.Fatalf("delete %s: %v", id, err)
			}
		}
		refs("images in the recycle bin still hold their bytes (R23)", region, 4)
		for _, id := range []string{again.ID, made.ID, golden.ID} {
			if err := st.Bin.DeletePermanently(t.Context(), actor, id); err != nil {
				t.Fatalf("delete %s permanently: %v", id, err)
			}
		}
		refs("images purged, the instance still runs", region, 1)
		if err := st.Transfers.Sweep(t.Context()); err != nil {
			t.Fatal(err)
		}
		if len(objects(t, blobs, region)) != 1 {
			t.Fatal("bytes freed while an instance still refers to them")
		}
		if err := st.Instances.Terminate(t.Context(), actor, ins.ID); err != nil {
			t.Fatal(err)
		}
		refs("instance terminated", region, 0)
		if err := st.Transfers.Sweep(t.Context()); err != nil {
			t.Fatal(err)
		}
		if list := objects(t, blobs, region); len(list) != 0 || blobRow(t, db, region, sum).SHA256 != "" {
			t.Fatalf("objects after the last reference went = %v; want none, and no blob row", list)
		}
		refs("the copy keeps its own", target, 1)
	})
}
