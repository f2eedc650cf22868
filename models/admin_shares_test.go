package models_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestAdminOnlyAdmins(t *testing.T) {
	// Every admin method, called by a member with real targets (a pending and
	// an active share, an account, a user), is ErrNotFound and changes nothing:
	// admin data does not exist for members.
	type targets struct {
		pending, active int64
		user            models.User
	}
	tests := []struct {
		name string
		call func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error)
	}{
		{"Admin a member cannot read the overview", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.Overview(ctx, a)
		}},
		{"Admin a member cannot list shares", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.ListShares(ctx, a, models.ShareFilter{})
		}},
		{"Admin a member cannot export shares", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.ExportShares(ctx, a, models.ShareFilter{})
		}},
		{"R17 a member cannot approve a share", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.Approve(ctx, a, []int64{x.pending})
		}},
		{"R17 a member cannot reject a share", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.Reject(ctx, a, []int64{x.pending}, "no")
		}},
		{"R15 a member cannot revoke a share", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.Revoke(ctx, a, []int64{x.active}, "no")
		}},
		{"Admin a member cannot read another account's image", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.GetImage(ctx, a, w.img.ID)
		}},
		{"R17 a member cannot read the settings", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.Settings(ctx, a)
		}},
		{"R17 a member cannot change the settings", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return nil, s.SetSettings(ctx, a, models.Settings{SharePolicy: models.PolicyReview, ShareCap: 3})
		}},
		{"Accounts a member cannot list accounts", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.ListAccounts(ctx, a, "", 1)
		}},
		{"Accounts a member cannot read an account", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.GetAccount(ctx, a, w.alice.AccountID)
		}},
		{"Accounts a member cannot create an account", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.CreateAccount(ctx, a, models.NewAccount{Name: "Sneaky", Username: admUsername("sneaky"), Password: admPassword, Admin: true})
		}},
		{"Accounts a member cannot add a user", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return nil, s.AddUser(ctx, a, a.AccountID, admUsername("sneaky"), admPassword, true)
		}},
		{"Accounts a member cannot reset a password", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return nil, s.ResetPassword(ctx, a, x.user.ID, "another-password")
		}},
		{"Accounts a member cannot disable an account", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return nil, s.SetAccountStatus(ctx, a, w.alice.AccountID, models.AccountDisabled)
		}},
		{"R3 a member cannot change a quota", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return nil, s.SetQuota(ctx, a, a.AccountID, shGZ, 500)
		}},
		{"Audit a member cannot read the platform's log", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.Audit(ctx, a, models.AuditFilter{})
		}},
		{"Audit a member cannot export the platform's log", func(ctx context.Context, s *models.AdminStore, a models.Actor, w *admWorld, x targets) (any, error) {
			return s.ExportAudit(ctx, a, models.AuditFilter{})
		}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		w := admNewWorld(t, db)
		x := targets{active: w.share(t, w.img, w.alice)[0].ID}
		w.policy(t, models.PolicyReview, 50)
		x.pending = w.share(t, w.img, w.bob)[0].ID
		x.user = admSignInUser(t, w, false)
		// A member of the admin's own account is a member all the same.
		sameAccount := models.Actor{UserID: x.user.ID + 1000, AccountID: w.root.AccountID}
		for _, member := range []struct {
			who   string
			actor models.Actor
		}{{"owner", w.owner}, {"admin's account", sameAccount}} {
			for _, tt := range tests {
				t.Run(tt.name+" ("+member.who+")", func(t *testing.T) {
					before := admState(t, db)
					got, err := tt.call(admCtx(t), w.admin, member.actor, w, x)
					wantError(t, err, admNotFoundCode, models.ErrNotFound)
					if got != nil && !reflect.ValueOf(got).IsZero() {
						t.Errorf("returned %+v; want nothing", got)
					}
					admUnchanged(t, db, before)
				})
			}
		}
	})
}

