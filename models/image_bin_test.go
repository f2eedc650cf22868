package models_test

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"imageshare/models"
	"imageshare/models/testdb"
)

// binWorld is one owner with a NORMAL image in gz, a recipient whose share
// of it was cancelled (history), and the stores.
type binWorld struct {
	db               *models.DB
	st               *models.Stores
	owner, recipient models.Actor
	img              models.Image
}

func newBinWorld(t *testing.T, db *models.DB, retention string) *binWorld {
	t.Helper()
	shSetting(t, db, "bin_retention_days", retention)
	w := &binWorld{db: db, st: models.NewStores(db, models.StoreConfig{}),
		owner: addActor(t, db, "Owner"), recipient: addActor(t, db, "Recipient")}
	w.img = addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: gz, Name: "golden"})
	addShare(t, db, w.img.ID, w.recipient.AccountID, models.ShareCancelled)
	return w
}

// newBinnedWorld is newBinWorld with the image deleted: in the bin.
func newBinnedWorld(t *testing.T, db *models.DB, retention string) *binWorld {
	t.Helper()
	w := newBinWorld(t, db, retention)
	if err := w.st.Images.Delete(t.Context(), w.owner, w.img.ID); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *binWorld) binned(t *testing.T) []string {
	t.Helper()
	list, err := w.st.Bin.List(t.Context(), w.owner, gz)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range list {
		ids = append(ids, b.ID)
	}
	return ids
}

func (w *binWorld) customIDs(t *testing.T) []string {
	t.Helper()
	page, err := w.st.Images.List(t.Context(), w.owner, models.ImageQuery{Region: gz, Tab: models.TabCustom, WithCounts: true})
	if err != nil {
		t.Fatal(err)
	}
	if int(page.Counts[models.TabCustom]) != len(page.Images) {
		t.Errorf("custom tab count %d, rows %d", page.Counts[models.TabCustom], len(page.Images))
	}
	return imageIDs(page.Images)
}

func (w *binWorld) quota(t *testing.T) models.RegionQuota {
	t.Helper()
	q, err := w.st.Quotas.Region(t.Context(), w.owner, gz)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// R23: a deleted image moves to the bin and exists nowhere else; it still
// counts in quota, with the bin's count beside it.
func TestR23DeleteMovesToBin(t *testing.T) {
	tests := []struct {
		name      string
		retention string
		wantBin   bool
	}{
		{"R23 delete moves the image to the bin for the default 7 days", "", true},
		{"R23 delete moves the image to the bin for the admin's retention", "3", true},
		{"R23 a retention of 0 deletes at once", "0", false},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := newBinWorld(t, db, tt.retention)
				ctx := t.Context()
				before := time.Now().UTC()
				if err := w.st.Images.Delete(ctx, w.owner, w.img.ID); err != nil {
					t.Fatalf("Delete: %v", err)
				}
				if _, err := w.st.Images.Get(ctx, w.owner, w.img.ID); err == nil {
					t.Error("Get found a deleted image")
				}
				if _, err := w.st.Images.Detail(ctx, w.owner, w.img.ID); err == nil {
					t.Error("Detail found a deleted image")
				}
				if ids := w.customIDs(t); len(ids) != 0 {
					t.Errorf("custom tab = %v; want empty", ids)
				}
				if views, _ := w.st.Images.ByIDs(ctx, w.owner, gz, []string{w.img.ID}, "", nil, nil); len(views) != 0 {
					t.Error("ByIDs (the API's DescribeImages by id) found a deleted image")
				}
				usable, err := w.st.Images.Usable(ctx, w.owner, gz)
				if err != nil || len(imageIDs(usable)) != 0 {
					t.Errorf("Usable (pickers) = %v, %v; want none", imageIDs(usable), err)
				}
				_, err = w.st.Instances.Launch(ctx, w.owner, models.Launch{Region: gz, Zone: gz + "-1", ImageID: w.img.ID,
					InstanceType: "S5.MEDIUM2", Name: "web", Count: 1})
				wantError(t, err, "InvalidImageId.NotFound", models.ErrNotFound)
				_, err = w.st.Shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID,
					AccountIDs: []string{w.recipient.AccountID}, RiskAccepted: true})
				wantError(t, err, "InvalidImageId.NotFound", models.ErrNotFound)
				_, err = w.st.Images.Copy(ctx, w.owner, w.img.ID, models.ImageCopy{Regions: []string{sh}})
				wantError(t, err, "InvalidImageId.NotFound", models.ErrNotFound)
				wantError(t, w.st.Images.Delete(ctx, w.owner, w.img.ID), "InvalidImageId.NotFound", models.ErrNotFound)

				row := readImage(t, db, w.img.ID)
				q := w.quota(t)
				if !tt.wantBin {
					if row.PurgedAt == nil || len(w.binned(t)) != 0 || q.Used != 0 || q.Binned != 0 {
						t.Fatalf("purged %v, bin %v, quota %+v; want purged at once, nothing in the bin or quota", row.PurgedAt, w.binned(t), q)
					}
					return
				}
				if got := w.binned(t); len(got) != 1 || got[0] != w.img.ID {
					t.Fatalf("bin = %v; want %s", got, w.img.ID)
				}
				days := 7
				if tt.retention != "" {
					days = 3
				}
				if row.PurgeAt == nil || row.PurgeAt.Before(before.Add(time.Duration(days)*24*time.Hour).Add(-time.Second)) ||
					row.PurgeAt.After(time.Now().Add(time.Duration(days)*24*time.Hour)) {
					t.Errorf("purge at %v; want %d days from the delete", row.PurgeAt, days)
				}
				if q.Used != 1 || q.Binned != 1 {
					t.Errorf("quota = %+v; want the binned image counted (1 used, 1 in the bin)", q)
				}
				if n := countRows(t, db, &models.AuditEvent{}, "action = ? AND resource = ?", "image.bin", w.img.ID); n != 1 {
					t.Errorf("image.bin events = %d; want 1", n)
				}
			})
		}
	})
}

