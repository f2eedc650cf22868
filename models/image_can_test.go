package models_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// The capability table: for every viewer role, image type, state and share
// situation, each Can answer of the image as the domain hands it out agrees
// with what the store then does when the viewer tries: allowed means the
// call succeeds; refused means the call fails with exactly the refusal's
// code. Every operation runs on an image of its own, so none sees another's
// effect.
func TestImageCapabilities(t *testing.T) {
	ops := capOperations()
	states := []string{models.ImageNormal, models.ImageCreating, models.ImageSyncing, models.ImageCreateFailed}
	type situation struct {
		typ    string
		shared bool // the owner has a live share of it (with the recipient)
	}
	situations := []situation{
		{models.PrivateImage, false}, {models.PrivateImage, true}, {models.SharedImage, true}, {models.PublicImage, false},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := newCapWorld(t, db)
		for _, admin := range []bool{false, true} {
			for _, sit := range situations {
				for _, state := range states {
					for _, op := range ops {
						name := fmt.Sprintf("%s/%s/%s/shared=%v/admin=%v", op.name, sit.typ, state, sit.shared, admin)
						t.Run(name, func(t *testing.T) {
							w.t = t
							img, viewer := w.image(sit.typ, state, sit.shared, admin)
							w.check(op, img, viewer, sit.typ)
						})
					}
				}
			}
		}
	})
}

// capOperation is one row of the capability table: a verdict and the store
// call it must agree with.
type capOperation struct {
	name string
	can  func(models.ImageCan) models.Verdict
	do   func(ctx context.Context, w *capWorld, viewer models.Actor, img models.Image) error
}

// check reads an image as the viewer and tries op: the verdict and the
// store's answer must agree, refusal codes included.
func (w *capWorld) check(op capOperation, img models.Image, viewer models.Actor, typ string) {
	t := w.t
	t.Helper()
	view, err := w.s.Images.Get(t.Context(), viewer, img.ID)
	if err != nil {
		t.Fatalf("Get as the viewer: %v", err)
	}
	if view.Type != typ {
		t.Fatalf("type %s, want %s", view.Type, typ)
	}
	w.sameInList(view, viewer)
	verdict := op.can(view.Can)
	err = op.do(t.Context(), w, viewer, img)
	switch {
	case verdict.OK() && err != nil:
		t.Errorf("Can says yes, the store refused: %v", err)
	case !verdict.OK() && err == nil:
		t.Errorf("Can refuses (%s), the store accepted", verdict.Refusal.Code)
	case !verdict.OK():
		de, ok := models.AsError(err)
		if !ok || de.Code != verdict.Refusal.Code || !errors.Is(err, verdict.Refusal.Kind) {
			t.Errorf("Can refuses with %s (%v), the store with %v", verdict.Refusal.Code, verdict.Refusal.Kind, err)
		}
	}
}

// capOperations are the rows of the capability table.
func capOperations() []capOperation {
	return []capOperation{
		{"R13 launch", func(c models.ImageCan) models.Verdict { return c.Launch }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			_, err := w.s.Instances.Launch(ctx, v, models.Launch{Region: img.RegionID, Zone: img.RegionID + "-1",
				ImageID: img.ID, InstanceType: "S5.MEDIUM2", Name: "cap", Count: 1})
			return err
		}},
		{"R13 reinstall", func(c models.ImageCan) models.Verdict { return c.Reinstall }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			ins := addInstance(w.t, w.db, models.Instance{AccountID: v.AccountID, RegionID: img.RegionID})
			return w.s.Instances.Reinstall(ctx, v, ins.ID, img.ID)
		}},
		{"R9 share", func(c models.ImageCan) models.Verdict { return c.Share }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			_, err := w.s.Shares.Share(ctx, v, models.ShareRequest{ImageID: img.ID, AccountIDs: []string{w.third}, RiskAccepted: true})
			return err
		}},
		{"R15 cancel shares", func(c models.ImageCan) models.Verdict { return c.CancelShares }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			_, err := w.s.Shares.Cancel(ctx, v, img.ID, w.liveRecipients(img.ID))
			return err
		}},
		{"R5 copy", func(c models.ImageCan) models.Verdict { return c.Copy }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			_, err := w.s.Images.Copy(ctx, v, img.ID, models.ImageCopy{Regions: []string{shSH}})
			return err
		}},
		{"R2 edit", func(c models.ImageCan) models.Verdict { return c.Edit }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			_, err := w.s.Images.Update(ctx, v, img.ID, models.ImageEdit{Name: img.Name, Description: "edited"})
			return err
		}},
		{"R24 edit tags", func(c models.ImageCan) models.Verdict { return c.EditTags }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			_, err := w.s.Images.SetTags(ctx, v, img.ID, []models.Tag{{Key: "env", Value: "cap"}})
			return err
		}},
		{"R6 R7 delete", func(c models.ImageCan) models.Verdict { return c.Delete }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			return w.s.Images.Delete(ctx, v, img.ID)
		}},
		{"R18 leave", func(c models.ImageCan) models.Verdict { return c.Leave }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			return w.s.Shares.Leave(ctx, v, img.ID)
		}},
		{"SPEC 2 manage", func(c models.ImageCan) models.Verdict { return c.Manage }, func(ctx context.Context, w *capWorld, v models.Actor, img models.Image) error {
			_, err := w.s.Shares.ForImage(ctx, v, img.ID)
			return err
		}},
	}
}

