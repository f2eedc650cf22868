package models_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// admShortID returns a fresh 10-digit account id ("4" and 9 digits).
func admShortID() string { return fmt.Sprintf("4%09d", admSeq.Add(1)) }

var admGeneratedID = regexp.MustCompile(`^[1-9][0-9]{11}$`)

func TestAdminCreateAccount(t *testing.T) {
	tests := []struct {
		name      string
		in        func(w *admWorld, taken models.User) models.NewAccount
		wantCode  string
		wantField string
		wantID    func(in models.NewAccount, got string) bool
		wantRole  string
	}{
		{name: "Accounts a generated id is 12 digits and not in use",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{Name: "Generated Co", Username: admUsername("gen"), Password: admPassword}
			},
			wantID: func(_ models.NewAccount, got string) bool {
				return admGeneratedID.MatchString(got) && models.ValidAccountID(got)
			},
			wantRole: models.RoleMember},
		{name: "Accounts a given 10-digit id is kept",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{ID: admShortID(), Name: "Ten Digits", Username: admUsername("ten"), Password: admPassword}
			},
			wantID: func(in models.NewAccount, got string) bool { return got == in.ID }, wantRole: models.RoleMember},
		{name: "Accounts a given 12-digit id is kept, trimmed",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{ID: " " + admNewAccountID() + " ", Name: "Twelve", Username: admUsername("twelve"), Password: admPassword}
			},
			wantID: func(in models.NewAccount, got string) bool { return got == strings.TrimSpace(in.ID) }, wantRole: models.RoleMember},
		{name: "Accounts an account created with an admin user gives it the admin role",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{Name: "Ops Two", Username: admUsername("ops"), Password: admPassword, Admin: true}
			},
			wantID: func(_ models.NewAccount, got string) bool { return models.ValidAccountID(got) }, wantRole: models.RoleAdmin},
		{name: "Accounts an id already in use is refused",
			in: func(w *admWorld, _ models.User) models.NewAccount {
				return models.NewAccount{ID: w.alice.AccountID, Name: "Copycat", Username: admUsername("copy"), Password: admPassword}
			},
			wantCode: admIDInUse, wantField: "id"},
		{name: "Accounts a username already in use is refused, whatever its case",
			in: func(_ *admWorld, taken models.User) models.NewAccount {
				return models.NewAccount{Name: "Copycat", Username: strings.ToUpper(taken.Username), Password: admPassword}
			},
			wantCode: admUserInUse, wantField: "username"},
		{name: "Accounts an id of 9 digits is refused",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{ID: "123456789", Name: "Short", Username: admUsername("short"), Password: admPassword}
			},
			wantCode: admInvalid, wantField: "id"},
		{name: "Accounts an id of 13 digits is refused",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{ID: "1234567890123", Name: "Long", Username: admUsername("long"), Password: admPassword}
			},
			wantCode: admInvalid, wantField: "id"},
		{name: "Accounts an id with a leading zero is refused",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{ID: "012345678901", Name: "Zero", Username: admUsername("zero"), Password: admPassword}
			},
			wantCode: admInvalid, wantField: "id"},
		{name: "Accounts an id with letters is refused",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{ID: "10001234567a", Name: "Letters", Username: admUsername("letters"), Password: admPassword}
			},
			wantCode: admInvalid, wantField: "id"},
		{name: "Accounts an empty name is refused",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{Name: "   ", Username: admUsername("noname"), Password: admPassword}
			},
			wantCode: admInvalid, wantField: "name"},
		{name: "Accounts a malformed username is refused",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{Name: "Spaces", Username: "has space", Password: admPassword}
			},
			wantCode: admInvalid, wantField: "username"},
		{name: "Accounts a password under 8 characters is refused",
			in: func(*admWorld, models.User) models.NewAccount {
				return models.NewAccount{Name: "Weak", Username: admUsername("weak"), Password: "1234567"}
			},
			wantCode: admInvalid, wantField: "password"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		w := admNewWorld(t, db)
		taken := admSignInUser(t, w, false)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := tt.in(w, taken)
				before := admState(t, db)
				acct, err := w.admin.CreateAccount(t.Context(), w.root, in)
				if tt.wantCode != "" {
					e := wantError(t, err, tt.wantCode, models.ErrInvalid)
					if _, ok := e.Field(tt.wantField); !ok {
						t.Errorf("fields = %+v; want one on %s", e.Fields, tt.wantField)
					}
					if acct != (models.Account{}) {
						t.Errorf("returned %+v; want nothing", acct)
					}
					admUnchanged(t, db, before)
					return
				}
				if err != nil {
					t.Fatalf("CreateAccount: %v", err)
				}
				if !tt.wantID(in, acct.ID) || acct.Status != models.AccountActive || acct.Name != in.Name {
					t.Errorf("account = %+v; want an active account %q with the expected id", acct, in.Name)
				}
				d, err := w.admin.GetAccount(t.Context(), w.root, acct.ID)
				if err != nil || d.Account.ID != acct.ID || len(d.Users) != 1 || d.Users[0].Username != strings.ToLower(in.Username) ||
					d.Users[0].Role != tt.wantRole {
					t.Fatalf("GetAccount = %+v, %v; want one %s user %s", d, err, tt.wantRole, in.Username)
				}
				// A password an admin typed is one-time, as for AddUser.
				if !d.Users[0].MustChangePassword {
					t.Error("the first user of an admin-made account need not change the password")
				}
				if _, err := w.auth.Authenticate(t.Context(), in.Username, in.Password, "192.0.2.1"); err != nil {
					t.Errorf("the new user cannot sign in: %v", err)
				}
			})
		}
		t.Run("Accounts generated ids differ", func(t *testing.T) {
			seen := map[string]bool{}
			for i := range 5 {
				acct, err := w.admin.CreateAccount(t.Context(), w.root, models.NewAccount{Name: fmt.Sprintf("Many %d", i),
					Username: admUsername("many"), Password: admPassword})
				if err != nil || seen[acct.ID] || !admGeneratedID.MatchString(acct.ID) {
					t.Fatalf("CreateAccount = %q, %v; want a new 12-digit id", acct.ID, err)
				}
				seen[acct.ID] = true
			}
		})
	})
}

func TestAdminListAccounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		w := admNewWorld(t, db)
		if err := w.admin.AddUser(t.Context(), w.root, w.alice.AccountID, admUsername("second"), admPassword, false); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			search string
			want   []string
		}{
			{"Accounts search by exact id", w.bob.AccountID, []string{w.bob.AccountID}},
			{"Accounts search by part of the name, ignoring case", "ALICE", []string{w.alice.AccountID}},
			{"Accounts search takes a percent sign literally", "%", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := w.admin.ListAccounts(t.Context(), w.root, tt.search, 1)
				var got []string
				for _, a := range page.Accounts {
					got = append(got, a.ID)
				}
				if err != nil || strings.Join(got, " ") != strings.Join(tt.want, " ") || page.Total != int64(len(tt.want)) {
					t.Errorf("ListAccounts(%q) = %q (total %d), %v; want %q", tt.search, got, page.Total, err, tt.want)
				}
			})
		}
		t.Run("Accounts the list counts each account's users", func(t *testing.T) {
			page, err := w.admin.ListAccounts(t.Context(), w.root, w.alice.AccountID, 1)
			if err != nil || len(page.Accounts) != 1 || page.Accounts[0].Users != 2 {
				t.Errorf("ListAccounts = %+v, %v; want alice's account with 2 users", page.Accounts, err)
			}
		})
	})
}

func TestAdminAddUser(t *testing.T) {
	tests := []struct {
		name      string
		account   func(w *admWorld) string
		username  string // "" for a fresh one
		password  string
		admin     bool
		wantCode  string
		wantKind  error
		wantField string
	}{
		{name: "Accounts a member added to an account must change the password at first sign-in",
			account: func(w *admWorld) string { return w.alice.AccountID }, password: admPassword},
		{name: "Accounts an admin user can be added",
			account: func(w *admWorld) string { return w.bob.AccountID }, password: admPassword, admin: true},
		{name: "Accounts a user can be added to the admin's own account",
			account: func(w *admWorld) string { return w.root.AccountID }, password: admPassword},
		{name: "Accounts a user of an unknown account is InvalidAccountId.NotFound",
			account: func(*admWorld) string { return admNewAccountID() }, password: admPassword,
			wantCode: admAccountNone, wantKind: models.ErrNotFound},
		{name: "Accounts a username in use is refused",
			account: func(w *admWorld) string { return w.alice.AccountID }, username: "taken", password: admPassword,
			wantCode: admUserInUse, wantKind: models.ErrInvalid, wantField: "username"},
		{name: "Accounts a username of two characters is refused",
			account: func(w *admWorld) string { return w.alice.AccountID }, username: "ab", password: admPassword,
			wantCode: admInvalid, wantKind: models.ErrInvalid, wantField: "username"},
		{name: "Accounts a password of 7 characters is refused",
			account: func(w *admWorld) string { return w.alice.AccountID }, password: "1234567",
			wantCode: admInvalid, wantKind: models.ErrInvalid, wantField: "password"},
		{name: "Accounts a password of 129 characters is refused",
			account: func(w *admWorld) string { return w.alice.AccountID }, password: strings.Repeat("p", 129),
			wantCode: admInvalid, wantKind: models.ErrInvalid, wantField: "password"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				username := admUsername("added")
				if tt.username == "taken" {
					username = strings.ToUpper(admSignInUser(t, w, false).Username)
				} else if tt.username != "" {
					username = tt.username
				}
				account := tt.account(w)
				before := admState(t, db)
				err := w.admin.AddUser(t.Context(), w.root, account, "  "+username+" ", tt.password, tt.admin)
				if tt.wantCode != "" {
					e := wantError(t, err, tt.wantCode, tt.wantKind)
					if _, ok := e.Field(tt.wantField); tt.wantField != "" && !ok {
						t.Errorf("fields = %+v; want one on %s", e.Fields, tt.wantField)
					}
					admUnchanged(t, db, before)
					return
				}
				if err != nil {
					t.Fatalf("AddUser: %v", err)
				}
				u := admUser(t, db, strings.ToLower(username))
				role := models.RoleMember
				if tt.admin {
					role = models.RoleAdmin
				}
				if u.AccountID != account || u.Role != role || !u.MustChangePassword {
					t.Errorf("user = account %s, role %s, must change %v; want %s, %s, true", u.AccountID, u.Role, u.MustChangePassword, account, role)
				}
				signed, err := w.auth.Authenticate(t.Context(), username, tt.password, "192.0.2.2")
				if err != nil || signed.ID != u.ID || !signed.MustChangePassword {
					t.Errorf("Authenticate = %+v, %v; want the new user, who must change the password", signed, err)
				}
			})
		}
	})
}

