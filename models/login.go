package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

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
	if de, ok := AsError(err); ok && !errors.Is(err, ErrLimited) {
		// Failed sign-ins are audited (the successful one is, with its
		// session). Those the limit refuses are not: they change nothing, and
		// anyone could flood the log with them; the web layer counts them.
		name := clip(strings.ToLower(strings.TrimSpace(username)), maxUsernameBytes)
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
	username = clip(username, maxUsernameBytes)
	attempt, err := s.reserve(ctx, username, ip)
	if err != nil {
		return User{}, err
	}
	if len(password) > 1024 {
		return User{}, wrongCredentials()
	}
	var u User
	err = s.db.WithContext(ctx).Where("username = ?", username).Take(&u).Error
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
		// The reserved attempt stays as the failure. The account (if the user
		// exists) is kept for its audit log only: its members see failed
		// sign-ins on their Account page.
		return User{AccountID: u.AccountID}, wrongCredentials()
	}
	var acct Account
	if err := s.db.WithContext(ctx).Where("id = ?", u.AccountID).Take(&acct).Error; err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	if acct.Status != AccountActive {
		// The right password is no failure to count: give the attempt back.
		if err := s.db.WithContext(ctx).Delete(&LoginFailure{}, attempt).Error; err != nil {
			return User{}, fmt.Errorf("authenticate: %w", err)
		}
		return User{AccountID: acct.ID}, &Error{Kind: ErrInvalid, Code: "AuthFailure.AccountDisabled", Msg: Msg("login.account_disabled")}
	}
	// Success clears the user's earlier failures, but not those of attempts
	// made at about the same time: guesses raced beside the user's own
	// sign-in must not get a fresh allowance from it (Finding 1).
	db := s.db.WithContext(ctx)
	if err := db.Delete(&LoginFailure{}, attempt).Error; err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	if err := db.Where("username = ? AND at < ?", username, s.now().Add(-concurrentAttempts)).Delete(&LoginFailure{}).Error; err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	return u, nil
}

// concurrentAttempts is how close to a successful sign-in a failure counts
// as raced beside it, and so is kept.
const concurrentAttempts = 10 * time.Second

// maxUsernameBytes bounds what a sign-in attempt stores of the username it
// names (real usernames are at most 32 characters).
const maxUsernameBytes = 64

// clip cuts s to at most n bytes without splitting a character: half of one
// is invalid UTF-8, which PostgreSQL refuses.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// wrongCredentials is what the person sees for a wrong username or password.
func wrongCredentials() error {
	return invalid("AuthFailure", FieldError{"password", Msg("login.invalid")})
}

// reserve records the attempt as a failure before anything is checked, then
// counts: the check and the count are one step, so attempts arriving
// together cannot all pass a check made before any of them counted. The row
// is written outside any transaction, so every attempt that counts after it
// sees it, on every replica: the k-th attempt to be written sees at least k
// rows, hence at most the limit get through (an attempt may also see later
// ones and be refused early, which errs on the safe side). A refused attempt
// takes its row back, so hammering a blocked user does not extend the block.
// Rows older than the window are pruned here, whatever username they name.
func (s *AuthStore) reserve(ctx context.Context, username, ip string) (int64, error) {
	now := s.now()
	rec := LoginFailure{Username: username, IP: ip, At: now}
	db := s.db.WithContext(ctx)
	if err := db.Create(&rec).Error; err != nil {
		return 0, fmt.Errorf("record sign-in attempt: %w", err)
	}
	if err := db.Where("at <= ?", now.Add(-s.limit.Window)).Delete(&LoginFailure{}).Error; err != nil {
		return 0, fmt.Errorf("prune sign-in failures: %w", err)
	}
	wait, err := s.blockedFor(ctx, username, ip, now)
	if err != nil || wait == 0 {
		return rec.ID, err
	}
	if err := db.Delete(&LoginFailure{}, rec.ID).Error; err != nil {
		return 0, fmt.Errorf("withdraw sign-in attempt: %w", err)
	}
	minutes := int(wait.Minutes() + 0.999)
	return 0, &Error{Kind: ErrLimited, Code: "RequestLimitExceeded", Msg: Msg("login.rate_limited", minutes)}
}

// blockedFor returns, once the attempt has been recorded, how long until the
// window holds no more attempts than the limit, or 0 when this one may go on.
func (s *AuthStore) blockedFor(ctx context.Context, username, ip string, now time.Time) (time.Duration, error) {
	since := now.Add(-s.limit.Window)
	var wait time.Duration
	check := func(column, value string, limit int) error {
		var times []time.Time
		err := s.db.WithContext(ctx).Model(&LoginFailure{}).Where(column+" = ? AND at > ?", value, since).
			Order("at DESC").Limit(limit+1).Pluck("at", &times).Error
		if err != nil {
			return fmt.Errorf("check sign-in limit: %w", err)
		}
		if len(times) > limit {
			// Rows of concurrent attempts may be a little newer than now.
			if w := min(times[limit].Add(s.limit.Window).Sub(now), s.limit.Window); w > wait {
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
