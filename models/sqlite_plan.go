package models

/*
typedef struct sqlite3 sqlite3;
int sqlite3_db_config(sqlite3*, int op, ...);

// SQLITE_DBCONFIG_ENABLE_QPSG, from sqlite3.h.
#define IMAGESHARE_DBCONFIG_ENABLE_QPSG 1007

// imageshare_set_qpsg sets the query planner stability guarantee of one
// connection (on: 1, off: 0, read only: -1) and returns what it is after.
static int imageshare_set_qpsg(void *db, int on) {
	int now = -1;
	if (sqlite3_db_config((sqlite3*)db, IMAGESHARE_DBCONFIG_ENABLE_QPSG, on, &now) != 0) {
		return -1;
	}
	return now;
}
*/
import "C"

import (
	"errors"
	"reflect"
	"unsafe"

	"github.com/mattn/go-sqlite3"
)

// stablePlans turns on SQLite's query planner stability guarantee for a
// connection: a prepared statement keeps the plan it was prepared with.
// Without it, SQLite marks a statement to be prepared again whenever a
// parameter it compared with a partial index's terms (the shares' and
// images' partial indexes) is bound anew, so every run of an image read
// parsed and planned the whole statement: 134 µs against 10 µs for the
// visibility check of one image, most of a list page's database time.
// A query that needs a partial index must state the index's terms (the
// live statuses, binned_at IS NULL) as literals, not parameters: the one
// that did not, shares by a bound status, has a full index (schema 18).
//
// go-sqlite3 does not expose sqlite3_db_config, so the connection's
// handle is read from its (pinned) struct; a missing field fails the
// connection rather than running without the guarantee.
func stablePlans(conn *sqlite3.SQLiteConn) error {
	on, err := setQPSG(conn, 1)
	if err != nil {
		return err
	}
	if on != 1 {
		return errors.New("sqlite: the query planner stability guarantee did not turn on")
	}
	return nil
}

// setQPSG sets (1, 0) or reads (-1) a connection's planner stability guarantee.
func setQPSG(conn *sqlite3.SQLiteConn, on int) (int, error) {
	field := reflect.ValueOf(conn).Elem().FieldByName("db")
	if !field.IsValid() || field.Kind() != reflect.Pointer || field.IsNil() {
		return 0, errors.New("sqlite: no database handle in go-sqlite3's connection")
	}
	now := int(C.imageshare_set_qpsg(unsafe.Pointer(field.Pointer()), C.int(on)))
	if now < 0 {
		return 0, errors.New("sqlite: sqlite3_db_config refused the planner stability guarantee")
	}
	return now, nil
}
