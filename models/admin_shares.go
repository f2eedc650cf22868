package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// ShareFilter selects shares on the admin's Shares page.
type ShareFilter struct {
	ID                               int64
	Image                            string
	Owner, Recipient, Region, Status string
	From, To                         time.Time // created_at in [From, To)
	Sort                             string    // "newest" (default) or "oldest"
	Page, PageSize                   int
}

// AdminShare is one share with everything the admin list shows, joined in one query.
type AdminShare struct {
	ID                 int64
	ImageID            string
	ImageName          string
	RegionID           string
	OwnerAccountID     string
	OwnerName          string
	RecipientAccountID string
	RecipientName      string
	// TargetID is set for a share with an organization or unit (R25):
	// RecipientAccountID then holds the same id, RecipientName its name.
	TargetID *string
	// Reach is how many accounts the share reaches now: 1 for an account,
	// the active members (owner excepted) for an organization or unit.
	Reach     int
	Status    string
	CreatedAt time.Time
	DecidedAt *time.Time
	Reason    string
}

// TargetKind is what the share names: TargetAccount, TargetOrganization or
// TargetUnit.
func (s AdminShare) TargetKind() string {
	if s.TargetID == nil {
		return TargetAccount
	}
	return TargetKindOf(*s.TargetID)
}

// SharePage is one page of the admin share list.
type SharePage struct {
	Filter ShareFilter
	Shares []AdminShare
	Total  int64
}

// Pages is the page count, at least 1.
func (p SharePage) Pages() int {
	return pageCount(p.Total, p.Filter.PageSize)
}

func requireAdmin(actor Actor) error {
	if !actor.Admin {
		return notFound("ResourceNotFound", Msg("error.not_found"))
	}
	return nil
}

func (f ShareFilter) normalize() ShareFilter {
	if f.PageSize <= 0 {
		f.PageSize = DefaultPageSize
	}
	f.PageSize = min(f.PageSize, MaxPageSize)
	f.Page = max(f.Page, 1)
	if f.Sort != "oldest" {
		f.Sort = "newest"
	}
	return f
}

func (s *AdminStore) shareQuery(ctx context.Context, f ShareFilter) *gorm.DB {
	q := s.db.WithContext(ctx).Table("shares").
		Joins("JOIN images ON images.id = shares.image_id").
		Joins("JOIN accounts owners ON owners.id = images.owner_account_id").
		Joins("LEFT JOIN accounts recipients ON recipients.id = shares.recipient_account_id").
		Joins("LEFT JOIN org_units tu ON tu.id = shares.target_id").
		Joins("LEFT JOIN organizations tg ON tg.id = shares.target_id")
	if f.ID != 0 {
		q = q.Where("shares.id = ?", f.ID)
	}
	if f.Image != "" {
		q = q.Where("shares.image_id = ?", f.Image)
	}
	if f.Owner != "" {
		q = q.Where("images.owner_account_id = ?", f.Owner)
	}
	if f.Recipient != "" {
		q = q.Where(shareTargetKey+" = ?", f.Recipient)
	}
	if f.Region != "" {
		q = q.Where("images.region_id = ?", f.Region)
	}
	if f.Status != "" {
		q = q.Where("shares.status = ?", f.Status)
	}
	if !f.From.IsZero() {
		q = q.Where("shares.created_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("shares.created_at < ?", f.To)
	}
	return q
}

func shareOrder(sort string) string {
	if sort == "oldest" {
		return "shares.created_at, shares.id"
	}
	return "shares.created_at DESC, shares.id DESC"
}

var adminShareColumns = "shares.id, shares.image_id, images.name AS image_name, images.region_id, " +
	"images.owner_account_id, owners.name AS owner_name, " + shareTargetKey + " AS recipient_account_id, " +
	"COALESCE(recipients.name, tu.name, tg.name, shares.target_id) AS recipient_name, shares.target_id, " +
	shareReach + " AS reach, " +
	"shares.status, shares.created_at, shares.decided_at, shares.reason"

// ListShares returns one page of every account's shares matching f.
func (s *AdminStore) ListShares(ctx context.Context, actor Actor, f ShareFilter) (SharePage, error) {
	if err := requireAdmin(actor); err != nil {
		return SharePage{}, err
	}
	f = f.normalize()
	page := SharePage{Filter: f}
	if err := s.shareQuery(ctx, f).Count(&page.Total).Error; err != nil {
		return page, fmt.Errorf("list shares: %w", err)
	}
	err := s.shareQuery(ctx, f).Select(adminShareColumns).Order(shareOrder(f.Sort)).
		Limit(f.PageSize).Offset(pageOffset(f.Page, f.PageSize)).Scan(&page.Shares).Error
	if err != nil {
		return page, fmt.Errorf("list shares: %w", err)
	}
	return page, nil
}

// maxExport bounds a CSV export.
const maxExport = 100_000

// ExportShares returns every share matching f (up to 100,000), newest first.
func (s *AdminStore) ExportShares(ctx context.Context, actor Actor, f ShareFilter) ([]AdminShare, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	var out []AdminShare
	err := s.shareQuery(ctx, f).Select(adminShareColumns).Order(shareOrder(f.Sort)).Limit(maxExport).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("export shares: %w", err)
	}
	return out, nil
}

