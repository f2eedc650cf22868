package models_test

import (
	"fmt"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// Finding 9 of the security review (second half): a password change or an
// admin's reset offers to delete the user's API keys too, in the same
// transaction (an admin's disable already stops them).
func TestFinding9PasswordChangeCanRevokeAPIKeys(t *testing.T) {
	const newPassword = "brand-new-password"
	tests := []struct {
		name   string
		admin  bool // an admin resets the password; otherwise the user changes it
		revoke bool
	}{
		{"Finding 9: a password change that revokes deletes the user's keys", false, true},
		{"Finding 9: a password change that does not revoke keeps them", false, false},
		{"Finding 9: an admin's reset that revokes deletes the user's keys", true, true},
		{"Finding 9: an admin's reset that does not revoke keeps them", true, false},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		w := admNewWorld(t, db)
		keys := models.NewAPIKeyStore(db)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				user := newUser(t, db, fmt.Sprintf("revoke-user-%02d", i), rightPassword, false)
				actor := models.Actor{UserID: user.ID, AccountID: user.AccountID}
				bystander, _ := userActor(t, db, fmt.Sprintf("revoke-other-%02d", i))
				id, _, err := keys.Create(t.Context(), actor)
				if err != nil {
					t.Fatal(err)
				}
				theirs, _, err := keys.Create(t.Context(), bystander)
				if err != nil {
					t.Fatal(err)
				}
				if tt.admin {
					err = w.admin.ResetPassword(admCtx(t), w.root, user.ID, newPassword, tt.revoke)
				} else {
					err = models.NewUserStore(db).ChangePassword(admCtx(t), actor, "", models.PasswordChange{
						Current: rightPassword, New: newPassword, Confirm: newPassword, RevokeAPIKeys: tt.revoke})
				}
				if err != nil {
					t.Fatalf("password change: %v", err)
				}
				_, _, err = keys.Resolve(t.Context(), id)
				if revoked := err != nil; revoked != tt.revoke {
					t.Errorf("the user's key revoked: %v, want %v (%v)", revoked, tt.revoke, err)
				}
				if _, _, err := keys.Resolve(t.Context(), theirs); err != nil {
					t.Errorf("another user's key: %v", err)
				}
			})
		}
	})
}
