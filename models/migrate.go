package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// migration is one versioned schema step. Steps are plain SQL with two
// placeholders for the only types the dialects spell differently, so SQLite
// and PostgreSQL get the same schema from the same text.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations is append-only: a released step is never edited, a change is a
// new step.
var migrations = []migration{
	{1, "initial schema", schemaV1},
	{2, "instances and jobs", schemaV2},
	{3, "copy then share", schemaV3},
	{4, "audit log and notifications", schemaV4},
	{5, "api keys", schemaV5},
	{6, "security hardening", schemaV6},
	{7, "api replay and client tokens", schemaV7},
	{8, "image bytes: blobs and transfers", schemaV8},
	{9, "share lifecycle: leave, consent, expiry", schemaV9},
	{10, "pending shares index", schemaV10},
	{11, "image lifecycle: deprecation, disable, deletion protection", schemaV11},
	{12, "recycle bin; share history kept for ever", schemaV12},
	{13, "image tags", schemaV13},
	{14, "transfers resume S3 multipart uploads", schemaV14},
	{15, "images outside the bin indexed newest first", schemaV15},
	{16, "organizations and their units", schemaV16},
	{17, "shares with organizations and units", schemaV17},
	{18, "shares indexed by status", schemaV18},
}

const schemaV1 = `
CREATE TABLE regions (
	id       TEXT PRIMARY KEY,
	position INTEGER NOT NULL
);
CREATE TABLE zones (
	id        TEXT PRIMARY KEY,
	region_id TEXT NOT NULL REFERENCES regions(id),
	position  INTEGER NOT NULL
);
CREATE TABLE accounts (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	status     TEXT NOT NULL,
	created_at {{ts}} NOT NULL
);
CREATE TABLE users (
	id                   {{serial}},
	account_id           TEXT NOT NULL REFERENCES accounts(id),
	username             TEXT NOT NULL UNIQUE,
	password_hash        TEXT NOT NULL,
	role                 TEXT NOT NULL,
	locale               TEXT NOT NULL DEFAULT '',
	must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
	created_at           {{ts}} NOT NULL,
	updated_at           {{ts}} NOT NULL
);
CREATE INDEX users_account ON users(account_id);
CREATE TABLE sessions (
	id           TEXT PRIMARY KEY,
	user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at   {{ts}} NOT NULL,
	last_seen_at {{ts}} NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE login_failures (
	id       {{serial}},
	username TEXT NOT NULL,
	ip       TEXT NOT NULL,
	at       {{ts}} NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);
CREATE TABLE images (
	id                 TEXT PRIMARY KEY,
	region_id          TEXT NOT NULL REFERENCES regions(id),
	owner_account_id   TEXT REFERENCES accounts(id),
	name               TEXT NOT NULL,
	description        TEXT NOT NULL DEFAULT '',
	os_name            TEXT NOT NULL,
	platform           TEXT NOT NULL,
	architecture       TEXT NOT NULL,
	size_gb            INTEGER NOT NULL,
	state              TEXT NOT NULL,
	source             TEXT NOT NULL,
	source_image_id    TEXT NOT NULL DEFAULT '',
	source_instance_id TEXT NOT NULL DEFAULT '',
	progress           INTEGER NOT NULL DEFAULT 0,
	failure_reason     TEXT NOT NULL DEFAULT '',
	created_at         {{ts}} NOT NULL,
	updated_at         {{ts}} NOT NULL
);
CREATE UNIQUE INDEX images_owner_region_name ON images(owner_account_id, region_id, name);
CREATE INDEX images_region_owner_created ON images(region_id, owner_account_id, created_at);
CREATE TABLE shares (
	id                   {{serial}},
	image_id             TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
	recipient_account_id TEXT NOT NULL REFERENCES accounts(id),
	status               TEXT NOT NULL,
	created_by_user_id   BIGINT REFERENCES users(id),
	created_at           {{ts}} NOT NULL,
	decided_by_user_id   BIGINT REFERENCES users(id),
	decided_at           {{ts}},
	reason               TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX shares_one_live ON shares(image_id, recipient_account_id) WHERE status IN ('pending', 'active');
CREATE INDEX shares_recipient ON shares(recipient_account_id, status);
CREATE TABLE account_quotas (
	account_id  TEXT NOT NULL REFERENCES accounts(id),
	region_id   TEXT NOT NULL REFERENCES regions(id),
	image_quota INTEGER NOT NULL,
	PRIMARY KEY (account_id, region_id)
);
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
`

