package models_test

import (
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// validAccount is a NewAccount that passes every check; rows change one field.
func validAccount(username string) models.NewAccount {
	return models.NewAccount{Name: "Acme Hosting", Username: username, Password: "s3cret-enough"}
}

func TestAccountCreateRejectsInvalidInput(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(a *models.NewAccount)
		field string
	}{
		{"SPEC 2: id of 9 digits is too short", func(a *models.NewAccount) { a.ID = "123456789" }, "id"},
		{"SPEC 2: id of 13 digits is too long", func(a *models.NewAccount) { a.ID = "1234567890123" }, "id"},
		{"SPEC 2: id with a leading zero", func(a *models.NewAccount) { a.ID = "012345678901" }, "id"},
		{"SPEC 2: id with a letter", func(a *models.NewAccount) { a.ID = "10000000000a" }, "id"},
		{"SPEC 2: id with a sign", func(a *models.NewAccount) { a.ID = "-10000000000" }, "id"},
		{"empty name", func(a *models.NewAccount) { a.Name = "" }, "name"},
		{"name of only spaces", func(a *models.NewAccount) { a.Name = "   " }, "name"},
		{"name of 61 characters (counted in runes)", func(a *models.NewAccount) { a.Name = strings.Repeat("é", 61) }, "name"},
		{"name with a newline", func(a *models.NewAccount) { a.Name = "Acme\nHosting" }, "name"},
		{"name with a NUL", func(a *models.NewAccount) { a.Name = "Acme\x00Hosting" }, "name"},
		{"name with a terminal escape", func(a *models.NewAccount) { a.Name = "\x1b[31mAcme" }, "name"},
		{"empty username", func(a *models.NewAccount) { a.Username = "" }, "username"},
		{"username of 2 characters", func(a *models.NewAccount) { a.Username = "ab" }, "username"},
		{"username of 33 characters", func(a *models.NewAccount) { a.Username = strings.Repeat("a", 33) }, "username"},
		{"username starting with a dot", func(a *models.NewAccount) { a.Username = ".acme" }, "username"},
		{"username with a space inside", func(a *models.NewAccount) { a.Username = "ac me" }, "username"},
		{"username with a non-ASCII letter", func(a *models.NewAccount) { a.Username = "açme" }, "username"},
		{"username that is an email address", func(a *models.NewAccount) { a.Username = "ops@acme.example" }, "username"},
		{"password of 7 characters", func(a *models.NewAccount) { a.Password = "1234567" }, "password"},
		{"password of 129 characters", func(a *models.NewAccount) { a.Password = strings.Repeat("p", 129) }, "password"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store := models.NewAccountStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := validAccount("acme-ops")
				tt.edit(&in)
				_, err := store.Create(t.Context(), in)
				e := domainError(t, err)
				if !errors.Is(err, models.ErrInvalid) {
					t.Errorf("error kind = %v; want ErrInvalid", e.Kind)
				}
				if _, ok := e.Field(tt.field); !ok || len(e.Fields) != 1 {
					t.Errorf("fields = %+v; want exactly one, on %q", e.Fields, tt.field)
				}
				if n := countRows(t, db, &models.Account{}, "") + countRows(t, db, &models.User{}, ""); n != 0 {
					t.Errorf("an invalid Create left %d account/user rows", n)
				}
			})
		}
	})
}

func TestAccountCreateAcceptsBoundaryInput(t *testing.T) {
	tests := []struct {
		name         string
		in           models.NewAccount
		wantID       string // "" when generated
		wantName     string
		wantUsername string
	}{
		{"SPEC 2: id of 10 digits", models.NewAccount{ID: "1000000000", Name: "Ten", Username: "ten-digits", Password: "s3cret-enough"}, "1000000000", "Ten", "ten-digits"},
		{"SPEC 2: id of 12 digits", models.NewAccount{ID: "999999999999", Name: "Twelve", Username: "twelve", Password: "s3cret-enough"}, "999999999999", "Twelve", "twelve"},
		{"name of 60 characters", models.NewAccount{Name: strings.Repeat("é", 60), Username: "long-name", Password: "s3cret-enough"}, "", strings.Repeat("é", 60), "long-name"},
		{"name is trimmed", models.NewAccount{Name: "  Trimmed Co  ", Username: "trimmed", Password: "s3cret-enough"}, "", "Trimmed Co", "trimmed"},
		{"username of 3 characters", models.NewAccount{Name: "Short", Username: "abc", Password: "s3cret-enough"}, "", "Short", "abc"},
		{"username of 32 characters", models.NewAccount{Name: "Long", Username: strings.Repeat("b", 32), Password: "s3cret-enough"}, "", "Long", strings.Repeat("b", 32)},
		{"username is lower-cased and trimmed", models.NewAccount{Name: "Mixed", Username: "  Mixed.Case_User ", Password: "s3cret-enough"}, "", "Mixed", "mixed.case_user"},
		{"password of 8 characters", models.NewAccount{Name: "Eight", Username: "eight", Password: "12345678"}, "", "Eight", "eight"},
		{"password of 128 characters", models.NewAccount{Name: "Max", Username: "max-pass", Password: strings.Repeat("p", 128)}, "", "Max", "max-pass"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store := models.NewAccountStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				acct, err := store.Create(t.Context(), tt.in)
				if err != nil {
					t.Fatalf("Create: %v", err)
				}
				if (tt.wantID != "" && acct.ID != tt.wantID) || acct.Name != tt.wantName || acct.Status != models.AccountActive {
					t.Errorf("account = %+v; want id %q, name %q, active", acct, tt.wantID, tt.wantName)
				}
				var u models.User
				if err := db.Where("account_id = ?", acct.ID).Take(&u).Error; err != nil {
					t.Fatalf("first user of %s: %v", acct.ID, err)
				}
				if u.Username != tt.wantUsername || u.Role != models.RoleMember {
					t.Errorf("user = %s (%s); want %s (member)", u.Username, u.Role, tt.wantUsername)
				}
				if _, err := models.NewAuthStore(db, models.DefaultLoginLimit).Authenticate(t.Context(), u.Username, tt.in.Password, "192.0.2.9"); err != nil {
					t.Errorf("the new user cannot sign in: %v", err)
				}
			})
		}
	})
}

