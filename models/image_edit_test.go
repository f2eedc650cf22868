package models_test

import (
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// ownership is one owner's images as three other parties see them: the owner,
// a recipient of some of its shares, and a stranger with none.
type ownership struct {
	owner, recipient, stranger models.Actor
	shared                     models.Image // active share with recipient
	pending                    models.Image // pending share with recipient
	cancelled                  models.Image // cancelled share with recipient
	revoked                    models.Image // revoked share with recipient
	private                    models.Image // no share at all
	public                     models.Image
}

func newOwnership(t *testing.T, db *models.DB) ownership {
	t.Helper()
	o := ownership{owner: addActor(t, db, "Owner"), recipient: addActor(t, db, "Recipient"), stranger: addActor(t, db, "Stranger")}
	img := func(name, status string) models.Image {
		i := addImage(t, db, models.Image{OwnerAccountID: owned(o.owner.AccountID), RegionID: gz, Name: name,
			Description: name + " words"})
		if status != "" {
			addShare(t, db, i.ID, o.recipient.AccountID, status)
		}
		return i
	}
	o.shared = img("shared", models.ShareActive)
	o.pending = img("pending", models.SharePending)
	o.cancelled = img("cancelled", models.ShareCancelled)
	o.revoked = img("revoked", models.ShareRevoked)
	o.private = img("private", "")
	o.public = addImage(t, db, models.Image{RegionID: gz, Name: "public-" + o.owner.AccountID, Source: models.SourceOfficial})
	return o
}

// imageCall is one store call on an image, as some actor.
type imageCall func(t *testing.T, s *models.ImageStore, actor models.Actor, id string) error

var (
	callGet imageCall = func(t *testing.T, s *models.ImageStore, a models.Actor, id string) error {
		_, err := s.Get(t.Context(), a, id)
		return err
	}
	callUpdate imageCall = func(t *testing.T, s *models.ImageStore, a models.Actor, id string) error {
		_, err := s.Update(t.Context(), a, id, models.ImageEdit{Name: "renamed", Description: "new words"})
		return err
	}
	callDelete imageCall = func(t *testing.T, s *models.ImageStore, a models.Actor, id string) error {
		return s.Delete(t.Context(), a, id)
	}
	callCopy imageCall = func(t *testing.T, s *models.ImageStore, a models.Actor, id string) error {
		_, err := s.Copy(t.Context(), a, id, models.ImageCopy{Regions: []string{sh}})
		return err
	}
	callImpact imageCall = func(t *testing.T, s *models.ImageStore, a models.Actor, id string) error {
		_, err := s.Impact(t.Context(), a, id)
		return err
	}
)

func TestImageActionsOfNonOwners(t *testing.T) {
	const (
		notFound    = "InvalidImageId.NotFound"
		notYours    = "UnauthorizedOperation.ImageNotBelongToAccount"
		noModify    = "UnsupportedOperation.SharedImageModifyUnsupported"
		noDeleteYet = "InvalidParameterValue.InvalidImageIdIsShared"
	)
	type pick func(o ownership) (models.Actor, string)
	as := func(role string, image func(o ownership) models.Image) pick {
		return func(o ownership) (models.Actor, string) {
			return map[string]models.Actor{"owner": o.owner, "recipient": o.recipient, "stranger": o.stranger}[role], image(o).ID
		}
	}
	shared := func(o ownership) models.Image { return o.shared }
	pending := func(o ownership) models.Image { return o.pending }
	cancelled := func(o ownership) models.Image { return o.cancelled }
	revoked := func(o ownership) models.Image { return o.revoked }
	private := func(o ownership) models.Image { return o.private }
	public := func(o ownership) models.Image { return o.public }
	tests := []struct {
		name     string
		call     imageCall
		who      pick
		wantCode string
		wantKind error
	}{
		{"R2 a recipient with an active share cannot rename the image", callUpdate, as("recipient", shared), noModify, models.ErrInvalid},
		{"R2 an image shared as pending does not exist for the recipient's Update", callUpdate, as("recipient", pending), notFound, models.ErrNotFound},
		{"R2 an image whose share was cancelled does not exist for the recipient's Update", callUpdate, as("recipient", cancelled), notFound, models.ErrNotFound},
		{"R2 another account's unshared image does not exist for Update", callUpdate, as("stranger", shared), notFound, models.ErrNotFound},
		{"R2 a public image cannot be renamed", callUpdate, as("owner", public), notYours, models.ErrInvalid},
		{"R7 a recipient cannot delete an image shared with it", callDelete, as("recipient", shared), noDeleteYet, models.ErrInvalid},
		{"R7 an image shared as pending does not exist for the recipient's Delete", callDelete, as("recipient", pending), notFound, models.ErrNotFound},
		{"R7 another account's unshared image does not exist for Delete", callDelete, as("stranger", private), notFound, models.ErrNotFound},
		{"R7 a public image cannot be deleted", callDelete, as("owner", public), notYours, models.ErrInvalid},
		{"R5 a recipient cannot copy an image shared with it", callCopy, as("recipient", shared), notYours, models.ErrInvalid},
		{"R5 an image shared as pending does not exist for the recipient's Copy", callCopy, as("recipient", pending), notFound, models.ErrNotFound},
		{"R5 another account's unshared image does not exist for Copy", callCopy, as("stranger", shared), notFound, models.ErrNotFound},
		{"R5 a public image cannot be copied", callCopy, as("owner", public), notYours, models.ErrInvalid},
		{"R17 an image shared as pending does not exist for the recipient's Get", callGet, as("recipient", pending), notFound, models.ErrNotFound},
		{"R15 an image whose share was cancelled does not exist for the recipient's Get", callGet, as("recipient", cancelled), notFound, models.ErrNotFound},
		{"R15 an image whose share was revoked does not exist for the recipient's Get", callGet, as("recipient", revoked), notFound, models.ErrNotFound},
		{"SPEC 2 another account's unshared image does not exist for Get", callGet, as("stranger", private), notFound, models.ErrNotFound},
		{"SPEC 2 an image shared with someone else does not exist for Get", callGet, as("stranger", shared), notFound, models.ErrNotFound},
		{"SPEC 2 a malformed image id does not exist for Get", callGet,
			func(o ownership) (models.Actor, string) { return o.owner, "img-BAD" }, notFound, models.ErrNotFound},
		{"SPEC 4 a recipient learns nothing of the impact of an image shared with it", callImpact, as("recipient", shared), notFound, models.ErrNotFound},
		{"SPEC 4 a stranger learns nothing of the impact of another account's image", callImpact, as("stranger", private), notFound, models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewImageStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				o := newOwnership(t, db)
				actor, id := tt.who(o)
				before := snapshot(t, db)
				wantError(t, tt.call(t, store, actor, id), tt.wantCode, tt.wantKind)
				unchanged(t, db, before)
			})
		}
	})
}

