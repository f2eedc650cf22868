package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"imageshare/models"
	"imageshare/views/i18n"
)

// runAccount implements `imageshare account create`, for operators and tests
// that need accounts without the UI. Safe while the server runs: it goes
// through the same store and transactions.
func runAccount(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: imageshare account create --name NAME --user USER --password PASS [--id ID] [--admin]")
	}
	fs := flag.NewFlagSet("imageshare account create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := dbFlag(fs, getenv)
	name := fs.String("name", "", "account display name (required)")
	user := fs.String("user", "", "username of the account's first user (required)")
	password := fs.String("password", "", "that user's password, at least 8 characters (required)")
	id := fs.String("id", "", "account ID, 10-12 digits (default: generated)")
	admin := fs.Bool("admin", false, "make the user a platform admin")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := models.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	acct, err := models.NewAccountStore(db).Create(ctx, models.NewAccount{
		ID: *id, Name: *name, Username: *user, Password: *password, Admin: *admin,
	})
	if de, ok := models.AsError(err); ok {
		return errors.New(describe(de))
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, acct.ID)
	return nil
}

// describe renders a domain error for a terminal: one line, each bad flag named.
func describe(de *models.Error) string {
	if len(de.Fields) == 0 {
		return i18n.Tr("en", de.Msg.Key, de.Msg.Args...)
	}
	parts := make([]string, len(de.Fields))
	for i, f := range de.Fields {
		flagName := f.Field
		if flagName == "username" {
			flagName = "user"
		}
		parts[i] = "--" + flagName + ": " + i18n.Tr("en", f.Msg.Key, f.Msg.Args...)
	}
	return strings.Join(parts, "; ")
}