// R23: the name of a binned image is free; restoring it while another image
// holds it is refused, and restoring brings it back NORMAL and unshared.
func TestR23Restore(t *testing.T) {
	tests := []struct {
		name     string
		clash    bool // a new image takes the name while it is binned
		stranger bool // someone else tries to restore it
		wantCode string
		wantKind error
	}{
		{name: "R23 the owner restores a binned image"},
		{name: "R23 restore refused while another image holds the name", clash: true,
			wantCode: "InvalidImageName.Duplicate", wantKind: models.ErrInvalid},
		{name: "R23 another account cannot restore it (not found)", stranger: true,
			wantCode: "InvalidImageId.NotFound", wantKind: models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := newBinWorld(t, db, "")
				ctx := t.Context()
				// A share suspended by the recipient's disabled account ends with the delete.
				suspended := addActor(t, db, "Suspended")
				addShare(t, db, w.img.ID, suspended.AccountID, models.ShareActive)
				setAccountStatus(t, db, suspended.AccountID, models.AccountDisabled)
				if err := w.st.Images.Delete(ctx, w.owner, w.img.ID); err != nil {
					t.Fatalf("Delete: %v", err)
				}
				actor := w.owner
				if tt.clash {
					addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: gz, Name: "golden"})
					list, err := w.st.Bin.List(ctx, w.owner, gz)
					if err != nil || len(list) != 1 || list[0].Restore.OK() {
						t.Fatalf("bin = %+v, %v; want the image with its restore refused beforehand", list, err)
					}
				}
				if tt.stranger {
					actor = w.recipient
				}
				before := snapshot(t, db)
				_, err := w.st.Bin.Restore(ctx, actor, w.img.ID)
				if tt.wantCode != "" {
					e := wantError(t, err, tt.wantCode, tt.wantKind)
					if tt.clash && e.Msg.Key != "bin.restore_name_taken" {
						t.Errorf("message = %s; want bin.restore_name_taken", e.Msg.Key)
					}
					unchanged(t, db, before)
					if got := w.binned(t); len(got) != 1 {
						t.Errorf("bin after a refused restore = %v; want the image still there", got)
					}
					return
				}
				if err != nil {
					t.Fatalf("Restore: %v", err)
				}
				got, err := w.st.Images.Get(ctx, w.owner, w.img.ID)
				if err != nil || got.State != models.ImageNormal || got.LiveShares != 0 {
					t.Fatalf("after restore: %+v, %v; want NORMAL and unshared", got, err)
				}
				setAccountStatus(t, db, suspended.AccountID, models.AccountActive)
				if n := shLive(t, db, w.img.ID); n != 0 {
					t.Errorf("live shares after restore = %d; want 0 (restored unshared)", n)
				}
				if ids := w.customIDs(t); len(ids) != 1 || ids[0] != w.img.ID {
					t.Errorf("custom tab = %v; want the restored image", ids)
				}
				if len(w.binned(t)) != 0 || w.quota(t).Binned != 0 {
					t.Error("the restored image is still in the bin")
				}
			})
		}
	})
}

