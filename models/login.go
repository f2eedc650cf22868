package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// LoginFailure records one failed sign-in, for rate limiting. Stored in the
// database so the limit holds across replicas.
type LoginFailure struct {
	ID       int64 `gorm:"primaryKey"`
	Username string
	IP       string
	At       time.Time
}

// LoginLimit bounds failed sign-ins within a window, per username (guessing one
// account's password) and per client address (spraying many accounts).
type LoginLimit struct {
	Window      time.Duration
	PerUsername int
	PerIP       int
}

// DefaultLoginLimit is 5 failures per username or 20 per address in 15 minutes.
var DefaultLoginLimit = LoginLimit{Window: 15 * time.Minute, PerUsername: 5, PerIP: 20}

// AuthStore checks credentials.
type AuthStore struct {
	db    *DB
	limit LoginLimit
	now   func() time.Time
}

// NewAuthStore returns the sign-in store.
func NewAuthStore(db *DB, limit LoginLimit) *AuthStore {
	return &AuthStore{db: db, limit: limit, now: func() time.Time { return time.Now().UTC() }}
}

// Authenticate returns the user whose credentials these are. Wrong credentials
// are one error whatever was wrong, so usernames cannot be probed; too many
// failures are ErrLimited with the minutes to wait.
func (s *AuthStore) Authenticate(ctx context.Context, username, password, ip string) (User, error) {
	u, err := s.authenticate(ctx, username, password, ip)
	if de, ok := AsError(err); ok {
		// Failed sign-ins are audited (the successful one is, with its session).
		name := strings.ToLower(strings.TrimSpace(username))
		if len(name) > 64 {
			name = name[:64]
		}
		ev := newEvent(ctx, Actor{AccountID: u.AccountID}, "auth.sign_in")
		ev.Outcome, ev.Username, ev.Resource = de.Code, name, "user:"+name
		s.db.recordEvent(ctx, ev)
	}
	return u, err
}

func (s *AuthStore) authenticate(ctx context.Context, username, password, ip string) (User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" || password == "" {
		return User{}, invalid("AuthFailure", FieldError{"username", Msg("login.required")})
	}
	if len(username) > 64 || len(password) > 1024 {
		return User{}, s.fail(ctx, username, ip)
	}
	if wait, err := s.blockedFor(ctx, username, ip); err != nil {
		return User{}, err
	} else if wait > 0 {
		minutes := int(wait.Minutes() + 0.999)
		return User{}, &Error{Kind: ErrLimited, Code: "RequestLimitExceeded", Msg: Msg("login.rate_limited", minutes)}
	}
	var u User
	err := s.db.WithContext(ctx).Where("username = ?", username).Take(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	hash := u.PasswordHash
	if u.ID == 0 {
		hash = dummyHash
	}
	ok, err := verifyPassword(hash, password)
	if err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	if !ok || u.ID == 0 {
		// The account (if the user exists) is kept for its audit log only:
		// its members see failed sign-ins on their Account page.
		return User{AccountID: u.AccountID}, s.fail(ctx, username, ip)
	}
	var acct Account
	if err := s.db.WithContext(ctx).Where("id = ?", u.AccountID).Take(&acct).Error; err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	if acct.Status != AccountActive {
		return User{AccountID: acct.ID}, &Error{Kind: ErrInvalid, Code: "AuthFailure.AccountDisabled", Msg: Msg("login.account_disabled")}
	}
	if err := s.db.WithContext(ctx).Where("username = ?", username).Delete(&LoginFailure{}).Error; err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	return u, nil
}

// fail records a failure and returns the error the person sees.
func (s *AuthStore) fail(ctx context.Context, username, ip string) error {
	if len(username) > 64 {
		username = username[:64]
	}
	rec := LoginFailure{Username: username, IP: ip, At: s.now()}
	if err := s.db.WithContext(ctx).Create(&rec).Error; err != nil {
		return fmt.Errorf("record sign-in failure: %w", err)
	}
	return invalid("AuthFailure", FieldError{"password", Msg("login.invalid")})
}

// blockedFor returns how long until the oldest failure in a full window
// expires, or 0 when sign-in may be tried.
func (s *AuthStore) blockedFor(ctx context.Context, username, ip string) (time.Duration, error) {
	now := s.now()
	since := now.Add(-s.limit.Window)
	var wait time.Duration
	check := func(column, value string, max int) error {
		var times []time.Time
		err := s.db.WithContext(ctx).Model(&LoginFailure{}).Where(column+" = ? AND at > ?", value, since).
			Order("at DESC").Limit(max).Pluck("at", &times).Error
		if err != nil {
			return fmt.Errorf("check sign-in limit: %w", err)
		}
		if len(times) >= max {
			if w := times[len(times)-1].Add(s.limit.Window).Sub(now); w > wait {
				wait = w
			}
		}
		return nil
	}
	if err := check("username", username, s.limit.PerUsername); err != nil {
		return 0, err
	}
	if err := check("ip", ip, s.limit.PerIP); err != nil {
		return 0, err
	}
	return wait, nil
}