// schemaV2 adds simulated instances and the job queue. Instances keep the
// image id they were launched from without a foreign key: deleting an image
// never touches instances made from it (R6).
const schemaV2 = `
CREATE TABLE instances (
	id            TEXT PRIMARY KEY,
	account_id    TEXT NOT NULL REFERENCES accounts(id),
	region_id     TEXT NOT NULL REFERENCES regions(id),
	zone_id       TEXT NOT NULL REFERENCES zones(id),
	name          TEXT NOT NULL,
	instance_type TEXT NOT NULL,
	image_id      TEXT NOT NULL,
	image_name    TEXT NOT NULL,
	os_name       TEXT NOT NULL,
	platform      TEXT NOT NULL,
	architecture  TEXT NOT NULL,
	disk_gb       INTEGER NOT NULL,
	state         TEXT NOT NULL,
	created_at    {{ts}} NOT NULL,
	updated_at    {{ts}} NOT NULL
);
CREATE INDEX instances_account_region ON instances(account_id, region_id, created_at);
CREATE INDEX instances_image ON instances(image_id);
CREATE TABLE jobs (
	id          {{serial}},
	kind        TEXT NOT NULL,
	image_id    TEXT NOT NULL DEFAULT '',
	instance_id TEXT NOT NULL DEFAULT '',
	state       TEXT NOT NULL,
	progress    INTEGER NOT NULL DEFAULT 0,
	steps       INTEGER NOT NULL DEFAULT 0,
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	run_at      {{ts}} NOT NULL,
	created_at  {{ts}} NOT NULL,
	updated_at  {{ts}} NOT NULL
);
CREATE INDEX jobs_due ON jobs(state, run_at);
CREATE INDEX jobs_image ON jobs(image_id);
`

// schemaV3 remembers, for a copy still syncing, the accounts to share it
// with once it is NORMAL (R12's guided flow), and what came of it.
const schemaV3 = `
CREATE TABLE pending_shares (
	image_id    TEXT PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
	account_ids TEXT NOT NULL,
	user_id     BIGINT NOT NULL REFERENCES users(id),
	state       TEXT NOT NULL,
	error       TEXT NOT NULL DEFAULT '',
	created_at  {{ts}} NOT NULL,
	updated_at  {{ts}} NOT NULL
);
`

// schemaV4 adds the audit log (one event per change, written in the change's
// transaction) and the in-app notifications.
const schemaV4 = `
CREATE TABLE audit_events (
	id         {{serial}},
	at         {{ts}} NOT NULL,
	user_id    BIGINT,
	username   TEXT NOT NULL DEFAULT '',
	account_id TEXT NOT NULL DEFAULT '',
	action     TEXT NOT NULL,
	resource   TEXT NOT NULL DEFAULT '',
	outcome    TEXT NOT NULL,
	ip         TEXT NOT NULL DEFAULT '',
	request_id TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_account_at ON audit_events(account_id, at);
CREATE TABLE notifications (
	id         {{serial}},
	account_id TEXT NOT NULL REFERENCES accounts(id),
	kind       TEXT NOT NULL,
	image_id   TEXT NOT NULL DEFAULT '',
	image_name TEXT NOT NULL DEFAULT '',
	other_account_id TEXT NOT NULL DEFAULT '',
	reason     TEXT NOT NULL DEFAULT '',
	read_at    {{ts}},
	created_at {{ts}} NOT NULL
);
CREATE INDEX notifications_account ON notifications(account_id, created_at);
CREATE INDEX shares_image ON shares(image_id, created_at);
CREATE INDEX images_owner_region ON images(owner_account_id, region_id);
CREATE INDEX images_source ON images(source_image_id);
`