// capWorld is an owner, a recipient and a third account, with images made
// to order.
type capWorld struct {
	t         *testing.T
	db        *models.DB
	s         *models.Stores
	owner     models.Actor
	recipient models.Actor
	third     string
}

func newCapWorld(t *testing.T, db *models.DB) *capWorld {
	w := &capWorld{t: t, db: db, s: models.NewStores(db, models.StoreConfig{})}
	w.owner, _ = shUser(t, db, "Owner Co")
	w.recipient, _ = shUser(t, db, "Recipient Ltd")
	w.third = shAccount(t, db, "Third SA", models.AccountActive)
	// Room for every copy the table makes.
	for _, r := range []string{shGZ, shSH} {
		if err := db.Create(&models.AccountQuota{AccountID: w.owner.AccountID, RegionID: r, ImageQuota: 500}).Error; err != nil {
			t.Fatalf("quota: %v", err)
		}
	}
	return w
}

// image makes an image of a type (relative to the viewer it returns) in a
// state, shared with the recipient or not.
func (w *capWorld) image(typ, state string, shared, admin bool) (models.Image, models.Actor) {
	img := models.Image{RegionID: shGZ, State: state, Progress: 50}
	viewer := w.owner
	switch typ {
	case models.PrivateImage, models.SharedImage:
		img.OwnerAccountID = owned(w.owner.AccountID)
	}
	if typ == models.SharedImage {
		viewer = w.recipient
	}
	if typ == models.PublicImage {
		img.Source = models.SourceOfficial
	}
	img = addImage(w.t, w.db, img)
	if shared {
		addShare(w.t, w.db, img.ID, w.recipient.AccountID, models.ShareActive)
	}
	viewer.Admin = admin
	return img, viewer
}

// sameInList checks that a list hands the image out with the same verdicts
// as Get does.
func (w *capWorld) sameInList(view models.ImageView, viewer models.Actor) {
	w.t.Helper()
	page, err := w.s.Images.List(w.t.Context(), viewer, models.ImageQuery{Region: view.RegionID, Tab: view.Tab(), Search: view.ID})
	if err != nil || len(page.Images) != 1 {
		w.t.Fatalf("list %s: %d rows, %v", view.ID, len(page.Images), err)
	}
	if got, want := verdicts(page.Images[0]), verdicts(view); got != want {
		w.t.Errorf("List and Get disagree:\n list %s\n get  %s", got, want)
	}
}

// verdicts spells out an image's capabilities and notices, refusal codes
// included, for comparison.
func verdicts(v models.ImageView) string {
	c := v.Can
	out := fmt.Sprintf("notice %+v shares %d:", v.Notice, v.LiveShares)
	for _, vd := range []models.Verdict{c.Launch, c.Reinstall, c.Share, c.CancelShares, c.Copy, c.Edit, c.Delete, c.Manage, c.Leave,
		c.Download, c.Deprecate, c.CancelDeprecation, c.Disable, c.Enable, c.Protect} {
		if vd.OK() {
			out += " ok"
		} else {
			out += " " + vd.Refusal.Code + "/" + string(vd.Remedy)
		}
	}
	return out
}

func (w *capWorld) liveRecipients(imageID string) []string {
	var ids []string
	err := w.db.Model(&models.Share{}).Where("image_id = ? AND status IN ?", imageID, []string{models.SharePending, models.ShareActive}).
		Pluck("recipient_account_id", &ids).Error
	if err != nil {
		w.t.Fatalf("live shares: %v", err)
	}
	return ids
}
