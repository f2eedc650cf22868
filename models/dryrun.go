package models

import (
	"context"
	"errors"

	"gorm.io/gorm"
)

// A dry run (the CVM API's DryRun) asks whether a change would pass: every
// check runs, in the change's own transaction, which is then rolled back.
type dryRunKey struct{}

// WithDryRun marks ctx so that every change made under it is a dry run: it
// changes nothing, writes no audit event (nothing happened), and answers
// ErrDryRunPassed if it would have succeeded, or its refusal otherwise.
func WithDryRun(ctx context.Context) context.Context {
	return context.WithValue(ctx, dryRunKey{}, true)
}

func isDryRun(ctx context.Context) bool {
	dry, _ := ctx.Value(dryRunKey{}).(bool)
	return dry
}

// ErrDryRun is the kind of ErrDryRunPassed.
var ErrDryRun = errors.New("dry run")

// ErrDryRunPassed is a dry run's answer when the change would have passed,
// with the code Tencent's API gives it.
var ErrDryRunPassed = &Error{Kind: ErrDryRun, Code: "DryRunOperation", Msg: Msg("api.dry_run_passed")}

// errRollBack ends a dry run's transaction once every check passed.
var errRollBack = errors.New("dry run: roll back")

// dryRun runs a change's fn as change does, then rolls its transaction back.
func (db *DB) dryRun(ctx context.Context, actor Actor, action string, fn func(tx *gorm.DB, ev *AuditEvent) error) error {
	ev := newEvent(ctx, actor, action)
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := fn(tx, &ev); err != nil {
			return err
		}
		return errRollBack
	})
	if errors.Is(err, errRollBack) {
		return ErrDryRunPassed
	}
	return err
}
