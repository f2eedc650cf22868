package models

import (
	"context"
	"slices"
)

// MigrateBelow applies only the migration steps older than version, as a
// database from before that step has them, so a test can put data in and
// then see the step migrate it.
func MigrateBelow(ctx context.Context, db *DB, version int) error {
	all := migrations
	defer func() { migrations = all }()
	migrations = slices.DeleteFunc(slices.Clone(all), func(m migration) bool { return m.version >= version })
	return Migrate(ctx, db)
}
