package models

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// builtSQL is a statement GORM builds once per dialect from the functions
// that define its parts, with stand-in values for what changes from call to
// call; each call binds its own values in their places. For a statement of
// many subqueries (the Images page's facts), building it through GORM's
// clauses cost more than SQLite took to run it.
type builtSQL struct {
	build func(dry *gorm.DB) *gorm.DB // the statement, for the stand-ins
	cache sync.Map                    // dialect name -> builtStatement
}

type builtStatement struct {
	sql  string
	vars []any
}

// Stand-ins for the values a built statement binds per call. A NUL cannot
// be in an account id or a region, so no real value is taken for one.
const (
	standInAccount = "\x00account"
	standInRegion  = "\x00region"
)

// query runs the statement with the stand-ins bound to account and region,
// on db's pool (where prepared statements are kept per connection).
func (b *builtSQL) query(ctx context.Context, db *gorm.DB, account, region string) (*sql.Rows, error) {
	st, err := b.statement(db)
	if err != nil {
		return nil, err
	}
	args := make([]any, len(st.vars))
	for i, v := range st.vars {
		switch v {
		case standInAccount:
			args[i] = account
		case standInRegion:
			args[i] = region
		default:
			if s, ok := v.(string); ok && strings.Contains(s, "\x00") {
				return nil, fmt.Errorf("built statement: stand-in inside %q cannot be bound", s)
			}
			args[i] = v
		}
	}
	return db.Statement.ConnPool.QueryContext(ctx, st.sql, args...)
}

func (b *builtSQL) statement(db *gorm.DB) (builtStatement, error) {
	dialect := db.Dialector.Name()
	if st, ok := b.cache.Load(dialect); ok {
		return st.(builtStatement), nil
	}
	stmt := b.build(db.Session(&gorm.Session{DryRun: true, NewDB: true})).Statement
	if stmt.Error != nil {
		return builtStatement{}, stmt.Error
	}
	st := builtStatement{sql: stmt.SQL.String(), vars: stmt.Vars}
	b.cache.Store(dialect, st)
	return st, nil
}
