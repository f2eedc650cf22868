package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"imageshare/models"
)

// runRotateMaster implements `imageshare apikey rotate-master`: every API
// SecretKey is re-encrypted under a new master key, in one transaction. The
// current key is the operator's (--master-key-file, IMAGESHARE_MASTER_KEY) or
// the one kept in the database; the new one is the operator's
// (--new-master-key-file, IMAGESHARE_NEW_MASTER_KEY), kept out of the
// database from then on, or else a fresh one kept in it. Servers must be
// stopped meanwhile and restarted with the new key.
func runRotateMaster(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("imageshare apikey rotate-master", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := dbFlag(fs, getenv)
	current := masterKeyFlag(fs, getenv)
	newFile := fs.String("new-master-key-file", "",
		"file holding the new master key (default: a new one, kept in the database) [or IMAGESHARE_NEW_MASTER_KEY]")
	if err := fs.Parse(args); err != nil {
		return err
	}
	key, err := current()
	if err != nil {
		return err
	}
	newKey, err := loadMasterKey(*newFile, getenv("IMAGESHARE_NEW_MASTER_KEY"), "--new-master-key-file", "IMAGESHARE_NEW_MASTER_KEY")
	if err != nil {
		return err
	}
	db, err := openWithKey(ctx, *dsn, key)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := models.NewAPIKeyStore(db).RotateMaster(ctx, newKey)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Re-encrypted %d API keys under the new master key.\n", n)
	if newKey != nil {
		fmt.Fprintln(stdout, "The database no longer holds it: start every server and command with it (--master-key-file or IMAGESHARE_MASTER_KEY).")
	} else {
		fmt.Fprintln(stdout, "It is kept in the database: start the servers without --master-key-file or IMAGESHARE_MASTER_KEY.")
	}
	return nil
}
