package models_test

import (
	"io"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestImageDownload(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		st, _ := byteStores(t, db)
		allowLoopback(t, st)
		owner, recipient := addActor(t, db, "owner"), addActor(t, db, "recipient")
		disk := qcow2Bytes(t, 1<<30, "download")
		src := serveBytes(t, disk)
		img := importFrom(t, st, owner, "golden", src.URL+"/d")

		_, _, err := st.Content.Download(t.Context(), owner, img.ID)
		wantError(t, err, "InvalidParameterValue.InvalidImageState", models.ErrInvalid)
		drainTransfers(t, st.Transfers)

		view, obj, err := st.Content.Download(t.Context(), owner, img.ID)
		if err != nil {
			t.Fatalf("owner download: %v", err)
		}
		got, _ := io.ReadAll(obj)
		obj.Close()
		if sha(got) != sha(disk) || view.ContentSHA256 != sha(disk) {
			t.Fatalf("downloaded %d bytes with sha %s; want the imported file", len(got), sha(got))
		}

		addShare(t, db, img.ID, recipient.AccountID, models.ShareActive)
		shared, err := st.Images.Get(t.Context(), recipient, img.ID)
		if err != nil || shared.Can.Download.OK() {
			t.Fatalf("recipient's Download verdict = %+v, %v; want a refusal", shared.Can.Download, err)
		}
		_, _, err = st.Content.Download(t.Context(), recipient, img.ID)
		wantError(t, err, "UnauthorizedOperation.ImageNotBelongToAccount", models.ErrInvalid)

		stranger := addActor(t, db, "stranger")
		_, _, err = st.Content.Download(t.Context(), stranger, img.ID)
		wantError(t, err, "InvalidImageId.NotFound", models.ErrNotFound)

		simulated := addImage(t, db, models.Image{OwnerAccountID: owned(owner.AccountID)})
		_, _, err = st.Content.Download(t.Context(), owner, simulated.ID)
		wantError(t, err, "UnsupportedOperation.ImageNoContent", models.ErrInvalid)
	})
}
