package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"imageshare/models"
)

// masterKeyFlag adds --master-key-file to a sub-command's flags. The function
// it returns reads the operator's master key once the flags are parsed.
func masterKeyFlag(fs *flag.FlagSet, getenv func(string) string) func() ([]byte, error) {
	file := fs.String("master-key-file", getenv("IMAGESHARE_MASTER_KEY_FILE"),
		"file holding the master key, if kept outside the database [IMAGESHARE_MASTER_KEY_FILE]")
	return func() ([]byte, error) {
		return loadMasterKey(*file, getenv("IMAGESHARE_MASTER_KEY"), "--master-key-file", "IMAGESHARE_MASTER_KEY")
	}
}

// loadMasterKey reads an operator's master key from a file or a variable (the
// two names are for messages): nil when neither is given, so the database
// keeps its own.
func loadMasterKey(file, value, fileName, valueName string) ([]byte, error) {
	var key []byte
	var err error
	switch {
	case file != "" && value != "":
		return nil, fmt.Errorf("give %s or %s, not both", valueName, fileName)
	case file != "":
		var b []byte
		if b, err = os.ReadFile(file); err != nil {
			return nil, fmt.Errorf("invalid %s: %w", fileName, err)
		}
		if key, err = models.ParseMasterKey(string(b)); err != nil {
			return nil, fmt.Errorf("invalid %s %s: %w", fileName, file, err)
		}
	case value != "":
		if key, err = models.ParseMasterKey(value); err != nil {
			return nil, fmt.Errorf("invalid %s: %w", valueName, err)
		}
	}
	return key, nil
}

// openWithKey opens the database and gives it the operator's master key, if
// any: every process that reads or makes API keys must use the same one.
func openWithKey(ctx context.Context, dsn string, key []byte) (*models.DB, error) {
	db, err := models.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if key != nil {
		db.UseMasterKey(key)
	}
	if err := db.CheckMasterKey(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
