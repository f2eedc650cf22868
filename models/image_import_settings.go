package models

import (
	"context"
	"net/netip"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// ImportSettings are the admin's bounds on imports from URLs.
type ImportSettings struct {
	// MaxBytes is the largest image an import accepts.
	MaxBytes int64
	// Allow names non-public addresses imports may reach anyway (an
	// internal mirror): SSRF protection refuses every other one.
	Allow []netip.Prefix
}

// DefaultImportMaxBytes: Tencent takes images up to 500 GB; a private cloud
// on local disks is better served by a lower default the admin can raise.
const DefaultImportMaxBytes int64 = 64 << 30

const (
	settingImportMaxBytes = "import_max_bytes"
	settingImportAllow    = "import_allow"
)

func importSettings(tx *gorm.DB) (ImportSettings, error) {
	s := ImportSettings{MaxBytes: DefaultImportMaxBytes}
	v, err := setting(tx, settingImportMaxBytes)
	if err != nil {
		return s, err
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		s.MaxBytes = n
	}
	allow, err := setting(tx, settingImportAllow)
	if err != nil {
		return s, err
	}
	s.Allow, _ = parseAllowList(allow)
	return s, nil
}

// parseAllowList reads addresses and prefixes separated by spaces, commas or
// lines; it returns the first entry it cannot read.
func parseAllowList(s string) ([]netip.Prefix, string) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' }) {
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return out, f
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, ""
}

// ImportSettings returns the import bounds in force (admins only).
func (s *AdminStore) ImportSettings(ctx context.Context, actor Actor) (ImportSettings, error) {
	if err := requireAdmin(actor); err != nil {
		return ImportSettings{}, err
	}
	return importSettings(s.db.reader(ctx))
}

// SetImportSettings changes the size limit and the allow-list; allow is
// the admin's text (addresses or prefixes), checked whole.
func (s *AdminStore) SetImportSettings(ctx context.Context, actor Actor, maxBytes int64, allow string) error {
	err := s.db.change(ctx, actor, "admin.import_settings", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = "settings", "max_bytes="+strconv.FormatInt(maxBytes, 10)+" allow="+allow
		if err := requireAdmin(actor); err != nil {
			return err
		}
		var fields []FieldError
		if maxBytes < 1<<20 {
			fields = append(fields, FieldError{"max_bytes", Msg("import.max_bytes_range")})
		}
		prefixes, bad := parseAllowList(allow)
		if bad != "" {
			fields = append(fields, FieldError{"allow", Msg("import.allow_bad", bad)})
		}
		if len(fields) > 0 {
			return invalid("InvalidParameterValue", fields...)
		}
		list := make([]string, len(prefixes))
		for i, p := range prefixes {
			list[i] = p.String()
		}
		return putSettings(tx, map[string]string{settingImportMaxBytes: strconv.FormatInt(maxBytes, 10),
			settingImportAllow: strings.Join(list, " ")})
	})
	return wrap("set import settings", err)
}
