package models

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// User roles.
const (
	RoleMember = "member"
	RoleAdmin  = "admin"
)

// Locales the console speaks.
const (
	LocaleEnglish    = "en"
	LocalePortuguese = "pt-BR"
)

// ValidLocale reports whether the console has a catalogue for l.
func ValidLocale(l string) bool { return l == LocaleEnglish || l == LocalePortuguese }

// User signs in and acts for one account.
type User struct {
	ID                 int64 `gorm:"primaryKey"`
	AccountID          string
	Username           string
	PasswordHash       string
	Role               string
	Locale             string
	MustChangePassword bool
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

func checkUsername(u string) (Message, bool) {
	if u == "" {
		return Msg("validation.required"), false
	}
	if !usernamePattern.MatchString(u) {
		return Msg("account.username_invalid"), false
	}
	return Message{}, true
}

func checkNewPassword(p string) (Message, bool) {
	switch n := utf8.RuneCountInString(p); {
	case n < 8:
		return Msg("password.too_short", 8), false
	case n > 128:
		return Msg("validation.too_long", 128), false
	}
	return Message{}, true
}

// UserStore reads users and changes their own settings.
type UserStore struct{ db *DB }

// NewUserStore returns the user store.
func NewUserStore(db *DB) *UserStore { return &UserStore{db: db} }

// SetLocale keeps the user's language choice.
func (s *UserStore) SetLocale(ctx context.Context, actor Actor, locale string) error {
	if !ValidLocale(locale) {
		return invalid("InvalidParameterValue", FieldError{"lang", Msg("validation.invalid_choice")})
	}
	err := s.db.change(ctx, actor, "user.locale", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = fmt.Sprintf("user:%d", actor.UserID), locale
		return tx.Model(&User{}).Where("id = ?", actor.UserID).
			Updates(map[string]any{"locale": locale, "updated_at": time.Now().UTC()}).Error
	})
	return wrap("set locale", err)
}

// PasswordChange is the change-password form.
type PasswordChange struct {
	Current, New, Confirm string
	// RevokeAPIKeys also deletes the user's API keys, for a password
	// changed because it may have leaked with them.
	RevokeAPIKeys bool
}

// ChangePassword replaces the actor's password after checking the current one,
// and ends every other session of the user (a changed password should lock
// out whoever else knew the old one); on request it deletes their API keys.
func (s *UserStore) ChangePassword(ctx context.Context, actor Actor, keepSession string, in PasswordChange) error {
	var fields []FieldError
	if msg, ok := checkNewPassword(in.New); !ok {
		fields = append(fields, FieldError{"new", msg})
	} else if in.New != in.Confirm {
		fields = append(fields, FieldError{"confirm", Msg("password.mismatch")})
	}
	var u User
	if err := s.db.WithContext(ctx).Where("id = ?", actor.UserID).Take(&u).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return notFound("ResourceNotFound", Msg("error.not_found"))
		}
		return fmt.Errorf("change password: %w", err)
	}
	if ok, err := verifyPassword(u.PasswordHash, in.Current); err != nil {
		return fmt.Errorf("change password: %w", err)
	} else if !ok {
		fields = append([]FieldError{{"current", Msg("password.current_wrong")}}, fields...)
	}
	var hash string
	if len(fields) == 0 {
		var err error
		if hash, err = hashPassword(in.New); err != nil {
			return err
		}
	}
	return s.db.change(ctx, actor, "user.password", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = fmt.Sprintf("user:%d", u.ID)
		if len(fields) > 0 {
			return invalid("InvalidParameterValue", fields...)
		}
		err := tx.Model(&User{}).Where("id = ?", u.ID).Updates(map[string]any{
			"password_hash": hash, "must_change_password": false, "updated_at": time.Now().UTC(),
		}).Error
		if err != nil {
			return fmt.Errorf("change password: %w", err)
		}
		if err := revokeAPIKeys(tx, ev, u.ID, in.RevokeAPIKeys); err != nil {
			return err
		}
		return tx.Where("user_id = ? AND id <> ?", u.ID, hashToken(keepSession)).Delete(&Session{}).Error
	})
}
