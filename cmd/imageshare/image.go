package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"imageshare/models"
	"imageshare/storage"
)

const (
	defaultStorage = "file://./data/images"
	storageUsage   = "where image bytes are kept: file://DIR, or s3://BUCKET?endpoint=URL&region=R for S3-compatible storage"
)

// runImage runs `imageshare image import`: an operator brings a disk image
// from this machine's disk into an account, through the same domain call
// and transfer as an import from a URL, and waits for the verdict. If the
// command is stopped, the server's worker finishes the import (the file
// must stay where it is).
func runImage(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return errors.New("usage: imageshare image import --file PATH --account ID --region R [--name N]")
	}
	fs := flag.NewFlagSet("imageshare image import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := dbFlag(fs, getenv)
	store := fs.String("storage", or(getenv("IMAGESHARE_STORAGE"), defaultStorage), storageUsage+" [IMAGESHARE_STORAGE]")
	file := fs.String("file", "", "disk image to import (qcow2, raw, vmdk, vhd or vhdx)")
	account := fs.String("account", "", "account ID that will own the image")
	region := fs.String("region", models.DefaultRegion, "region of the image")
	name := fs.String("name", "", "image name (default: the file's name)")
	platform := fs.String("platform", "Other Linux", "operating system (as DescribeImportImageOs lists them)")
	arch := fs.String("arch", "x86_64", "architecture: x86_64 or arm64")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *file == "" || *account == "" {
		return errors.New("image import: --file and --account are required")
	}
	abs, err := filepath.Abs(*file)
	if err != nil {
		return err
	}
	if *name == "" {
		*name = filepath.Base(abs)
	}
	db, err := models.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	blobs, err := storage.Open(ctx, *store)
	if err != nil {
		return err
	}
	stores := models.NewStores(db, models.StoreConfig{Blobs: blobs})
	img, err := stores.Images.Import(ctx, models.Actor{AccountID: *account}, models.ImageImport{Region: *region,
		Name: *name, Platform: *platform, Architecture: *arch, File: abs})
	if err != nil {
		return fmt.Errorf("image import: %w", err)
	}
	fmt.Fprintf(stdout, "importing %s as %s in %s\n", abs, img.ID, *region)
	return awaitImport(ctx, stores, img.ID, stdout)
}

// awaitImport runs transfers until the image is settled.
func awaitImport(ctx context.Context, stores *models.Stores, id string, stdout io.Writer) error {
	for {
		if _, err := stores.Transfers.Step(ctx); err != nil {
			fmt.Fprintf(stdout, "attempt failed: %v\n", err)
		}
		img, err := stores.Images.Stored(ctx, id)
		if err != nil {
			return err
		}
		switch {
		case img.Ready():
			fmt.Fprintf(stdout, "%s is NORMAL: %s, %d bytes (virtual %d), sha256 %s\n", img.ID, img.DiskFormat,
				img.ContentBytes, img.VirtualBytes, img.ContentSHA256)
			return nil
		case img.Failed():
			return fmt.Errorf("image import: %s failed: %s %s", img.ID, img.FailureReason, img.FailureDetail)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
