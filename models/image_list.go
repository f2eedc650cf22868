package models

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// Image tabs of the Images page (SPEC 4).
const (
	TabPublic = "public"
	TabCustom = "custom"
	TabShared = "shared"
)

// Tabs in display order.
var Tabs = []string{TabPublic, TabCustom, TabShared}

// Sort orders of image lists.
const (
	SortName   = "name"
	SortNewest = "newest"
	SortOldest = "oldest"
	SortSize   = "size"
)

// Sorts in display order.
var Sorts = []string{SortName, SortNewest, SortOldest, SortSize}

// Page sizes (SPEC 4: 20 by default, 100 at most).
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	maxSearchLen    = 100
)

// ImageQuery selects one page of one tab in one region.
type ImageQuery struct {
	Region   string
	Tab      string
	Search   string
	Platform string
	// Tags narrow the list to images with matching tags (R24), all of them.
	Tags     []TagFilter
	Sort     string
	Page     int
	PageSize int
	// WithCounts also reads the page's facts (ListFacts: every tab's count,
	// invitations, quota, cap): unfiltered, the page's total is then its
	// tab's count, and the list saves a query.
	WithCounts bool
}

// Normalize fills defaults and clamps out-of-range values, so any URL a
// person edits by hand still yields a sensible page.
func (q ImageQuery) Normalize() ImageQuery {
	if !ValidRegion(q.Region) {
		q.Region = DefaultRegion
	}
	if !slices.Contains(Tabs, q.Tab) {
		q.Tab = TabPublic
	}
	q.Search = strings.TrimSpace(q.Search)
	if r := []rune(q.Search); len(r) > maxSearchLen {
		// Cut by characters, never inside one: a cut UTF-8 sequence would
		// match nothing and be shown back broken.
		q.Search = strings.TrimSpace(string(r[:maxSearchLen]))
	}
	if !slices.Contains(Platforms, q.Platform) {
		q.Platform = ""
	}
	if !slices.Contains(Sorts, q.Sort) {
		q.Sort = SortName
		if q.Tab != TabPublic {
			q.Sort = SortNewest
		}
	}
	if q.PageSize <= 0 {
		q.PageSize = DefaultPageSize
	}
	q.PageSize = min(q.PageSize, MaxPageSize)
	q.Page = max(q.Page, 1)
	return q
}

// ImagePage is one page of an image list.
type ImagePage struct {
	Query  ImageQuery
	Images []ImageView
	Total  int64
	// ListFacts, when the query asked for counts; without them only
	// ShareCap, on the custom tab (where each row shows its live shares out
	// of it).
	ListFacts
}

// ListFacts are what the Images page shows around its list: the region's tab
// counts, the invitations waiting (R19), the account's quota (R3) and the
// share cap (R1). Every page of the Images page shows them all, so they are
// read in one statement.
type ListFacts struct {
	Counts      map[string]int64
	Invitations int64
	Quota       RegionQuota
	ShareCap    int
}

// Pages is the number of pages (at least 1, for "page 1 of 1").
func (p ImagePage) Pages() int {
	return pageCount(p.Total, p.Query.PageSize)
}

// ImageStore reads and (in later steps) changes images.
type ImageStore struct{ db *DB }

// NewImageStore returns the image store.
func NewImageStore(db *DB) *ImageStore { return &ImageStore{db: db} }

// List returns one page of the images the actor sees in a tab of a region.
// Three queries whatever the page size: a count, the page itself (with the
// owner's name joined, never fetched per row) and the page's tags (R24).
func (s *ImageStore) List(ctx context.Context, actor Actor, q ImageQuery) (ImagePage, error) {
	q = q.Normalize()
	page := ImagePage{Query: q}
	base := tabScope(s.db.reader(ctx), actor, q.Region, q.Tab)
	var platforms []string
	if q.Platform != "" {
		platforms = []string{q.Platform}
	}
	base = withTags(matching(base, q.Search, platforms), q.Tags)
	if q.WithCounts {
		facts, err := s.Facts(ctx, actor, q.Region)
		if err != nil {
			return page, err
		}
		page.ListFacts, page.Total = facts, facts.Counts[q.Tab]
		if q.Tab != TabCustom {
			page.ShareCap = 0 // only the owner's rows count their shares
		}
	}
	if !q.WithCounts || q.Search != "" || q.Platform != "" || len(q.Tags) > 0 {
		if err := base.Session(&gorm.Session{}).Count(&page.Total).Error; err != nil {
			return page, fmt.Errorf("list images: %w", err)
		}
	}
	if last := page.Pages(); q.Page > last {
		// A page past the end (an old link, a shrunk list) shows the last one.
		q.Page = last
		page.Query = q
	}
	var err error
	page.Images, err = readImageViews(selectImageViews(base, actor).
		Order(orderBy(q.Sort)).Limit(q.PageSize).Offset(pageOffset(q.Page, q.PageSize)), actor)
	if err != nil {
		return page, fmt.Errorf("list images: %w", err)
	}
	if err := attachTags(s.db.reader(ctx), page.Images); err != nil {
		return page, fmt.Errorf("list images: %w", err)
	}
	if q.Tab == TabCustom && !q.WithCounts {
		if page.ShareCap, err = shareCap(s.db.reader(ctx)); err != nil {
			return page, fmt.Errorf("list images: %w", err)
		}
	}
	return page, nil
}