func TestAdminResetPassword(t *testing.T) {
	const newPassword = "brand-new-password"
	tests := []struct {
		name      string
		user      func(u models.User) int64
		password  string
		wantCode  string
		wantKind  error
		wantField string
	}{
		{name: "Accounts a reset password works, the old one no longer does, and all the user's sessions end",
			user: func(u models.User) int64 { return u.ID }, password: newPassword},
		{name: "Accounts resetting an unknown user is ResourceNotFound",
			user: func(u models.User) int64 { return u.ID + 100000 }, password: newPassword, wantCode: admNotFoundCode, wantKind: models.ErrNotFound},
		{name: "Accounts a reset password of 7 characters is refused",
			user: func(u models.User) int64 { return u.ID }, password: "short12", wantCode: admInvalid, wantKind: models.ErrInvalid, wantField: "password"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				u := admSignInUser(t, w, false)
				other := admUsername("colleague")
				if err := w.admin.AddUser(t.Context(), w.root, u.AccountID, other, admPassword, false); err != nil {
					t.Fatal(err)
				}
				colleague := admUser(t, db, other)
				var tokens []string
				for _, id := range []int64{u.ID, u.ID, colleague.ID} {
					token, err := w.sessions.Create(t.Context(), id, "")
					if err != nil {
						t.Fatal(err)
					}
					tokens = append(tokens, token)
				}
				before := admState(t, db)
				err := w.admin.ResetPassword(t.Context(), w.root, tt.user(u), tt.password, false)
				if tt.wantCode != "" {
					e := wantError(t, err, tt.wantCode, tt.wantKind)
					if _, ok := e.Field(tt.wantField); tt.wantField != "" && !ok {
						t.Errorf("fields = %+v; want one on %s", e.Fields, tt.wantField)
					}
					admUnchanged(t, db, before)
					if _, err := w.auth.Authenticate(t.Context(), u.Username, admPassword, "192.0.2.3"); err != nil {
						t.Errorf("the old password stopped working after a refused reset: %v", err)
					}
					return
				}
				if err != nil {
					t.Fatalf("ResetPassword: %v", err)
				}
				signed, err := w.auth.Authenticate(t.Context(), u.Username, newPassword, "192.0.2.3")
				if err != nil || signed.ID != u.ID || !signed.MustChangePassword {
					t.Errorf("sign-in with the new password = %+v, %v; want the user, who must change it", signed, err)
				}
				_, err = w.auth.Authenticate(t.Context(), u.Username, admPassword, "192.0.2.3")
				wantError(t, err, admAuthFailure, models.ErrInvalid)
				if n := admSessions(t, db, u.ID); n != 0 {
					t.Errorf("%d sessions of the user left; want 0", n)
				}
				for _, token := range tokens[:2] {
					if _, err := w.sessions.Lookup(t.Context(), token); !errors.Is(err, models.ErrNotFound) {
						t.Errorf("Lookup of an old session = %v; want ErrNotFound", err)
					}
				}
				if su, err := w.sessions.Lookup(t.Context(), tokens[2]); err != nil || su.UserID != colleague.ID {
					t.Errorf("a colleague's session = %+v, %v; want it alive", su, err)
				}
			})
		}
	})
}
