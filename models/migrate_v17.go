package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// schemaV17 lets a share name an organization or one of its units instead
// of an account (R25). target_id holds the organization or unit id (NULL
// for an account share, whose recipient_account_id it is); the account
// column becomes nullable (migrateV17). The second partial unique index is
// "one live share per target" for those targets. share_members keeps each
// member's own answer to a group share: accepted or declined an offer
// (R19), or left it (R18), for that member only. Nothing is copied per
// member otherwise: who a group share reaches is read from org_members when
// asked.
const schemaV17 = `
ALTER TABLE shares ADD COLUMN target_id TEXT;
CREATE UNIQUE INDEX shares_one_live_target ON shares(image_id, target_id) WHERE status IN ('pending', 'offered', 'active') AND target_id IS NOT NULL;
CREATE INDEX shares_target ON shares(target_id, status, image_id) WHERE target_id IS NOT NULL;
CREATE TABLE share_members (
	share_id   BIGINT NOT NULL,
	account_id TEXT NOT NULL REFERENCES accounts(id),
	status     TEXT NOT NULL,
	reason     TEXT NOT NULL DEFAULT '',
	decided_at {{ts}} NOT NULL,
	PRIMARY KEY (share_id, account_id)
);
CREATE INDEX share_members_account ON share_members(account_id, share_id, status)
`

// shareRecipientNullable drops NOT NULL from shares.recipient_account_id: a
// group share has no single recipient. PostgreSQL alters the column; SQLite
// rebuilds the table from its own definition, rows and indexes kept (as
// keepShareHistory does).
func shareRecipientNullable(tx *gorm.DB, d Dialect) error {
	if d == Postgres {
		return tx.Exec("ALTER TABLE shares ALTER COLUMN recipient_account_id DROP NOT NULL").Error
	}
	var table string
	if err := tx.Raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'shares'").Scan(&table).Error; err != nil {
		return err
	}
	rebuilt := strings.Replace(table, "recipient_account_id TEXT NOT NULL", "recipient_account_id TEXT", 1)
	head := ""
	for _, h := range []string{"CREATE TABLE shares", `CREATE TABLE "shares"`} {
		if strings.HasPrefix(rebuilt, h) {
			head = h
		}
	}
	if rebuilt == table || head == "" {
		return fmt.Errorf("shares: unexpected definition %q", firstLine(table))
	}
	var indexes []string
	if err := tx.Raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'shares' AND sql IS NOT NULL").
		Scan(&indexes).Error; err != nil {
		return err
	}
	steps := []string{strings.Replace(rebuilt, head, "CREATE TABLE shares_v17", 1),
		"INSERT INTO shares_v17 SELECT * FROM shares", "DROP TABLE shares", "ALTER TABLE shares_v17 RENAME TO shares"}
	for _, s := range append(steps, indexes...) {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("%s: %w", firstLine(s), err)
		}
	}
	return nil
}