// R23: deleting permanently purges at once; the row and every share row
// stay as history; the bin no longer shows it.
func TestR23DeletePermanently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		w := newBinWorld(t, db, "")
		ctx := t.Context()
		wantError(t, w.st.Bin.DeletePermanently(ctx, w.owner, w.img.ID), "InvalidImageId.NotFound", models.ErrNotFound)
		if err := w.st.Images.Delete(ctx, w.owner, w.img.ID); err != nil {
			t.Fatal(err)
		}
		wantError(t, w.st.Bin.DeletePermanently(ctx, w.recipient, w.img.ID), "InvalidImageId.NotFound", models.ErrNotFound)
		if err := w.st.Bin.DeletePermanently(ctx, w.owner, w.img.ID); err != nil {
			t.Fatalf("DeletePermanently: %v", err)
		}
		if len(w.binned(t)) != 0 || w.quota(t).Used != 0 {
			t.Errorf("bin %v, quota %+v after a permanent delete; want both empty", w.binned(t), w.quota(t))
		}
		wantError(t, w.st.Bin.DeletePermanently(ctx, w.owner, w.img.ID), "InvalidImageId.NotFound", models.ErrNotFound)
		_, err := w.st.Bin.Restore(ctx, w.owner, w.img.ID)
		wantError(t, err, "InvalidImageId.NotFound", models.ErrNotFound)
		if n := countRows(t, db, &models.Share{}, "image_id = ?", w.img.ID); n != 1 {
			t.Errorf("share rows after purge = %d; want the history kept", n)
		}
		if n := countRows(t, db, &models.AuditEvent{}, "action = ? AND resource = ? AND outcome = ?", "image.purge", w.img.ID, models.OutcomeOK); n != 1 {
			t.Errorf("image.purge events = %d; want 1", n)
		}
	})
}

// R23: the purge job deletes binned images past their retention, exactly
// once however many workers sweep at once, and keeps the share history even
// when the row itself is removed by hand (no cascade since migration 12).
func TestR23PurgeAfterRetentionOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		w := newBinnedWorld(t, db, "1")
		ctx := t.Context()
		now := time.Now().UTC()
		queues := make([]*models.JobQueue, 4)
		for i := range queues {
			queues[i] = models.NewJobQueue(db, 0)
		}
		setClock := func(at time.Time) {
			for _, q := range queues {
				models.SetJobClock(q, func() time.Time { return at })
			}
		}
		setClock(now.Add(23 * time.Hour))
		if n, err := queues[0].PurgeBin(ctx); n != 0 || err != nil {
			t.Fatalf("PurgeBin before the retention ends = %d, %v; want 0", n, err)
		}
		if len(w.binned(t)) != 1 {
			t.Fatal("the image left the bin before its time")
		}
		setClock(now.Add(25 * time.Hour))
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for _, q := range queues {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := q.PurgeBin(ctx)
				if err != nil {
					t.Errorf("PurgeBin: %v", err)
				}
				mu.Lock()
				total += n
				mu.Unlock()
			}()
		}
		wg.Wait()
		if n, err := queues[0].PurgeBin(ctx); err != nil {
			t.Fatal(err)
		} else {
			total += n
		}
		if total != 1 {
			t.Errorf("images purged by four workers and a repeat = %d; want exactly 1", total)
		}
		if n := countRows(t, db, &models.AuditEvent{}, "action = ? AND resource = ?", "image.purge", w.img.ID); n != 1 {
			t.Errorf("image.purge events = %d; want 1", n)
		}
		if row := readImage(t, db, w.img.ID); row.PurgedAt == nil || len(w.binned(t)) != 0 {
			t.Fatalf("image after purge: purged %v, bin %v", row.PurgedAt, w.binned(t))
		}
		// Nothing cascades from images to shares any more.
		if err := db.Exec("DELETE FROM images WHERE id = ?", w.img.ID).Error; err == nil {
			if n := countRows(t, db, &models.Share{}, "image_id = ?", w.img.ID); n != 1 {
				t.Errorf("share rows after the image row went = %d; want the history kept", n)
			}
		}
		if n := countRows(t, db, &models.Share{}, "image_id = ?", w.img.ID); n != 1 {
			t.Errorf("share rows = %d; want the history kept", n)
		}
	})
}

