package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// AuditEvent records one change (or one refused attempt at one): who, what,
// which resource, the outcome ("ok" or the error code), when, from where.
type AuditEvent struct {
	ID        int64 `gorm:"primaryKey"`
	At        time.Time
	UserID    *int64
	Username  string
	AccountID string
	Action    string
	Resource  string
	Outcome   string
	IP        string
	RequestID string
	Detail    string
}

// OutcomeOK is the outcome of a change that committed.
const OutcomeOK = "ok"

// RequestMeta is what the web layer knows about a request that the audit log
// records: the caller's address, the request id, the username.
type RequestMeta struct {
	IP        string
	RequestID string
	Username  string
}

type metaKey struct{}

// WithRequestMeta returns ctx carrying m for the audit log.
func WithRequestMeta(ctx context.Context, m RequestMeta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

// WithUsername names the user of a request that was anonymous when it began
// (sign-in), so the changes it makes next are attributed.
func WithUsername(ctx context.Context, username string) context.Context {
	m := requestMeta(ctx)
	m.Username = username
	return WithRequestMeta(ctx, m)
}

func requestMeta(ctx context.Context) RequestMeta {
	m, _ := ctx.Value(metaKey{}).(RequestMeta)
	return m
}

// change runs fn as one audited change: the event is written in fn's
// transaction, so it exists if and only if the change commits. fn fills in
// the resource and detail. A change refused by a rule leaves no change, and
// its refusal is recorded on its own with the rule's code as outcome. Under
// WithDryRun, the change is a dry run instead (dryrun.go).
func (db *DB) change(ctx context.Context, actor Actor, action string, fn func(tx *gorm.DB, ev *AuditEvent) error) error {
	if isDryRun(ctx) {
		return db.dryRun(ctx, actor, action, fn)
	}
	ev := newEvent(ctx, actor, action)
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := fn(tx, &ev); err != nil {
			return err
		}
		ev.Outcome = OutcomeOK
		return tx.Create(&ev).Error
	})
	if de, ok := AsError(err); ok {
		ev.ID, ev.Outcome = 0, de.Code
		// Best effort: failing to record a refusal must not hide the refusal.
		_ = db.WithContext(ctx).Create(&ev).Error
	}
	return err
}

func newEvent(ctx context.Context, actor Actor, action string) AuditEvent {
	m := requestMeta(ctx)
	ev := AuditEvent{At: time.Now().UTC(), AccountID: actor.AccountID, Action: action, IP: m.IP,
		RequestID: m.RequestID, Username: m.Username}
	if actor.UserID != 0 {
		id := actor.UserID
		ev.UserID = &id
	}
	return ev
}

// recordEvent writes an event outside any change (sign-in attempts).
func (db *DB) recordEvent(ctx context.Context, ev AuditEvent) {
	_ = db.WithContext(ctx).Create(&ev).Error
}

// AuditActions are the actions the audit log records, each of which the
// console words as a sentence (a test keeps the list complete).
var AuditActions = []string{
	"account.create", "admin.account.disable", "admin.account.enable", "admin.account.quota", "admin.settings",
	"admin.share.approve", "admin.share.reject", "admin.share.revoke", "admin.user.create",
	"admin.user.reset_password", "apikey.create", "apikey.delete", "apikey.rotate_master", "auth.sign_in",
	"auth.sign_out", "image.copy", "image.create", "image.delete", "image.update", "instance.launch",
	"instance.reinstall", "instance.start", "instance.stop", "instance.terminate", "share.cancel",
	"share.cancel_all", "share.create", "share.lookup", "user.locale", "user.password",
	// Image bytes (issue 13) and the share lifecycle (issue 14).
	"admin.byte_quota", "admin.import_settings", "image.export", "image.import", "image.upload", "share.accept",
	"share.decline", "share.expiry", "share.leave",
	// The image lifecycle (issue 15: R21, R22).
	"image.deprecate", "image.deprecate_cancel", "image.disable", "image.enable", "image.protect",
	"image.unprotect",
	// Tags (R24).
	"image.tags",
	// The recycle bin (R23).
	"image.bin", "image.restore", "image.purge",
	// Organizations (R25).
	"admin.org.create", "admin.org.rename", "admin.org.delete", "admin.org.membership", "admin.unit.create",
	"admin.unit.rename", "admin.unit.move", "admin.unit.delete",
}
