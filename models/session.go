package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Session is a signed-in browser. The cookie holds a random token; the table
// holds only its hash, so a leaked database does not leak live sessions.
type Session struct {
	ID         string `gorm:"primaryKey"`
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// SessionUser is what a request knows about its signed-in user.
type SessionUser struct {
	UserID             int64
	Username           string
	AccountID          string
	AccountName        string
	Role               string
	Locale             string
	MustChangePassword bool
	// Unread is the account's unread notifications when the session was
	// looked up: the header's bell, read with the session in one query.
	Unread int
	// PendingReview is, for an admin, how many shares wait for review
	// (R17): the Review tab's badge, read in the same query.
	PendingReview int
}

// Actor returns the principal for store calls.
func (u SessionUser) Actor() Actor {
	return Actor{UserID: u.UserID, AccountID: u.AccountID, Admin: u.Role == RoleAdmin}
}

// SessionPolicy holds the timeouts (SPEC 7).
type SessionPolicy struct {
	Idle     time.Duration
	Absolute time.Duration
}

// SessionStore keeps server-side sessions in the database, so replicas share them.
type SessionStore struct {
	db     *DB
	policy SessionPolicy
	now    func() time.Time
	seen   *lastUsed // last_seen_at, written by the job worker
}

// NewSessionStore returns the session store.
func NewSessionStore(db *DB, policy SessionPolicy) *SessionStore {
	return &SessionStore{db: db, policy: policy, now: func() time.Time { return time.Now().UTC() },
		seen: newLastUsed("sessions", "id", "last_seen_at", touchEvery(policy.Idle))}
}

// touchEvery bounds how often last_seen_at is written: once a minute is
// precise enough for an idle timeout measured in hours. A shorter timeout gets a tenth of itself, or a user whose
// requests come less than a minute apart would still be signed out: with
// it, requests closer together than 90% of the timeout keep a session.
func touchEvery(idle time.Duration) time.Duration { return min(time.Minute, idle/10) }

// Create starts a session for a user and ends the one it replaces (rotation
// at sign-in: a token planted before sign-in is worthless after it).
func (s *SessionStore) Create(ctx context.Context, userID int64, replaces string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now()
	var user User
	if err := s.db.WithContext(ctx).Where("id = ?", userID).Take(&user).Error; err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	actor := Actor{UserID: user.ID, AccountID: user.AccountID}
	ctx = WithRequestMeta(ctx, withUsername(requestMeta(ctx), user.Username))
	err := s.db.change(ctx, actor, "auth.sign_in", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = fmt.Sprintf("user:%d", user.ID)
		if replaces != "" {
			if err := tx.Where("id = ?", hashToken(replaces)).Delete(&Session{}).Error; err != nil {
				return err
			}
		}
		// Expired sessions of this user are swept here rather than by a job.
		if err := tx.Where("user_id = ? AND (last_seen_at < ? OR created_at < ?)", userID,
			now.Add(-s.policy.Idle), now.Add(-s.policy.Absolute)).Delete(&Session{}).Error; err != nil {
			return err
		}
		return tx.Create(&Session{ID: hashToken(token), UserID: userID, CreatedAt: now, LastSeenAt: now}).Error
	})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return token, nil
}

// Lookup returns the user of a live session. Expired sessions, and sessions of
// users whose account is disabled, are ErrNotFound.
func (s *SessionStore) Lookup(ctx context.Context, token string) (SessionUser, error) {
	if token == "" {
		return SessionUser{}, ErrNotFound
	}
	var (
		user                 SessionUser
		createdAt, lastSeen0 time.Time
	)
	// Every page asks this first, so it is one fixed statement scanned by
	// hand: GORM's statement building and reflection were half its cost.
	err := s.db.reader(ctx).Raw(sessionLookupSQL, hashToken(token), AccountActive).Row().Scan(
		&createdAt, &lastSeen0, &user.UserID, &user.Username, &user.AccountID, &user.AccountName, &user.Role,
		&user.Locale, &user.MustChangePassword, &user.Unread, &user.PendingReview)
	if errors.Is(err, sql.ErrNoRows) {
		return SessionUser{}, ErrNotFound
	}
	if err != nil {
		return SessionUser{}, fmt.Errorf("look up session: %w", err)
	}
	now := s.now()
	// The later of the stored time and this process's notes: the worker
	// writes the notes a moment later (lastUsed).
	lastSeen := s.seen.use(hashToken(token), lastSeen0, now)
	if now.Sub(lastSeen) > s.policy.Idle || now.Sub(createdAt) > s.policy.Absolute {
		_ = s.db.WithContext(ctx).Where("id = ?", hashToken(token)).Delete(&Session{}).Error
		return SessionUser{}, ErrNotFound
	}
	return user, nil
}

// sessionLookupSQL reads a live session's user, with the header's unread
// count and, for an admin, the Review tab's.
var sessionLookupSQL = `SELECT sessions.created_at, sessions.last_seen_at, users.id, users.username, users.account_id,
	accounts.name, users.role, users.locale, users.must_change_password, (` + unreadOf("users.account_id") + `),
	CASE WHEN users.role = '` + RoleAdmin + `' THEN (` + pendingReviewCount + `) ELSE 0 END
	FROM sessions JOIN users ON users.id = sessions.user_id JOIN accounts ON accounts.id = users.account_id
	WHERE sessions.id = ? AND accounts.status = ? LIMIT 1`

// Delete ends a session (sign-out), audited as the session's user.
func (s *SessionStore) Delete(ctx context.Context, token string) error {
	var sess Session
	if err := s.db.WithContext(ctx).Where("id = ?", hashToken(token)).Find(&sess).Error; err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	if sess.ID == "" {
		return nil
	}
	var user User
	if err := s.db.WithContext(ctx).Where("id = ?", sess.UserID).Find(&user).Error; err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	actor := Actor{UserID: user.ID, AccountID: user.AccountID}
	err := s.db.change(ctx, actor, "auth.sign_out", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = fmt.Sprintf("user:%d", user.ID)
		return tx.Where("id = ?", sess.ID).Delete(&Session{}).Error
	})
	return wrap("delete session", err)
}

func withUsername(m RequestMeta, username string) RequestMeta {
	m.Username = username
	return m
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
