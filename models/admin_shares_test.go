package models_test

import (
	"context"
	"reflect"
	"slices"
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
			return nil, s.ResetPassword(ctx, a, x.user.ID, "another-password", false)
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
				RecipientName: "Alice Ltd", Reach: 1, Status: models.ShareActive}
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