// Migration 12 on a database with shares: every share row is kept as it
// was, the one-live-share index still holds, and deleting an image row no
// longer deletes its shares.
func TestR23MigrationKeepsShareHistory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, like *models.DB) {
		db := emptyDB(t, like)
		if err := models.MigrateBelow(t.Context(), db, 12); err != nil {
			t.Fatalf("migrate below 12: %v", err)
		}
		regionsOnly(t, db)
		owner, recipient, other := addActor(t, db, "Owner"), addActor(t, db, "Recipient"), addActor(t, db, "Other")
		img := addImageRow(t, db, owner.AccountID, "old")
		cancelled := addShare(t, db, img, recipient.AccountID, models.ShareCancelled)
		active := addShare(t, db, img, other.AccountID, models.ShareActive)
		if err := models.Migrate(t.Context(), db); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		var got []models.Share
		if err := db.Order("id").Find(&got).Error; err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != cancelled.ID || got[0].Status != models.ShareCancelled ||
			got[1].ID != active.ID || got[1].Status != models.ShareActive {
			t.Fatalf("shares after migration 12 = %+v; want both rows as they were", got)
		}
		dup := models.Share{ImageID: img, RecipientAccountID: other.AccountID, Status: models.SharePending, CreatedAt: base}
		if err := db.Create(&dup).Error; err == nil {
			t.Error("a second live share of one image with one account was accepted: the index went")
		}
		next := addShare(t, db, img, recipient.AccountID, models.ShareRevoked)
		if next.ID <= active.ID {
			t.Errorf("a new share got id %d; want after %d", next.ID, active.ID)
		}
		if err := db.Exec("DELETE FROM shares WHERE status = ?", models.ShareActive).Error; err != nil {
			t.Fatal(err)
		}
		err := db.Exec("DELETE FROM images WHERE id = ?", img).Error
		if n := countRows(t, db, &models.Share{}, "image_id = ?", img); n != 2 {
			t.Errorf("share rows after deleting the image row (err %v) = %d; want 2: no cascade", err, n)
		}
	})
}

// addImageRow inserts a minimal image with the columns of every schema
// version, for databases not yet fully migrated.
func addImageRow(t *testing.T, db *models.DB, owner, name string) string {
	t.Helper()
	id := fmt.Sprintf("img-m%07d", imageSeq.Add(1))
	err := db.Exec(`INSERT INTO images (id, region_id, owner_account_id, name, os_name, platform, architecture, size_gb,
		state, source, created_at, updated_at) VALUES (?, ?, ?, ?, 'Ubuntu', 'Ubuntu', 'x86_64', 20, ?, ?, ?, ?)`,
		id, gz, owner, name, models.ImageNormal, models.SourceCreateImage, base, base).Error
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// R23: a binned copy is not listed among its source's copies, and a
// notification about a binned image reads as about a deleted one.
func TestR23BinnedImageLeavesCopiesAndNotifications(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		w := newBinWorld(t, db, "")
		ctx := t.Context()
		cp := addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: sh, Name: "golden",
			Source: models.SourceCopy, SourceImageID: w.img.ID})
		if err := db.Create(&models.Notification{AccountID: w.owner.AccountID, Kind: models.NoteShareLeft, ImageID: cp.ID,
			ImageName: cp.Name, OtherAccountID: w.recipient.AccountID, CreatedAt: base}).Error; err != nil {
			t.Fatal(err)
		}
		if err := w.st.Images.Delete(ctx, w.owner, cp.ID); err != nil {
			t.Fatal(err)
		}
		d, err := w.st.Images.Detail(ctx, w.owner, w.img.ID)
		if err != nil || len(d.Copies) != 0 {
			t.Errorf("copies of the source = %v, %v; want none (the copy is in the bin)", d.Copies, err)
		}
		notes, err := w.st.Notes.List(ctx, w.owner)
		if err != nil || len(notes) != 1 || notes[0].RegionID != "" || notes[0].CanOpen {
			t.Errorf("notifications = %+v, %v; want the image read as deleted", notes, err)
		}
	})
}