func TestAdminListShares(t *testing.T) {
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }
	tests := []struct {
		name      string
		filter    func(w *admWorld, k map[string]int64) models.ShareFilter
		want      []string // share keys in order
		wantTotal int64
		wantPages int
	}{
		{"Admin shares unfiltered lists every account's shares newest first",
			func(*admWorld, map[string]int64) models.ShareFilter { return models.ShareFilter{} },
			[]string{"s6", "s5", "s4", "s3", "s2", "s1"}, 6, 1},
		{"Admin shares filter by owner", func(w *admWorld, _ map[string]int64) models.ShareFilter {
			return models.ShareFilter{Owner: w.owner.AccountID}
		}, []string{"s6", "s3", "s2", "s1"}, 4, 1},
		{"Admin shares filter by another owner", func(w *admWorld, _ map[string]int64) models.ShareFilter {
			return models.ShareFilter{Owner: w.bob.AccountID}
		}, []string{"s5", "s4"}, 2, 1},
		{"Admin shares filter by recipient", func(w *admWorld, _ map[string]int64) models.ShareFilter {
			return models.ShareFilter{Recipient: w.alice.AccountID}
		}, []string{"s4", "s3", "s1"}, 3, 1},
		{"Admin shares filter by region", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{Region: shSH}
		}, []string{"s6", "s3"}, 2, 1},
		{"Admin shares filter by status active", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{Status: models.ShareActive}
		}, []string{"s4", "s1"}, 2, 1},
		{"R17 admin shares filter by status pending is the review queue", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{Status: models.SharePending}
		}, []string{"s2"}, 1, 1},
		{"Admin shares filter from a date, inclusive", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{From: at(3)}
		}, []string{"s6", "s5", "s4", "s3"}, 4, 1},
		{"Admin shares filter to a date, exclusive", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{To: at(3)}
		}, []string{"s2", "s1"}, 2, 1},
		{"Admin shares filter between dates", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{From: at(2), To: at(5)}
		}, []string{"s4", "s3", "s2"}, 3, 1},
		{"Admin shares filters combine", func(w *admWorld, _ map[string]int64) models.ShareFilter {
			return models.ShareFilter{Owner: w.owner.AccountID, Recipient: w.carol.AccountID, Region: shGZ}
		}, []string{"s2"}, 1, 1},
		{"Admin shares filter by image", func(w *admWorld, k map[string]int64) models.ShareFilter {
			return models.ShareFilter{Image: admShareImage(w, k["s4"])}
		}, []string{"s5", "s4"}, 2, 1},
		{"Admin shares filter by share id", func(w *admWorld, k map[string]int64) models.ShareFilter {
			return models.ShareFilter{ID: k["s3"]}
		}, []string{"s3"}, 1, 1},
		{"Admin shares a filter matching nothing lists nothing", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{Region: shBJ}
		}, nil, 0, 1},
		{"Admin shares sort oldest first", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{Sort: "oldest"}
		}, []string{"s1", "s2", "s3", "s4", "s5", "s6"}, 6, 1},
		{"Admin shares an unknown sort is newest first", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{Sort: "sideways"}
		}, []string{"s6", "s5", "s4", "s3", "s2", "s1"}, 6, 1},
		{"Admin shares paging gives the first page", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{PageSize: 4}
		}, []string{"s6", "s5", "s4", "s3"}, 6, 2},
		{"Admin shares paging gives the second page", func(*admWorld, map[string]int64) models.ShareFilter {
			return models.ShareFilter{PageSize: 4, Page: 2}
		}, []string{"s2", "s1"}, 6, 2},
		{"Admin shares paging combines with sort and filters", func(w *admWorld, _ map[string]int64) models.ShareFilter {
			return models.ShareFilter{Owner: w.owner.AccountID, Sort: "oldest", PageSize: 3, Page: 2}
		}, []string{"s6"}, 4, 2},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		w := admNewWorld(t, db)
		silver := w.addImage(t, w.owner, shSH, "silver")
		bronze := w.addImage(t, w.bob, shGZ, "bronze")
		k := map[string]int64{
			"s1": admShare(t, db, w.img, w.alice, models.ShareActive, at(1)).ID,
			"s2": admShare(t, db, w.img, w.carol, models.SharePending, at(2)).ID,
			"s3": admShare(t, db, silver, w.alice, models.ShareRevoked, at(3)).ID,
			"s4": admShare(t, db, bronze, w.alice, models.ShareActive, at(4)).ID,
			"s5": admShare(t, db, bronze, w.carol, models.ShareRejected, at(5)).ID,
			"s6": admShare(t, db, silver, w.carol, models.ShareCancelled, at(6)).ID,
		}
		keyOf := func(id int64) string {
			for key, v := range k {
				if v == id {
					return key
				}
			}
			return "?"
		}
		keys := func(rows []models.AdminShare) []string {
			var out []string
			for _, r := range rows {
				out = append(out, keyOf(r.ID))
			}
			return out
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := w.admin.ListShares(t.Context(), w.root, tt.filter(w, k))
				if err != nil {
					t.Fatalf("ListShares: %v", err)
				}
				if got := keys(page.Shares); !slices.Equal(got, tt.want) || page.Total != tt.wantTotal || page.Pages() != tt.wantPages {
					t.Errorf("ListShares = %q, total %d, %d pages; want %q, %d, %d", got, page.Total, page.Pages(), tt.want, tt.wantTotal, tt.wantPages)
				}
			})
		}
		t.Run("Admin shares a row joins image, region, owner and recipient", func(t *testing.T) {
			page, err := w.admin.ListShares(t.Context(), w.root, models.ShareFilter{ID: k["s4"]})
			if err != nil || len(page.Shares) != 1 {
				t.Fatalf("ListShares = %+v, %v; want one row", page.Shares, err)
			}
			got := page.Shares[0]
			want := models.AdminShare{ID: k["s4"], ImageID: bronze.ID, ImageName: "bronze", RegionID: shGZ,
				OwnerAccountID: w.bob.AccountID, OwnerName: "Bob Inc", RecipientAccountID: w.alice.AccountID,
				RecipientName: "Alice Ltd", Status: models.ShareActive}
			if !got.CreatedAt.Equal(at(4)) {
				t.Errorf("created at %v; want %v", got.CreatedAt, at(4))
			}
			got.CreatedAt = time.Time{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("row = %+v; want %+v", got, want)
			}
		})
		t.Run("Admin shares page size defaults to 20, at most 100, page at least 1", func(t *testing.T) {
			for _, c := range []struct{ size, page, wantSize, wantPage int }{{0, 0, 20, 1}, {1000, -3, 100, 1}, {7, 2, 7, 2}} {
				page, err := w.admin.ListShares(t.Context(), w.root, models.ShareFilter{PageSize: c.size, Page: c.page})
				if err != nil || page.Filter.PageSize != c.wantSize || page.Filter.Page != c.wantPage {
					t.Errorf("size %d page %d: got size %d page %d, %v; want %d, %d", c.size, c.page, page.Filter.PageSize,
						page.Filter.Page, err, c.wantSize, c.wantPage)
				}
			}
		})
		t.Run("Admin shares export lists every match newest first, whatever the page", func(t *testing.T) {
			out, err := w.admin.ExportShares(t.Context(), w.root, models.ShareFilter{Recipient: w.alice.AccountID, Page: 2, PageSize: 1})
			if got := keys(out); err != nil || !slices.Equal(got, []string{"s4", "s3", "s1"}) {
				t.Errorf("ExportShares = %q, %v; want s4 s3 s1", got, err)
			}
			out, err = w.admin.ExportShares(t.Context(), w.root, models.ShareFilter{Owner: w.owner.AccountID, Status: models.ShareCancelled, From: at(6), To: at(7)})
			if got := keys(out); err != nil || !slices.Equal(got, []string{"s6"}) {
				t.Errorf("ExportShares = %q, %v; want s6", got, err)
			}
			out, err = w.admin.ExportShares(t.Context(), w.root, models.ShareFilter{})
			if err != nil || len(out) != 6 || out[0].RecipientName != "Carol SA" || out[0].OwnerName != "Owner Co" {
				t.Errorf("ExportShares = %+v, %v; want 6 rows with names, s6 first", out, err)
			}
		})
	})
}