func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return "", invalid("MissingParameter", FieldError{"reason", Msg("admin.reason_required")})
	case n > 500:
		return "", invalid("InvalidParameterValue.TooLarge", FieldError{"reason", Msg("validation.too_long", 500)})
	}
	return reason, nil
}

// decide applies an admin decision to shares in a given status: approve
// (pending → active), reject (pending → rejected, reason required) or revoke
// (active → revoked, reason required, effective at once: R15, R17).
func (s *AdminStore) decide(ctx context.Context, actor Actor, action string, ids []int64, from, to, reason string) (int, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	var n int
	err := s.db.change(ctx, actor, action, func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = fmt.Sprint(ids), reason
		if err := requireAdmin(actor); err != nil {
			return err
		}
		if to != ShareActive {
			var err error
			if reason, err = checkReason(reason); err != nil {
				return err
			}
			ev.Detail = reason
		}
		if len(ids) == 0 {
			return invalid("MissingParameter", FieldError{"shares", Msg("admin.choose_shares")})
		}
		var shares []Share
		q := tx.Where("id IN ? AND status = ?", ids, from)
		if tx.Dialector.Name() == "postgres" {
			// Another admin (or the owner) deciding on the same shares waits,
			// then finds them changed instead of overwriting the decision.
			q = q.Clauses(forUpdate())
		}
		if err := q.Find(&shares).Error; err != nil {
			return err
		}
		if len(shares) != len(ids) {
			return &Error{Kind: ErrConflict, Code: "FailedOperation.ShareStatusChanged", Msg: Msg("admin.shares_changed")}
		}
		byImage := map[string][]string{}
		for _, sh := range shares {
			byImage[sh.ImageID] = append(byImage[sh.ImageID], sh.Target())
		}
		for imageID, accounts := range byImage {
			if to == ShareActive {
				if err := approve(tx, actor, imageID, accounts); err != nil {
					return err
				}
			} else {
				// Only shares in status from: endShares ends live ones, and
				// from is pending or active, both live.
				if _, err := endShares(tx, actor, imageID, accounts, to, reason); err != nil {
					return err
				}
			}
		}
		n = len(shares)
		return nil
	})
	return n, wrap(action, err)
}

func approve(tx *gorm.DB, actor Actor, imageID string, accounts []string) error {
	var shares []Share
	if err := tx.Where("image_id = ? AND "+shareTargetKey+" IN ? AND status = ?", imageID, accounts, SharePending).
		Find(&shares).Error; err != nil {
		return err
	}
	// Approved, a share reaches its recipient, or is offered to it (R19).
	to, err := newShareStatus(tx, true)
	if err != nil {
		return err
	}
	err = tx.Model(&Share{}).Where("image_id = ? AND "+shareTargetKey+" IN ? AND status = ?", imageID, accounts, SharePending).
		Updates(map[string]any{"status": to, "decided_by_user_id": actor.UserID, "decided_at": time.Now().UTC()}).Error
	if err != nil {
		return err
	}
	var img Image
	if err := tx.Where("id = ?", imageID).Take(&img).Error; err != nil {
		return err
	}
	if err := notifyStarted(tx, shares, img, to); err != nil {
		return err
	}
	return notifyShares(tx, shares, img, NoteShareApproved, "")
}

// Approve makes pending shares active: recipients see the image from now on.
func (s *AdminStore) Approve(ctx context.Context, actor Actor, ids []int64) (int, error) {
	return s.decide(ctx, actor, "admin.share.approve", ids, SharePending, ShareActive, "")
}

// Reject refuses pending shares, with a reason the owner sees.
func (s *AdminStore) Reject(ctx context.Context, actor Actor, ids []int64, reason string) (int, error) {
	return s.decide(ctx, actor, "admin.share.reject", ids, SharePending, ShareRejected, reason)
}

// Revoke ends active shares at once, with a reason owner and recipient see.
func (s *AdminStore) Revoke(ctx context.Context, actor Actor, ids []int64, reason string) (int, error) {
	return s.decide(ctx, actor, "admin.share.revoke", ids, ShareActive, ShareRevoked, reason)
}

// GetImage returns any account's image with its owner's name, for the admin's
// read-only view of a shared image.
func (s *AdminStore) GetImage(ctx context.Context, actor Actor, id string) (ImageView, error) {
	if err := requireAdmin(actor); err != nil {
		return ImageView{}, err
	}
	return takeImageView(selectImageViews(s.db.reader(ctx).Table("images"), actor), actor, id)
}
