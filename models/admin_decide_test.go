package models_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestAdminDecide(t *testing.T) {
	long := strings.Repeat("é", 501)
	tests := []admDecideRow{
		// Approve (R17).
		{name: "R17 approving a pending share makes it active: the recipient sees the image and both are told",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admPending(w, t, w.img, w.alice) },
			op:      "approve", wantN: 1, check: func(t *testing.T, w *admWorld, ids []int64) {
				if !w.sees(t, w.alice, w.img) {
					t.Error("the recipient does not see the approved image")
				}
				admNotesAre(t, w, w.alice, admNote(models.NoteShareReceived, w.img.ID, w.owner.AccountID, ""))
				admNotesAre(t, w, w.owner, admNote(models.NoteShareApproved, w.img.ID, w.alice.AccountID, ""))
			}},
		{name: "R17 bulk approve of several shares of two images, each recipient told",
			prepare: func(t *testing.T, w *admWorld) []int64 {
				silver := w.addImage(t, w.owner, shGZ, "silver")
				return append(admPending(w, t, w.img, w.alice, w.bob), admPending(w, t, silver, w.alice)...)
			},
			op: "approve", wantN: 3, check: func(t *testing.T, w *admWorld, ids []int64) {
				for _, id := range ids {
					if s := admReadShare(t, w.db, id); s.Status != models.ShareActive {
						t.Errorf("share %d is %s; want active", id, s.Status)
					}
				}
				if !w.sees(t, w.alice, w.img) || !w.sees(t, w.bob, w.img) {
					t.Error("a recipient does not see an approved image")
				}
				if got := admNotes(t, w.db, w.alice); len(got) != 2 {
					t.Errorf("alice notifications = %q; want two share_received", got)
				}
				if got := admNotes(t, w.db, w.owner); len(got) != 3 {
					t.Errorf("owner notifications = %q; want three share_approved", got)
				}
			}},
		{name: "R17 bulk approve naming a share twice approves it once",
			prepare: func(t *testing.T, w *admWorld) []int64 {
				id := admPending(w, t, w.img, w.alice)[0]
				return []int64{id, id}
			},
			op: "approve", wantN: 1},
		{name: "R17 approving an active share is FailedOperation.ShareStatusChanged",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admActive(w, t, w.img, w.alice) },
			op:      "approve", wantCode: admChanged, wantKind: models.ErrConflict},
		{name: "R17 approving a pending and an active share together changes nothing",
			prepare: func(t *testing.T, w *admWorld) []int64 {
				return append(admPending(w, t, w.img, w.alice), admActive(w, t, w.img, w.bob)...)
			},
			op: "approve", wantCode: admChanged, wantKind: models.ErrConflict},
		{name: "R17 approving a share id that does not exist is FailedOperation.ShareStatusChanged",
			prepare: func(t *testing.T, w *admWorld) []int64 { return []int64{987654321} },
			op:      "approve", wantCode: admChanged, wantKind: models.ErrConflict},
		{name: "R17 approving no share is MissingParameter",
			prepare: func(t *testing.T, w *admWorld) []int64 { return nil },
			op:      "approve", wantCode: admMissing, wantKind: models.ErrInvalid, wantField: "shares"},

		// Reject (R17).
		{name: "R17 rejecting a pending share keeps the image from the recipient and tells the owner why",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admPending(w, t, w.img, w.alice) },
			op:      "reject", reason: "  export controls  ", wantN: 1, check: func(t *testing.T, w *admWorld, ids []int64) {
				if w.sees(t, w.alice, w.img) {
					t.Error("the recipient sees a rejected share's image")
				}
				admNotesAre(t, w, w.alice)
				admNotesAre(t, w, w.owner, admNote(models.NoteShareRejected, w.img.ID, w.alice.AccountID, "export controls"))
				admOwnerSees(t, w, models.ShareRejected, "export controls")
			}},
		{name: "R1 a rejected share no longer counts toward the cap",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admPending(w, t, w.img, w.alice) },
			op:      "reject", reason: "no", wantN: 1, check: func(t *testing.T, w *admWorld, ids []int64) {
				w.policy(t, models.PolicyImmediate, 1)
				if _, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID,
					AccountIDs: []string{w.bob.AccountID}, RiskAccepted: true}); err != nil {
					t.Errorf("share after the reject under cap 1: %v", err)
				}
			}},
		{name: "R17 a reject reason of 500 characters is accepted",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admPending(w, t, w.img, w.alice) },
			op:      "reject", reason: long[:1000], wantN: 1},
		{name: "R17 rejecting without a reason is MissingParameter on reason",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admPending(w, t, w.img, w.alice) },
			op:      "reject", reason: "", wantCode: admMissing, wantKind: models.ErrInvalid, wantField: "reason"},
		{name: "R17 a reject reason of blanks is MissingParameter on reason",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admPending(w, t, w.img, w.alice) },
			op:      "reject", reason: " \t\n ", wantCode: admMissing, wantKind: models.ErrInvalid, wantField: "reason"},
		{name: "R17 a reject reason of 501 characters is InvalidParameterValue.TooLarge",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admPending(w, t, w.img, w.alice) },
			op:      "reject", reason: long, wantCode: admTooLarge, wantKind: models.ErrInvalid, wantField: "reason"},
		{name: "R17 rejecting an active share is FailedOperation.ShareStatusChanged",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admActive(w, t, w.img, w.alice) },
			op:      "reject", reason: "no", wantCode: admChanged, wantKind: models.ErrConflict},

		// Revoke (R15, R17).
		{name: "R15 revoking an active share takes effect at once; owner and recipient are told why",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admActive(w, t, w.img, w.alice) },
			op:      "revoke", reason: "malware found", wantN: 1, check: func(t *testing.T, w *admWorld, ids []int64) {
				if w.sees(t, w.alice, w.img) {
					t.Error("the recipient still sees a revoked share's image")
				}
				_, err := w.instances.Launch(t.Context(), w.alice, admLaunch(shGZ, w.img.ID, 1))
				wantError(t, err, admImageNotFound, models.ErrNotFound)
				admNotesAre(t, w, w.alice, admNote(models.NoteShareReceived, w.img.ID, w.owner.AccountID, ""),
					admNote(models.NoteShareRevoked, w.img.ID, w.owner.AccountID, "malware found"))
				admNotesAre(t, w, w.owner, admNote(models.NoteShareRevoked, w.img.ID, w.alice.AccountID, "malware found"))
				page, err := w.admin.ListShares(t.Context(), w.root, models.ShareFilter{ID: ids[0]})
				if err != nil || len(page.Shares) != 1 || page.Shares[0].Reason != "malware found" || page.Shares[0].DecidedAt == nil {
					t.Errorf("admin list = %+v, %v; want the reason and the decision time", page.Shares, err)
				}
				admOwnerSees(t, w, models.ShareRevoked, "malware found")
			}},
		{name: "R15 revoking leaves the recipient's instances running",
			prepare: func(t *testing.T, w *admWorld) []int64 {
				ids := admActive(w, t, w.img, w.alice)
				launched, err := w.instances.Launch(t.Context(), w.alice, admLaunch(shGZ, w.img.ID, 1))
				if err != nil {
					t.Fatalf("launch from the shared image: %v", err)
				}
				shStep(t, w.db)
				if got := readInstance(t, w.db, launched[0].ID); got.State != models.InstanceRunning {
					t.Fatalf("instance %s; want RUNNING", got.State)
				}
				return ids
			},
			op: "revoke", reason: "policy", wantN: 1, check: func(t *testing.T, w *admWorld, ids []int64) {
				if n := countRows(t, w.db, &models.Instance{}, "account_id = ? AND image_id = ? AND state = ?",
					w.alice.AccountID, w.img.ID, models.InstanceRunning); n != 1 {
					t.Errorf("%d running instances of the recipient; want 1", n)
				}
			}},
		{name: "R15 revoking shares of several recipients at once",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admActive(w, t, w.img, w.alice, w.bob, w.carol) },
			op:      "revoke", reason: "breach", wantN: 3, check: func(t *testing.T, w *admWorld, ids []int64) {
				for _, who := range []models.Actor{w.alice, w.bob, w.carol} {
					if w.sees(t, who, w.img) {
						t.Errorf("%s still sees the image", who.AccountID)
					}
				}
				if got := admNotes(t, w.db, w.owner); len(got) != 3 {
					t.Errorf("owner notifications = %q; want three share_revoked", got)
				}
			}},
		{name: "R15 after a revoke the owner can share with the account again; the history is kept",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admActive(w, t, w.img, w.alice) },
			op:      "revoke", reason: "mistake", wantN: 1, check: func(t *testing.T, w *admWorld, ids []int64) {
				w.share(t, w.img, w.alice)
				if got := shStatuses(t, w.db, w.img.ID, w.alice.AccountID); !slices.Equal(got, []string{models.ShareRevoked, models.ShareActive}) {
					t.Errorf("history = %q; want revoked, active", got)
				}
				if !w.sees(t, w.alice, w.img) {
					t.Error("the recipient does not see the image shared again")
				}
			}},
		{name: "R15 revoking a pending share is FailedOperation.ShareStatusChanged",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admPending(w, t, w.img, w.alice) },
			op:      "revoke", reason: "no", wantCode: admChanged, wantKind: models.ErrConflict},
		{name: "R15 revoking a cancelled share is FailedOperation.ShareStatusChanged",
			prepare: func(t *testing.T, w *admWorld) []int64 {
				ids := admActive(w, t, w.img, w.alice)
				if _, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, []string{w.alice.AccountID}); err != nil {
					t.Fatalf("cancel: %v", err)
				}
				return ids
			},
			op: "revoke", reason: "no", wantCode: admChanged, wantKind: models.ErrConflict},
		{name: "R15 revoking a revoked share again is FailedOperation.ShareStatusChanged",
			prepare: func(t *testing.T, w *admWorld) []int64 {
				ids := admActive(w, t, w.img, w.alice)
				if _, err := w.admin.Revoke(t.Context(), w.root, ids, "first"); err != nil {
					t.Fatalf("first revoke: %v", err)
				}
				return ids
			},
			op: "revoke", reason: "second", wantCode: admChanged, wantKind: models.ErrConflict},
		{name: "R15 revoking an active and a pending share together changes nothing",
			prepare: func(t *testing.T, w *admWorld) []int64 {
				return append(admActive(w, t, w.img, w.alice), admPending(w, t, w.img, w.bob)...)
			},
			op: "revoke", reason: "no", wantCode: admChanged, wantKind: models.ErrConflict},
		{name: "R17 revoking without a reason is MissingParameter on reason",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admActive(w, t, w.img, w.alice) },
			op:      "revoke", reason: "   ", wantCode: admMissing, wantKind: models.ErrInvalid, wantField: "reason"},
		{name: "R17 a revoke reason of 501 characters is InvalidParameterValue.TooLarge",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admActive(w, t, w.img, w.alice) },
			op:      "revoke", reason: long, wantCode: admTooLarge, wantKind: models.ErrInvalid, wantField: "reason"},
		{name: "R17 a revoke reason of 500 characters is accepted",
			prepare: func(t *testing.T, w *admWorld) []int64 { return admActive(w, t, w.img, w.alice) },
			op:      "revoke", reason: long[:1000], wantN: 1},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				ids := tt.prepare(t, w)
				before, since := admState(t, db), time.Now()
				seen := w.sees(t, w.alice, w.img)
				n, err := admDecide(t.Context(), w, tt.op, ids, tt.reason)
				if tt.wantCode != "" {
					e := wantError(t, err, tt.wantCode, tt.wantKind)
					if _, ok := e.Field(tt.wantField); tt.wantField != "" && !ok {
						t.Errorf("fields = %+v; want one on %s", e.Fields, tt.wantField)
					}
					if n != 0 {
						t.Errorf("n = %d; want 0", n)
					}
					admUnchanged(t, db, before)
					if w.sees(t, w.alice, w.img) != seen {
						t.Error("a refused decision changed what the recipient sees")
					}
					return
				}
				if err != nil || n != tt.wantN {
					t.Fatalf("%s = %d, %v; want %d", tt.op, n, err, tt.wantN)
				}
				status := map[string]string{"approve": models.ShareActive, "reject": models.ShareRejected, "revoke": models.ShareRevoked}[tt.op]
				admDecided(t, w, ids, status, strings.TrimSpace(tt.reason), since)
				if tt.check != nil {
					tt.check(t, w, ids)
				}
			})
		}
	})
}