// admShareImage returns the image id of a share.
func admShareImage(w *admWorld, id int64) string {
	var s models.Share
	w.db.Where("id = ?", id).Take(&s)
	return s.ImageID
}

// admDecideRow is one admin decision on shares a row prepared.
type admDecideRow struct {
	name string
	// prepare makes the shares and returns the ids to decide on.
	prepare func(t *testing.T, w *admWorld) []int64
	op      string // "approve", "reject" or "revoke"
	reason  string
	// A refusal: the code, kind and (for validation) field; nothing changes.
	wantCode  string
	wantKind  error
	wantField string
	// A success: how many shares moved, and what else must hold.
	wantN int
	check func(t *testing.T, w *admWorld, ids []int64)
}

func admDecide(ctx context.Context, w *admWorld, op string, ids []int64, reason string) (int, error) {
	switch op {
	case "approve":
		return w.admin.Approve(ctx, w.root, ids)
	case "reject":
		return w.admin.Reject(ctx, w.root, ids, reason)
	default:
		return w.admin.Revoke(ctx, w.root, ids, reason)
	}
}

// admPending shares an image under review with accounts: pending shares.
func admPending(w *admWorld, t *testing.T, img models.Image, to ...models.Actor) []int64 {
	t.Helper()
	w.policy(t, models.PolicyReview, 50)
	return admShareIDs(w.share(t, img, to...))
}