// schemaV5 adds the API keys (SPEC 8). The SecretKey is kept encrypted, not
// hashed: verifying a TC3-HMAC-SHA256 signature needs the key itself (see
// APIKeyStore). A user's keys go with the user.
const schemaV5 = `
CREATE TABLE api_keys (
	id           {{serial}},
	secret_id    TEXT NOT NULL UNIQUE,
	user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	secret_enc   TEXT NOT NULL,
	created_at   {{ts}} NOT NULL,
	last_used_at {{ts}}
);
CREATE INDEX api_keys_user ON api_keys(user_id);
`

// schemaV6 is the security review's (issue 10): sign-in failures are pruned
// by age, whatever username they name; the accounts each user looked up in
// the last minute bound the share dialog's look-ups (on PostgreSQL, which
// replicas share; a SQLite process counts them in memory, see
// chargeLookups).
const schemaV6 = `
CREATE INDEX login_failures_at ON login_failures(at);
CREATE TABLE account_lookups (
	user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	account_id TEXT NOT NULL,
	at         {{ts}} NOT NULL,
	PRIMARY KEY (user_id, account_id)
);
`

// schemaV7 adds what makes signed API requests safe to receive twice (SPEC
// 8): api_signatures binds each signature seen within its five-minute
// window to the action, region and address it came with (the primary key
// makes the first sighting win across replicas; the worker drops rows once
// their signature has expired; see ReplayGuard), and client_tokens keeps,
// per account, the first result of an action sent with a ClientToken, so a
// retry returns it again.
const schemaV7 = `
CREATE TABLE api_signatures (
	signature  TEXT PRIMARY KEY,
	action     TEXT NOT NULL,
	region     TEXT NOT NULL,
	client     TEXT NOT NULL,
	seen_at    {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL
);
CREATE INDEX api_signatures_expires ON api_signatures(expires_at);
CREATE TABLE client_tokens (
	account_id TEXT NOT NULL REFERENCES accounts(id),
	action     TEXT NOT NULL,
	token      TEXT NOT NULL,
	result     TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	PRIMARY KEY (account_id, action, token)
);
CREATE INDEX client_tokens_created ON client_tokens(created_at);
`

// ddl adapts a migration's text to the dialect.
func (db *DB) ddl(sql string) string {
	serial, ts := "INTEGER PRIMARY KEY AUTOINCREMENT", "TIMESTAMP"
	if db.Dialect == Postgres {
		serial, ts = "BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ"
	}
	return strings.NewReplacer("{{serial}}", serial, "{{ts}}", ts).Replace(sql)
}

// Migrate applies the pending migrations in order, each in its own
// transaction. Several replicas may start at once: on PostgreSQL an advisory
// lock serialises them; on SQLite the immediate transaction does.
func Migrate(ctx context.Context, db *DB) error {
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at {{ts}} NOT NULL)`
	// Even IF NOT EXISTS races on PostgreSQL (two creators collide in the
	// catalogue), so the bookkeeping table is created under the lock too.
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := lockMigrations(tx, db.Dialect); err != nil {
			return err
		}
		return tx.Exec(db.ddl(create)).Error
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range migrations {
		err := db.tx(ctx, func(tx *gorm.DB) error {
			if err := lockMigrations(tx, db.Dialect); err != nil {
				return err
			}
			var n int64
			if err := tx.Table("schema_migrations").Where("version = ?", m.version).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			for _, stmt := range splitStatements(db.ddl(m.sql)) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("%s: %w", firstLine(stmt), err)
				}
			}
			if then := migrationThen[m.version]; then != nil {
				if err := then(tx, db.Dialect); err != nil {
					return err
				}
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, time.Now().UTC()).Error
		})
		if err != nil {
			return fmt.Errorf("migrate %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// lockMigrations serialises schema changes across processes on PostgreSQL;
// SQLite's immediate transactions already do.
func lockMigrations(tx *gorm.DB, d Dialect) error {
	if d != Postgres {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(4242)").Error
}

func splitStatements(sql string) []string {
	var out []string
	for _, s := range strings.Split(sql, ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