func TestAdminDecideRace(t *testing.T) {
	// Two decisions on one share at once (two admins, or an admin and the
	// owner, on replicas sharing PostgreSQL): the one that commits second
	// must find the share changed, not overwrite it.
	tests := []struct {
		name    string
		pending bool   // the share starts pending (else active)
		stmt    string // what the other transaction does to the share
		op      string
		want    string // the share's status and reason afterwards
	}{
		{"R15 a revoke racing another admin's revoke is ShareStatusChanged and keeps the first reason", false,
			"UPDATE shares SET status = 'revoked', reason = 'first' WHERE id = ?", "revoke", "revoked first"},
		{"R15 a revoke racing the owner's cancel is ShareStatusChanged and keeps the cancel", false,
			"UPDATE shares SET status = 'cancelled' WHERE id = ?", "revoke", "cancelled "},
		{"R17 an approval racing a reject is ShareStatusChanged and tells no one", true,
			"UPDATE shares SET status = 'rejected', reason = 'first' WHERE id = ?", "approve", "rejected first"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				if tt.pending {
					w.policy(t, models.PolicyReview, 50)
				}
				s := w.share(t, w.img, w.alice)[0]
				notes := countRows(t, db, &models.Notification{}, "")
				var n int
				err := admRace(t, db, tt.stmt, []any{s.ID}, func() (err error) {
					n, err = admDecide(t.Context(), w, tt.op, []int64{s.ID}, "second")
					return err
				})
				if e, ok := models.AsError(err); !ok || e.Code != admChanged || n != 0 {
					t.Errorf("%s = %d, %v; want FailedOperation.ShareStatusChanged", tt.op, n, err)
				}
				if got := admReadShare(t, db, s.ID); got.Status+" "+got.Reason != tt.want {
					t.Errorf("share = %s %q; want %s", got.Status, got.Reason, tt.want)
				}
				if after := countRows(t, db, &models.Notification{}, ""); after != notes {
					t.Errorf("%d notifications written for a decision that lost the race; want none", after-notes)
				}
			})
		}
	})
}
