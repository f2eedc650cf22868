package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// AuditFilter selects audit events.
type AuditFilter struct {
	Account, User, Action, Resource, Outcome string
	From, To                                 time.Time
	Page, PageSize                           int
}

// AuditPage is one page of the audit log.
type AuditPage struct {
	Filter AuditFilter
	Events []AuditEvent
	Total  int64
}

// Pages is the page count, at least 1.
func (p AuditPage) Pages() int {
	return pageCount(p.Total, p.Filter.PageSize)
}

func auditQuery(db *gorm.DB, f AuditFilter) *gorm.DB {
	q := db.Model(&AuditEvent{})
	if f.Account != "" {
		q = q.Where("account_id = ?", f.Account)
	}
	if f.User != "" {
		q = q.Where("username = ?", strings.ToLower(f.User))
	}
	if f.Action != "" {
		q = q.Where("action LIKE ? ESCAPE '\\'", escapeLike(f.Action)+"%")
	}
	if f.Resource != "" {
		q = q.Where("resource = ?", f.Resource)
	}
	switch f.Outcome {
	case "":
	case "error":
		q = q.Where("outcome <> ?", OutcomeOK)
	default:
		q = q.Where("outcome = ?", f.Outcome)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To)
	}
	return q
}

func (s *AdminStore) auditPage(ctx context.Context, f AuditFilter) (AuditPage, error) {
	if f.PageSize <= 0 {
		f.PageSize = 50
	}
	f.PageSize, f.Page = min(f.PageSize, MaxPageSize), max(f.Page, 1)
	page := AuditPage{Filter: f}
	db := s.db.WithContext(ctx)
	if err := auditQuery(db, f).Count(&page.Total).Error; err != nil {
		return page, fmt.Errorf("audit log: %w", err)
	}
	err := auditQuery(db, f).Order("at DESC, id DESC").Limit(f.PageSize).Offset(pageOffset(f.Page, f.PageSize)).
		Find(&page.Events).Error
	if err != nil {
		return page, fmt.Errorf("audit log: %w", err)
	}
	return page, nil
}

// Audit returns one page of the whole platform's audit log, newest first.
func (s *AdminStore) Audit(ctx context.Context, actor Actor, f AuditFilter) (AuditPage, error) {
	if err := requireAdmin(actor); err != nil {
		return AuditPage{}, err
	}
	return s.auditPage(ctx, f)
}

// ExportAudit returns every event matching f (up to 100,000), newest first.
func (s *AdminStore) ExportAudit(ctx context.Context, actor Actor, f AuditFilter) ([]AuditEvent, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	var out []AuditEvent
	err := auditQuery(s.db.WithContext(ctx), f).Order("at DESC, id DESC").Limit(maxExport).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("export audit log: %w", err)
	}
	return out, nil
}

// AuditStore shows members what happened in their own account.
type AuditStore struct{ admin *AdminStore }

// NewAuditStore returns the audit store.
func NewAuditStore(db *DB) *AuditStore { return &AuditStore{admin: NewAdminStore(db)} }

// Account returns the latest events of the actor's own account, and only its.
func (s *AuditStore) Account(ctx context.Context, actor Actor, page int) (AuditPage, error) {
	return s.admin.auditPage(ctx, AuditFilter{Account: actor.AccountID, Page: page, PageSize: 20})
}