// Facts returns the Images page's facts for a region in one statement, a
// subquery each, built by the functions that define them (tabScope,
// offeredTo, quotaUsed, quotaLimit, the cap setting): one round trip instead
// of six, and built once (factsSQL).
func (s *ImageStore) Facts(ctx context.Context, actor Actor, region string) (ListFacts, error) {
	var row struct {
		Public, Custom, Shared, Invitations int64
		Used, Binned, Lim                   int
		ShareCap                            *string
	}
	rows, err := factsSQL.query(ctx, s.db.reader(ctx), actor.AccountID, region)
	if err == nil {
		defer rows.Close()
		if rows.Next() {
			err = rows.Scan(&row.Public, &row.Custom, &row.Shared, &row.Invitations, &row.Used, &row.Binned, &row.Lim, &row.ShareCap)
		}
		if err == nil {
			err = rows.Err()
		}
	}
	if err != nil {
		return ListFacts{}, fmt.Errorf("count images: %w", err)
	}
	facts := ListFacts{
		Counts:      map[string]int64{TabPublic: row.Public, TabCustom: row.Custom, TabShared: row.Shared},
		Invitations: row.Invitations,
		Quota:       RegionQuota{Region: region, Used: row.Used, Limit: row.Lim, Binned: row.Binned},
		ShareCap:    DefaultShareCap,
	}
	if row.ShareCap != nil {
		facts.ShareCap = parseShareCap(*row.ShareCap)
	}
	return facts, nil
}

// factsSQL is Facts' statement: every tab's count, the invitations, the
// quota's use and limit, and the share cap.
var factsSQL = builtSQL{build: func(db *gorm.DB) *gorm.DB {
	actor, region := Actor{AccountID: standInAccount}, standInRegion
	fresh := func() *gorm.DB { return db.Session(&gorm.Session{NewDB: true}) }
	count := func(tab string) *gorm.DB { return tabScope(fresh(), actor, region, tab).Select("COUNT(*)") }
	return db.Raw("SELECT (?) AS public, (?) AS custom, (?) AS shared, (?) AS invitations, (?) AS used, (?) AS binned, ? AS lim, (?) AS share_cap",
		count(TabPublic), count(TabCustom), count(TabShared),
		offeredTo(fresh(), actor).Where("images.region_id = ?", region).Select("COUNT(*)"),
		quotaUsed(db, actor.AccountID, region), quotaBinned(db, actor.AccountID, region), quotaLimit(db, actor.AccountID, region),
		settingValue(db, settingShareCap))
}}

// tabScope is the one place that decides which images an actor sees in a tab:
// public images, the account's own, or others' images shared with the
// account (R4: only in the image's region), none in a recycle bin (R23).
func tabScope(db *gorm.DB, actor Actor, region, tab string) *gorm.DB {
	db = db.Table("images").Where(notBinned).Where("images.region_id = ?", region)
	switch tab {
	case TabCustom:
		return db.Where("images.owner_account_id = ?", actor.AccountID)
	case TabShared:
		// Driven by the recipient's shares (indexed by recipient and
		// status), not by a per-image lookup over the whole region.
		return db.Where("images.owner_account_id <> ?", actor.AccountID).Where(sharedWith, sharedWithArgs(actor.AccountID)...)
	default:
		return db.Where("images.owner_account_id IS NULL")
	}
}

// matching narrows images to a search (the id, or part of the name, letter
// case aside) and to any of some platforms (all when none): the console's
// search and the API's image-name and platform filters.
func matching(db *gorm.DB, search string, platforms []string) *gorm.DB {
	if search != "" {
		like := "%" + escapeLike(strings.ToLower(search)) + "%"
		db = db.Where("(images.id = ? OR LOWER(images.name) LIKE ? ESCAPE '\\')", strings.ToLower(search), like)
	}
	if len(platforms) > 0 {
		db = db.Where("images.platform IN ?", platforms)
	}
	return db
}

// ByIDs returns the images named by ids that the actor sees in a region and
// that match a search and platforms as List does, in the order of ids. One
// query; at most MaxPageSize ids.
func (s *ImageStore) ByIDs(ctx context.Context, actor Actor, region string, ids []string, search string, platforms []string, tags []TagFilter) ([]ImageView, error) {
	if len(ids) > MaxPageSize {
		ids = ids[:MaxPageSize]
	}
	q := visibleTo(s.db.reader(ctx).Table("images"), actor).Where("images.region_id = ? AND images.id IN ?", region, append(slices.Clip(ids), ""))
	views, err := readImageViews(selectImageViews(withTags(matching(q, strings.TrimSpace(search), platforms), tags), actor), actor)
	if err != nil {
		return nil, fmt.Errorf("images by id: %w", err)
	}
	slices.SortFunc(views, func(a, b ImageView) int { return slices.Index(ids, a.ID) - slices.Index(ids, b.ID) })
	return views, attachTags(s.db.reader(ctx), views)
}

func orderBy(sort string) string {
	switch sort {
	case SortNewest:
		return "images.created_at DESC, images.id"
	case SortOldest:
		return "images.created_at ASC, images.id"
	case SortSize:
		return "images.size_gb DESC, images.name, images.id"
	default:
		return "images.name ASC, images.id"
	}
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