// admActive shares an image under the immediate policy: active shares.
func admActive(w *admWorld, t *testing.T, img models.Image, to ...models.Actor) []int64 {
	t.Helper()
	w.policy(t, models.PolicyImmediate, 50)
	return admShareIDs(w.share(t, img, to...))
}

// admDecided fails the test unless every share is in status, decided by the
// world's admin just now, with reason.
func admDecided(t *testing.T, w *admWorld, ids []int64, status, reason string, since time.Time) {
	t.Helper()
	for _, id := range ids {
		s := admReadShare(t, w.db, id)
		if s.Status != status || s.DecidedByUserID == nil || *s.DecidedByUserID != w.rootUser.ID || s.DecidedAt == nil ||
			s.DecidedAt.Before(since.Add(-time.Millisecond)) || s.Reason != reason {
			t.Errorf("share %d = %s decided by %v at %v for %q; want %s by %d now for %q", id, s.Status, s.DecidedByUserID,
				s.DecidedAt, s.Reason, status, w.rootUser.ID, reason)
		}
	}
}

// admNotesAre fails the test unless an account's notifications are want.
func admNotesAre(t *testing.T, w *admWorld, who models.Actor, want ...string) {
	t.Helper()
	if got := admNotes(t, w.db, who); !slices.Equal(got, want) {
		t.Errorf("notifications of %s = %q; want %q", who.AccountID, got, want)
	}
}

// admOwnerSees fails the test unless the owner's share list of the world's
// image holds one share, in status, decided by the admin, with reason.
func admOwnerSees(t *testing.T, w *admWorld, status, reason string) {
	t.Helper()
	views, err := w.shares.ForImage(t.Context(), w.owner, w.img.ID)
	if err != nil || len(views) != 1 || views[0].Status != status || views[0].Reason != reason || views[0].DecidedBy != w.rootUser.Username {
		t.Errorf("owner's share list = %+v, %v; want one %s share decided by %s for %q", views, err, status, w.rootUser.Username, reason)
	}
}

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

func TestAdminSetSettings(t *testing.T) {
	tests := []struct {
		name       string
		in         models.Settings
		wantFields []string // nil: accepted
	}{
		{"R17 policy review with cap 1 is accepted", models.Settings{SharePolicy: models.PolicyReview, ShareCap: 1}, nil},
		{"R1 a cap of 500 is accepted", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 500}, nil},
		{"R1 a cap of 0 is refused", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 0}, []string{"cap"}},
		{"R1 a cap of 501 is refused", models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 501}, []string{"cap"}},
		{"R1 a negative cap is refused", models.Settings{SharePolicy: models.PolicyReview, ShareCap: -5}, []string{"cap"}},
		{"R17 an empty policy is refused", models.Settings{SharePolicy: "", ShareCap: 50}, []string{"policy"}},
		{"R17 an unknown policy is refused", models.Settings{SharePolicy: "Review", ShareCap: 50}, []string{"policy"}},
		{"R17 a bad policy and a bad cap are both named", models.Settings{SharePolicy: "auto", ShareCap: 1000}, []string{"policy", "cap"}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				w.policy(t, models.PolicyImmediate, 42)
				before := admState(t, db)
				err := w.admin.SetSettings(t.Context(), w.root, tt.in)
				got, gerr := w.admin.Settings(t.Context(), w.root)
				if gerr != nil {
					t.Fatal(gerr)
				}
				if tt.wantFields == nil {
					if err != nil || got != tt.in {
						t.Errorf("SetSettings = %v, then Settings = %+v; want %+v", err, got, tt.in)
					}
					return
				}
				e := wantError(t, err, admInvalid, models.ErrInvalid)
				var fields []string
				for _, f := range e.Fields {
					fields = append(fields, f.Field)
				}
				if !slices.Equal(fields, tt.wantFields) {
					t.Errorf("fields = %q; want %q", fields, tt.wantFields)
				}
				if m, ok := e.Field("cap"); ok && (m.Key != "admin.cap_range" || !reflect.DeepEqual(m.Args, []any{1, 500})) {
					t.Errorf("cap message = %+v; want admin.cap_range 1..500", m)
				}
				admUnchanged(t, db, before)
				if want := (models.Settings{SharePolicy: models.PolicyImmediate, ShareCap: 42}); got != want {
					t.Errorf("Settings = %+v; want %+v", got, want)
				}
			})
		}
	})
}

