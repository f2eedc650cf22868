package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"imageshare/models"
)

// runAdmin implements `imageshare admin reset-password --user NAME`: a new
// one-time password for a user who lost theirs (the first admin's is printed
// only once). Safe while the server runs: it goes through the admin store.
func runAdmin(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "reset-password" {
		return errors.New("usage: imageshare admin reset-password --user USER")
	}
	fs := flag.NewFlagSet("imageshare admin reset-password", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := dbFlag(fs, getenv)
	user := fs.String("user", "", "username whose password to reset (required)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *user == "" {
		return errors.New("admin reset-password: --user USER is required")
	}
	db, err := models.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	password, err := models.NewAdminStore(db).OperatorResetPassword(ctx, *user)
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("admin reset-password: no user named %q", *user)
	}
	if de, ok := models.AsError(err); ok {
		return errors.New(describe(de))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "One-time password for %s: %s\n", *user, password)
	fmt.Fprintln(stdout, "(shown only now; they choose their own password at next sign-in, and their sessions have ended)")
	return nil
}
