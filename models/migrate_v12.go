package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// schemaV12 is the recycle bin (R23). A deleted custom image is soft-deleted:
// binned_at says since when it is in its owner's bin, purge_at when the
// purge job deletes it for good, purged_at that it was. The row itself stays
// for ever, as the share rows and history that name it do. A binned image
// gives up its name (a new image may take it; restoring then is refused),
// so the unique name covers images outside the bin only.
const schemaV12 = `
ALTER TABLE images ADD COLUMN binned_at {{ts}};
ALTER TABLE images ADD COLUMN purge_at {{ts}};
ALTER TABLE images ADD COLUMN purged_at {{ts}};
DROP INDEX images_owner_region_name;
CREATE UNIQUE INDEX images_owner_region_name ON images(owner_account_id, region_id, name) WHERE binned_at IS NULL;
CREATE INDEX images_purge ON images(purge_at) WHERE purge_at IS NOT NULL;
CREATE INDEX images_bin ON images(owner_account_id, region_id, binned_at) WHERE binned_at IS NOT NULL AND purged_at IS NULL
`

// migrationThen holds, per version, what runs after a step's SQL: the
// parts the dialects cannot share.
var migrationThen = map[int]func(tx *gorm.DB, d Dialect) error{12: keepShareHistory, 17: shareRecipientNullable}

// keepShareHistory removes the ON DELETE CASCADE from shares to images, so
// no delete of an image can ever take the history of its shares with it
// (SPEC 2: rows are kept for history). PostgreSQL swaps the constraint;
// SQLite cannot alter one, so the table is rebuilt from its own definition
// (whatever columns earlier steps added), its rows and indexes kept.
func keepShareHistory(tx *gorm.DB, d Dialect) error {
	if d == Postgres {
		var names []string
		if err := tx.Raw(`SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = 'shares'::regclass
			AND confrelid = 'images'::regclass`).Scan(&names).Error; err != nil {
			return err
		}
		for _, n := range names {
			if err := tx.Exec(`ALTER TABLE shares DROP CONSTRAINT "` + n + `"`).Error; err != nil {
				return err
			}
		}
		return tx.Exec("ALTER TABLE shares ADD CONSTRAINT shares_image_id_fkey FOREIGN KEY (image_id) REFERENCES images(id)").Error
	}
	var table string
	if err := tx.Raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'shares'").Scan(&table).Error; err != nil {
		return err
	}
	rebuilt := strings.Replace(table, "ON DELETE CASCADE", "", 1)
	if rebuilt == table || !strings.HasPrefix(rebuilt, "CREATE TABLE shares") {
		return fmt.Errorf("shares: unexpected definition %q", firstLine(table))
	}
	var indexes []string
	if err := tx.Raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'shares' AND sql IS NOT NULL").
		Scan(&indexes).Error; err != nil {
		return err
	}
	steps := []string{strings.Replace(rebuilt, "CREATE TABLE shares", "CREATE TABLE shares_v12", 1),
		"INSERT INTO shares_v12 SELECT * FROM shares", "DROP TABLE shares", "ALTER TABLE shares_v12 RENAME TO shares"}
	for _, s := range append(steps, indexes...) {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("%s: %w", firstLine(s), err)
		}
	}
	return nil
}
