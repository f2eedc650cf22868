package models

import (
	"context"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ImageImport is a disk image to bring in as a custom image.
type ImageImport struct {
	Region       string
	Name         string
	Description  string
	Platform     string // one of ImportPlatforms
	OSVersion    string
	Architecture string // x86_64 or arm64
	// URL is where to fetch it (http or https); File, for operators only
	// (the command line), a path on the server's own disk.
	URL  string
	File string
	// spool: File is an upload's spool, removed once imported.
	spool bool
	// size is the upload's, already counted by its start (0: unknown).
	size int64
}

// ImportPlatforms are the operating systems an import may declare, with
// the versions offered for each (DescribeImportImageOs).
var ImportPlatforms = []ImportOS{
	{"CentOS", []string{"7", "8", "Stream 9"}},
	{"Ubuntu", []string{"20.04", "22.04", "24.04"}},
	{"Debian", []string{"11", "12", "13"}},
	{"TencentOS", []string{"3.1", "4"}},
	{"Rocky Linux", []string{"8", "9"}},
	{"Windows", []string{"2019", "2022", "2025"}},
	{"Other Linux", []string{"-"}},
}

// ImportOS is one platform the import accepts.
type ImportOS struct {
	Platform string
	Versions []string
}

// ImportArchitectures are the architectures an import may declare.
var ImportArchitectures = []string{"x86_64", "arm64"}

// Import starts importing a disk image into a new custom image of the
// actor's account, IMPORTING until its bytes have arrived and been verified
// (format from its own headers, SHA-256), then NORMAL, or IMPORTFAILED with
// the reason. Like any custom image it follows R3 (quota) and R16 (name).
func (s *ImageStore) Import(ctx context.Context, actor Actor, in ImageImport) (Image, error) {
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	in.URL = strings.TrimSpace(in.URL)
	var out Image
	err := s.db.change(ctx, actor, "image.import", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Detail = in.Name
		source, err := checkImport(in)
		if err != nil {
			return err
		}
		if err := lockAccount(tx, actor.AccountID); err != nil {
			return err
		}
		if err := checkNameFree(tx, actor.AccountID, in.Region, in.Name, ""); err != nil {
			return err
		}
		if err := checkQuota(tx, actor.AccountID, in.Region, 1); err != nil {
			return err
		}
		if err := checkByteQuota(tx, actor.AccountID, in.size); err != nil {
			return err
		}
		now := time.Now().UTC()
		owner := actor.AccountID
		out = Image{ID: newID("img-"), RegionID: in.Region, OwnerAccountID: &owner, Name: in.Name,
			Description: in.Description, OSName: strings.TrimSpace(in.Platform + " " + in.OSVersion),
			Platform: in.Platform, Architecture: in.Architecture, State: ImageImporting, Source: SourceImport,
			ImageContent: ImageContent{TransferTotal: in.size}, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		ev.Resource = out.ID
		return enqueueTransfer(tx, Transfer{Kind: TransferImport, ImageID: out.ID, RegionID: in.Region, Source: source})
	})
	return out, wrap("import image", err)
}

// checkImport validates an import request and returns its source.
func checkImport(in ImageImport) (string, error) {
	if err := CheckRegion(in.Region); err != nil {
		return "", err
	}
	if e := checkImageText(in.Name, in.Description); e != nil {
		return "", e
	}
	var fields []FieldError
	if !slices.ContainsFunc(ImportPlatforms, func(o ImportOS) bool { return o.Platform == in.Platform }) {
		fields = append(fields, FieldError{"platform", Msg("validation.invalid_choice")})
	}
	if !slices.Contains(ImportArchitectures, in.Architecture) {
		fields = append(fields, FieldError{"architecture", Msg("validation.invalid_choice")})
	}
	source := ""
	switch {
	case in.File != "":
		if !filepath.IsAbs(in.File) {
			fields = append(fields, FieldError{"file", Msg("import.file_not_absolute")})
		}
		source = "file:" + in.File
		if in.spool {
			source = spoolPrefix + in.File
		}
	default:
		u, err := url.Parse(in.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			fields = append(fields, FieldError{"url", Msg("import.bad_url")})
		}
		source = in.URL
	}
	if len(fields) > 0 {
		return "", invalid("InvalidParameterValue", fields...)
	}
	return source, nil
}

// Stored reads an image as stored, for operators' commands that act for no
// viewer.
func (s *ImageStore) Stored(ctx context.Context, id string) (Image, error) {
	var img Image
	err := s.db.reader(ctx).Where("id = ?", id).Limit(1).Find(&img).Error
	if err == nil && img.ID == "" {
		return img, imageNotFound(id)
	}
	return img, err
}