// R23: a purge that dies before it commits (as under kill -9) leaves no
// trace: the image is still binned, its content still referenced, nothing
// audited; the next sweep purges it, once.
func TestR23PurgeInterrupted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		w := newBinnedWorld(t, db, "1")
		ctx := t.Context()
		q := models.NewJobQueue(db, 0)
		models.SetJobClock(q, func() time.Time { return time.Now().UTC().Add(25 * time.Hour) })
		const hook = "test:die_before_commit"
		if err := db.Callback().Create().Before("gorm:create").Register(hook, func(tx *gorm.DB) {
			if tx.Statement.Table == "audit_events" {
				_ = tx.AddError(errors.New("killed before commit"))
			}
		}); err != nil {
			t.Fatal(err)
		}
		n, err := q.PurgeBin(ctx)
		_ = db.Callback().Create().Remove(hook)
		if err == nil || n != 0 {
			t.Fatalf("interrupted PurgeBin = %d, %v; want an error and nothing purged", n, err)
		}
		if row := readImage(t, db, w.img.ID); row.PurgedAt != nil || len(w.binned(t)) != 1 {
			t.Fatalf("after the interrupted purge: purged %v, bin %v; want the image still binned", row.PurgedAt, w.binned(t))
		}
		for range 2 {
			if _, err := q.PurgeBin(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := countRows(t, db, &models.AuditEvent{}, "action = ? AND resource = ?", "image.purge", w.img.ID); n != 1 {
			t.Errorf("image.purge events after the restart = %d; want 1", n)
		}
		if len(w.binned(t)) != 0 {
			t.Error("the image is still in the bin after the next sweep")
		}
	})
}

// R23 and R3: an image in the bin holds its place in the quota, and the
// refusal says how many wait in the bin.
func TestR23QuotaRefusalNamesTheBin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		w := newBinWorld(t, db, "")
		binned := addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: sh, Name: "old"})
		if err := w.st.Images.Delete(t.Context(), w.owner, binned.ID); err != nil {
			t.Fatal(err)
		}
		addQuota(t, db, w.owner.AccountID, sh, 1)
		_, err := w.st.Images.Copy(t.Context(), w.owner, w.img.ID, models.ImageCopy{Regions: []string{sh}})
		e := wantError(t, err, "ImageQuotaLimitExceeded", models.ErrInvalid)
		if e.Msg.Key != "image.quota_exceeded_binned" || len(e.Msg.Args) != 4 ||
			!reflect.DeepEqual(e.Msg.Args[1:], []any{1, 1, models.Msg("bin.quota_note", 1)}) {
			t.Errorf("refusal = %+v; want 1 of 1 used, 1 in the recycle bin", e.Msg)
		}
	})
}

// R23: when an image moves to the bin, the accounts whose share of it the
// owner, an admin or time ended are told (they may still run instances of
// it); an account that left it, declined it or was refused it is not, and
// nobody is told twice.
func TestR23BinNotifiesFormerRecipients(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		w := newBinWorld(t, db, "7") // w.recipient's share was cancelled
		tests := []struct {
			name   string
			status string
			want   int64
		}{
			{"R23 a cancelled share's recipient is told", "", 1},
			{"R23 a revoked share's recipient is told", models.ShareRevoked, 1},
			{"R23 an expired share's recipient is told", models.ShareExpired, 1},
			{"R23 an account that left is not told again", models.ShareLeft, 0},
			{"R23 an account that declined is not told", models.ShareDeclined, 0},
			{"R23 an account refused by review is not told", models.ShareRejected, 0},
		}
		others := make([]models.Actor, len(tests))
		for i, tt := range tests {
			if tt.status != "" {
				others[i] = addActor(t, db, fmt.Sprintf("Other %d", i))
				addShare(t, db, w.img.ID, others[i].AccountID, tt.status)
			}
		}
		// A second ended share of the same account is still one message.
		addShare(t, db, w.img.ID, w.recipient.AccountID, models.ShareExpired)
		if err := w.st.Images.Delete(t.Context(), w.owner, w.img.ID); err != nil {
			t.Fatal(err)
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				account := w.recipient.AccountID
				if tt.status != "" {
					account = others[i].AccountID
				}
				if got := lcNotes(t, db, account, models.NoteImageBinned, w.img.ID); got != tt.want {
					t.Errorf("%d notifications; want %d", got, tt.want)
				}
			})
		}
		if got := lcNotes(t, db, w.owner.AccountID, models.NoteImageBinned, w.img.ID); got != 0 {
			t.Errorf("the owner got %d notifications of its own delete; want 0", got)
		}
	})
}