func TestImageVisibleToRecipient(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewImageStore(db)
		o := newOwnership(t, db)
		tests := []struct {
			name     string
			actor    models.Actor
			image    models.Image
			wantType string
		}{
			{"SPEC 2 the owner sees its image as private", o.owner, o.shared, models.PrivateImage},
			{"SPEC 2 the owner sees its unshared image as private", o.owner, o.private, models.PrivateImage},
			{"SPEC 2 a recipient with an active share sees the image as shared", o.recipient, o.shared, models.SharedImage},
			{"SPEC 2 everyone sees a public image as public", o.stranger, o.public, models.PublicImage},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := store.Get(t.Context(), tt.actor, tt.image.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.ID != tt.image.ID || got.Type != tt.wantType || got.Name != tt.image.Name {
					t.Errorf("Get = %s %s %q; want %s %s %q", got.ID, got.Type, got.Name, tt.image.ID, tt.wantType, tt.image.Name)
				}
				if tt.wantType == models.SharedImage && got.OwnerName != "Owner" {
					t.Errorf("owner name = %q; want the owner account's name for R8", got.OwnerName)
				}
			})
		}
	})
}

// R2: the owner edits a shared image and its recipients see the new values.
func TestImageOwnerEditReachesRecipients(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewImageStore(db)
		o := newOwnership(t, db)
		other := addActor(t, db, "Second recipient")
		addShare(t, db, o.shared.ID, other.AccountID, models.ShareActive)
		edit := models.ImageEdit{Name: "web-v2", Description: "now with\nTLS 1.3"}
		got, err := store.Update(t.Context(), o.owner, o.shared.ID, edit)
		if err != nil {
			t.Fatalf("owner Update: %v", err)
		}
		if got.Name != edit.Name || got.Description != edit.Description || !got.UpdatedAt.After(o.shared.UpdatedAt) {
			t.Errorf("Update returned %q %q updated %v; want %q %q updated after %v", got.Name, got.Description,
				got.UpdatedAt, edit.Name, edit.Description, o.shared.UpdatedAt)
		}
		for _, viewer := range []models.Actor{o.owner, o.recipient, other} {
			v, err := store.Get(t.Context(), viewer, o.shared.ID)
			if err != nil {
				t.Fatalf("Get as %s: %v", viewer.AccountID, err)
			}
			if v.Name != edit.Name || v.Description != edit.Description {
				t.Errorf("%s sees %q %q; want %q %q", viewer.AccountID, v.Name, v.Description, edit.Name, edit.Description)
			}
		}
		if n := countRows(t, db, &models.Share{}, "image_id = ? AND status = ?", o.shared.ID, models.ShareActive); n != 2 {
			t.Errorf("the edit left %d active shares; want 2", n)
		}
	})
}
