package models_test

import (
	"context"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestAuditFailedChangeLeavesNeither(t *testing.T) {
	// Each row fails inside the change, at the database, after every rule
	// passed: the change rolls back, and its event with it.
	// failure is a write the database refuses (admFailOn), or with op
	// "RENAME" a table the change reads that is gone (admRenameAway).
	type failure struct{ table, op, when string }
	tests := []struct {
		name    string
		fail    failure
		prepare func(t *testing.T, w *admWorld) func(ctx context.Context) error
	}{
		{"R14 a share whose recipient notification cannot be written leaves no share and no event",
			failure{"notifications", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID,
						AccountIDs: []string{w.alice.AccountID, w.bob.AccountID}, RiskAccepted: true})
					return err
				}
			}},
		{"R14 a share whose audit event cannot be written leaves no share",
			failure{"audit_events", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.shares.Share(ctx, w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: []string{w.alice.AccountID}, RiskAccepted: true})
					return err
				}
			}},
		{"R16 a rename the database refuses leaves the name and no event",
			failure{"images", "UPDATE", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.images.Update(ctx, w.owner, w.img.ID, models.ImageEdit{Name: "renamed"})
					return err
				}
			}},
		{"R16 a rename whose audit event cannot be written leaves the name",
			failure{"audit_events", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.images.Update(ctx, w.owner, w.img.ID, models.ImageEdit{Name: "renamed"})
					return err
				}
			}},
		{"R4 a launch whose boot job cannot be queued leaves no instance and no event",
			failure{"jobs", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					_, err := w.instances.Launch(ctx, w.owner, admLaunch(shGZ, w.img.ID, 3))
					return err
				}
			}},
		{"R17 settings whose cap cannot be written leave the policy too, and no event",
			failure{"settings", "INSERT", "NEW.key = 'share_cap'"}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					return w.admin.SetSettings(ctx, w.root, models.Settings{SharePolicy: models.PolicyReview, ShareCap: 9})
				}
			}},
		{"R17 settings whose audit event cannot be written leave the settings",
			failure{"audit_events", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					return w.admin.SetSettings(ctx, w.root, models.Settings{SharePolicy: models.PolicyReview, ShareCap: 9})
				}
			}},
		{"R15 a revoke whose notifications cannot be written leaves the share active and no event",
			failure{"notifications", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				s := w.share(t, w.img, w.alice)[0]
				return func(ctx context.Context) error {
					_, err := w.admin.Revoke(ctx, w.root, []int64{s.ID}, "malware found")
					return err
				}
			}},
		{"R17 an approval whose notifications cannot be written leaves the shares pending and no event",
			failure{"notifications", "INSERT", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				w.policy(t, models.PolicyReview, 50)
				out := w.share(t, w.img, w.alice, w.bob)
				return func(ctx context.Context) error {
					_, err := w.admin.Approve(ctx, w.root, admShareIDs(out))
					return err
				}
			}},
		{"Accounts disabling an account whose sessions cannot be deleted leaves it active and no event",
			failure{"sessions", "DELETE", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				u := admSignInUser(t, w, false)
				if _, err := w.sessions.Create(t.Context(), u.ID, ""); err != nil {
					t.Fatalf("create session: %v", err)
				}
				return func(ctx context.Context) error {
					return w.admin.SetAccountStatus(ctx, w.root, u.AccountID, models.AccountDisabled)
				}
			}},
		{"R3 a quota change that cannot read the account fails as a database failure, with no event",
			failure{"accounts", "RENAME", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					return w.admin.SetQuota(ctx, w.root, w.alice.AccountID, shGZ, 3)
				}
			}},
		{"Accounts adding a user when the account cannot be read fails as a database failure, with no event",
			failure{"accounts", "RENAME", ""}, func(t *testing.T, w *admWorld) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					return w.admin.AddUser(ctx, w.root, w.alice.AccountID, admUsername("blind"), admPassword, false)
				}
			}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				call := tt.prepare(t, w)
				before, mark := admState(t, db), admMark(t, db)
				var undo func()
				if tt.fail.op == "RENAME" {
					undo = admRenameAway(t, db, tt.fail.table)
				} else {
					undo = admFailOn(t, db, tt.fail.table, tt.fail.op, tt.fail.when)
				}
				err := call(admCtx(t))
				undo()
				if err == nil {
					t.Fatal("the call succeeded although the database refused a write")
				}
				if e, ok := models.AsError(err); ok {
					t.Fatalf("error = %v (%s); want a database failure, not a domain refusal", err, e.Code)
				}
				admUnchanged(t, db, before)
				admNoEvent(t, db, mark)
			})
		}
	})
}
