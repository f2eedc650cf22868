package models_test

import (
	"errors"
	"fmt"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestChangePassword(t *testing.T) {
	const newPassword = "brand-new-password"
	tests := []struct {
		name      string
		in        models.PasswordChange
		wantField string // "" for success
	}{
		{"wrong current password", models.PasswordChange{Current: "not-my-password", New: newPassword, Confirm: newPassword}, "current"},
		{"new password shorter than 8 characters", models.PasswordChange{Current: rightPassword, New: "short", Confirm: "short"}, "new"},
		{"confirmation does not match", models.PasswordChange{Current: rightPassword, New: newPassword, Confirm: newPassword + "!"}, "confirm"},
		{"success", models.PasswordChange{Current: rightPassword, New: newPassword, Confirm: newPassword}, ""},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		sessions := models.NewSessionStore(db, sessionPolicy)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				user := newUser(t, db, fmt.Sprintf("pw-user-%02d", i), rightPassword, false)
				bystander := newUser(t, db, fmt.Sprintf("pw-other-%02d", i), rightPassword, false)
				if err := db.Model(&models.User{}).Where("id = ?", user.ID).Update("must_change_password", true).Error; err != nil {
					t.Fatal(err)
				}
				kept, other, theirs := newSession(t, sessions, user.ID), newSession(t, sessions, user.ID), newSession(t, sessions, bystander.ID)
				actor := models.Actor{UserID: user.ID, AccountID: user.AccountID}

				err := models.NewUserStore(db).ChangePassword(t.Context(), actor, kept, tt.in)

				auth := models.NewAuthStore(db, models.DefaultLoginLimit)
				signsIn := func(password string) bool {
					_, err := auth.Authenticate(t.Context(), user.Username, password, fmt.Sprintf("192.0.2.%d", i+1))
					return err == nil
				}
				var stored models.User
				if err := db.Where("id = ?", user.ID).Take(&stored).Error; err != nil {
					t.Fatal(err)
				}
				if tt.wantField != "" {
					e := domainError(t, err)
					if _, ok := e.Field(tt.wantField); !ok || !errors.Is(err, models.ErrInvalid) {
						t.Errorf("error = %v, fields %+v; want ErrInvalid on %q", err, e.Fields, tt.wantField)
					}
					if !signsIn(rightPassword) || !stored.MustChangePassword {
						t.Errorf("a refused change altered the user: old password works %v, must change %v",
							signsIn(rightPassword), stored.MustChangePassword)
					}
					assertSessions(t, sessions, map[string]bool{kept: true, other: true, theirs: true})
					return
				}
				if err != nil {
					t.Fatalf("ChangePassword: %v", err)
				}
				if !signsIn(tt.in.New) || signsIn(rightPassword) {
					t.Errorf("after the change: new password works %v, old works %v; want only the new", signsIn(tt.in.New), signsIn(rightPassword))
				}
				if stored.MustChangePassword {
					t.Error("must_change_password still set after a change")
				}
				assertSessions(t, sessions, map[string]bool{kept: true, other: false, theirs: true})
			})
		}
	})
}

func newSession(t *testing.T, s *models.SessionStore, userID int64) string {
	t.Helper()
	token, err := s.Create(t.Context(), userID, "")
	if err != nil {
		t.Fatalf("create session: %v", err)
	}
	return token
}

// assertSessions checks which of the tokens still name a live session.
func assertSessions(t *testing.T, s *models.SessionStore, want map[string]bool) {
	t.Helper()
	for token, alive := range want {
		_, err := s.Lookup(t.Context(), token)
		if got := err == nil; got != alive {
			t.Errorf("session %.8s… alive = %v (%v); want %v", token, got, err, alive)
		}
	}
}

func TestSetLocale(t *testing.T) {
	tests := []struct {
		name   string
		locale string
		valid  bool
	}{
		{"English is accepted", models.LocaleEnglish, true},
		{"Portuguese (Brazil) is accepted", models.LocalePortuguese, true},
		{"an unknown locale is rejected", "fr", false},
		{"an empty locale is rejected", "", false},
		{"a misspelt locale is rejected", "pt_BR", false},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		store := models.NewUserStore(db)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				user := newUser(t, db, fmt.Sprintf("locale-user-%02d", i), rightPassword, false)
				actor := models.Actor{UserID: user.ID, AccountID: user.AccountID}
				err := store.SetLocale(t.Context(), actor, tt.locale)
				want := user.Locale
				if tt.valid {
					want = tt.locale
					if err != nil {
						t.Fatalf("SetLocale(%q): %v", tt.locale, err)
					}
				} else if e := domainError(t, err); !errors.Is(err, models.ErrInvalid) {
					t.Errorf("SetLocale(%q) = %v; want ErrInvalid", tt.locale, e)
				} else if _, ok := e.Field("lang"); !ok {
					t.Errorf("fields = %+v; want one on lang", e.Fields)
				}
				var stored models.User
				if err := db.Where("id = ?", user.ID).Take(&stored).Error; err != nil {
					t.Fatal(err)
				}
				if stored.Locale != want {
					t.Errorf("stored locale = %q; want %q", stored.Locale, want)
				}
			})
		}
	})
}
