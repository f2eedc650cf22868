package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"imageshare/models"
)

// runBackup writes a consistent snapshot of the SQLite database with VACUUM
// INTO, which reads one transaction's view while the server keeps writing.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("imageshare backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := dbFlag(fs, getenv)
	out := fs.String("out", "", "file to write the snapshot to (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("backup: --out FILE is required")
	}
	if models.IsPostgresDSN(*dsn) {
		return errors.New("backup: PostgreSQL is backed up with pg_dump, not this command")
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("backup: %s already exists", *out)
	}
	db, err := models.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.WithContext(ctx).Exec("VACUUM INTO ?", *out).Error; err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *out)
	return nil
}