func TestAdminPolicy(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, w *admWorld)
	}{
		{"R17 under review a new share is pending, invisible to the recipient, shown to the owner as pending", func(t *testing.T, w *admWorld) {
			w.policy(t, models.PolicyReview, 50)
			out := w.share(t, w.img, w.alice)
			if len(out) != 1 || out[0].Status != models.SharePending {
				t.Fatalf("Share = %+v; want one pending share", out)
			}
			if w.sees(t, w.alice, w.img) {
				t.Error("the recipient sees an image whose share is pending")
			}
			_, err := w.instances.Launch(t.Context(), w.alice, admLaunch(shGZ, w.img.ID, 1))
			wantError(t, err, admImageNotFound, models.ErrNotFound)
			views, err := w.shares.ForImage(t.Context(), w.owner, w.img.ID)
			if err != nil || len(views) != 1 || views[0].Status != models.SharePending || !views[0].Live() {
				t.Errorf("owner's share list = %+v, %v; want one pending share", views, err)
			}
			admNotesAre(t, w, w.alice)
			admNotesAre(t, w, w.owner)
		}},
		{"R17 under review pending shares count toward the cap", func(t *testing.T, w *admWorld) {
			w.policy(t, models.PolicyReview, 2)
			w.share(t, w.img, w.alice, w.bob)
			before := admState(t, w.db)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.carol.AccountID}, RiskAccepted: true})
			wantError(t, err, admOverQuota, models.ErrInvalid)
			admUnchanged(t, w.db, before)
		}},
		{"R17 switching to review leaves active shares active and visible", func(t *testing.T, w *admWorld) {
			w.share(t, w.img, w.alice)
			w.policy(t, models.PolicyReview, 50)
			if got := shStatuses(t, w.db, w.img.ID, w.alice.AccountID); !slices.Equal(got, []string{models.ShareActive}) {
				t.Errorf("statuses = %q; want active", got)
			}
			if !w.sees(t, w.alice, w.img) {
				t.Error("the recipient lost the image when the policy changed")
			}
		}},
		{"R17 switching to immediate leaves pending shares pending; new shares are active", func(t *testing.T, w *admWorld) {
			w.policy(t, models.PolicyReview, 50)
			w.share(t, w.img, w.alice)
			w.policy(t, models.PolicyImmediate, 50)
			if got := shStatuses(t, w.db, w.img.ID, w.alice.AccountID); !slices.Equal(got, []string{models.SharePending}) {
				t.Errorf("statuses = %q; want pending", got)
			}
			if w.sees(t, w.alice, w.img) {
				t.Error("a pending share became visible when the policy changed")
			}
			if out := w.share(t, w.img, w.bob); out[0].Status != models.ShareActive {
				t.Errorf("new share = %s; want active", out[0].Status)
			}
		}},
		{"R1 lowering the cap below an image's count removes no share but blocks new ones", func(t *testing.T, w *admWorld) {
			w.share(t, w.img, w.alice, w.bob, w.carol)
			w.policy(t, models.PolicyImmediate, 2)
			if n := shLive(t, w.db, w.img.ID); n != 3 {
				t.Errorf("%d live shares after lowering the cap; want 3", n)
			}
			for _, who := range []models.Actor{w.alice, w.bob, w.carol} {
				if !w.sees(t, who, w.img) {
					t.Errorf("%s lost the image when the cap was lowered", who.AccountID)
				}
			}
			dave, _ := admMember(t, w.db, "Dave Co", models.RoleMember)
			before := admState(t, w.db)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{dave.AccountID}, RiskAccepted: true})
			wantError(t, err, admOverQuota, models.ErrInvalid)
			admUnchanged(t, w.db, before)
		}},
		{"R1 under a lowered cap an image below it may still share up to the cap", func(t *testing.T, w *admWorld) {
			silver := w.addImage(t, w.owner, shGZ, "silver")
			w.share(t, silver, w.alice)
			w.policy(t, models.PolicyImmediate, 2)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: silver.ID,
				AccountIDs: []string{w.bob.AccountID, w.carol.AccountID}, RiskAccepted: true})
			wantError(t, err, admOverQuota, models.ErrInvalid)
			w.share(t, silver, w.bob)
			if n := shLive(t, w.db, silver.ID); n != 2 {
				t.Errorf("%d live shares; want 2", n)
			}
		}},
		{"R1 raising the cap again lets the image share again", func(t *testing.T, w *admWorld) {
			w.share(t, w.img, w.alice, w.bob)
			w.policy(t, models.PolicyImmediate, 1)
			w.policy(t, models.PolicyImmediate, 3)
			w.share(t, w.img, w.carol)
			if n := shLive(t, w.db, w.img.ID); n != 3 {
				t.Errorf("%d live shares; want 3", n)
			}
		}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.run(t, admNewWorld(t, db))
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
