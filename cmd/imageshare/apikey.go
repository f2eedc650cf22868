package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"imageshare/models"
)

// runAPIKey implements `imageshare apikey create --user NAME`: a new API key
// for a user, printed as two lines, to bootstrap automation before anyone
// opens the Account page. Safe while the server runs: it goes through the
// same store and transactions, and the audit log names the user.
func runAPIKey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "rotate-master" {
		return runRotateMaster(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: imageshare apikey create --user USER, or imageshare apikey rotate-master (see --help)")
	}
	fs := flag.NewFlagSet("imageshare apikey create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := dbFlag(fs, getenv)
	masterKey := masterKeyFlag(fs, getenv)
	user := fs.String("user", "", "username whose rights the key carries (required)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *user == "" {
		return errors.New("apikey create: --user USER is required")
	}
	key, err := masterKey()
	if err != nil {
		return err
	}
	db, err := openWithKey(ctx, *dsn, key)
	if err != nil {
		return err
	}
	defer db.Close()
	keys := models.NewAPIKeyStore(db)
	actor, err := keys.UserActor(ctx, *user)
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("apikey create: no user named %q", *user)
	}
	if de, ok := models.AsError(err); ok {
		return errors.New(describe(de))
	}
	if err != nil {
		return err
	}
	ctx = models.WithRequestMeta(ctx, models.RequestMeta{Username: strings.ToLower(strings.TrimSpace(*user))})
	id, secret, err := keys.Create(ctx, actor)
	if de, ok := models.AsError(err); ok {
		return errors.New(describe(de))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "SecretId: %s\nSecretKey: %s\n", id, secret)
	return nil
}