func TestAccountCreateRefusesDuplicates(t *testing.T) {
	tests := []struct {
		name  string
		in    models.NewAccount
		code  string
		field string
	}{
		{"duplicate account id", models.NewAccount{ID: "100000000123", Name: "Copycat", Username: "fresh-user", Password: "s3cret-enough"},
			"InvalidParameterValue.AccountIdInUse", "id"},
		{"duplicate username", models.NewAccount{Name: "Copycat", Username: "taken", Password: "s3cret-enough"},
			"InvalidParameterValue.UsernameInUse", "username"},
		{"duplicate username in other case and with spaces", models.NewAccount{Name: "Copycat", Username: " TAKEN ", Password: "s3cret-enough"},
			"InvalidParameterValue.UsernameInUse", "username"},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store := models.NewAccountStore(db)
		if _, err := store.Create(t.Context(), models.NewAccount{ID: "100000000123", Name: "Original", Username: "taken", Password: "s3cret-enough"}); err != nil {
			t.Fatalf("create the original: %v", err)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := store.Create(t.Context(), tt.in)
				e := domainError(t, err)
				if !errors.Is(err, models.ErrInvalid) || e.Code != tt.code {
					t.Errorf("error = %v (kind %v); want %s", e, e.Kind, tt.code)
				}
				if _, ok := e.Field(tt.field); !ok {
					t.Errorf("fields = %+v; want one on %q", e.Fields, tt.field)
				}
				accounts, users := countRows(t, db, &models.Account{}, ""), countRows(t, db, &models.User{}, "")
				if accounts != 1 || users != 1 {
					t.Errorf("after a refused Create: %d accounts, %d users; want 1 and 1", accounts, users)
				}
			})
		}
	})
}

var generatedAccountID = regexp.MustCompile(`^[1-9][0-9]{11}$`)

func TestAccountCreateGeneratesIDs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store := models.NewAccountStore(db)
		seen := make(map[string]bool)
		for _, username := range []string{"gen-one", "gen-two", "gen-three", "gen-four", "gen-five"} {
			acct, err := store.Create(t.Context(), validAccount(username))
			if err != nil {
				t.Fatalf("Create %s: %v", username, err)
			}
			if !generatedAccountID.MatchString(acct.ID) || seen[acct.ID] {
				t.Errorf("generated id %q: want 12 digits without a leading zero, not seen before", acct.ID)
			}
			seen[acct.ID] = true
			if got, err := store.Get(t.Context(), acct.ID); err != nil || got.Name != acct.Name {
				t.Errorf("Get(%s) = %+v, %v; want the created account", acct.ID, got, err)
			}
		}
	})
}

func TestAccountCreateSameUsernameConcurrently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store := models.NewAccountStore(db)
		const goroutines = 20
		errs := make([]error, goroutines)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range goroutines {
			wg.Go(func() {
				<-start
				_, errs[i] = store.Create(t.Context(), validAccount("race-winner"))
			})
		}
		close(start)
		wg.Wait()
		wins := 0
		for i, err := range errs {
			switch {
			case err == nil:
				wins++
			case errors.Is(err, models.ErrConflict), errors.Is(err, models.ErrInvalid):
				domainError(t, err)
			default:
				t.Errorf("Create #%d: unexpected error %v", i, err)
			}
		}
		if wins != 1 {
			t.Errorf("%d of %d concurrent creates succeeded; want exactly 1", wins, goroutines)
		}
		if n := countRows(t, db, &models.User{}, "username = ?", "race-winner"); n != 1 {
			t.Errorf("users named race-winner = %d; want 1", n)
		}
		if n := countRows(t, db, &models.Account{}, ""); n != 1 {
			t.Errorf("accounts = %d; want 1 (losers must create nothing)", n)
		}
	})
}
