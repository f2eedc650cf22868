package models

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Pending-share states.
const (
	PendingWaiting = "waiting"
	PendingDone    = "done"
	PendingFailed  = "failed"
)

// PendingShare is the second step of R12's guided flow: the accounts to share
// a copy with once it is NORMAL, and how that went.
type PendingShare struct {
	ImageID    string `gorm:"primaryKey"`
	AccountIDs string // space-separated
	UserID     int64
	State      string
	Error      string // the code of the refusal when failed
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Accounts returns the account IDs to share with.
func (p PendingShare) Accounts() []string { return strings.Fields(p.AccountIDs) }

// checkShareWith validates the accounts a copy will be shared with, before
// the copy starts (R14 for each account, R1 against an image with no shares).
func checkShareWith(tx *gorm.DB, actor Actor, ids []string, riskAccepted bool) error {
	if len(ids) == 0 {
		return nil
	}
	if !riskAccepted {
		return invalid("MissingParameter", FieldError{"risk", Msg("share.risk_required")})
	}
	check := ShareCheck{}
	var err error
	if check.Cap, err = shareCap(tx); err != nil {
		return err
	}
	if check.Accounts, err = checkAccounts(tx, actor.AccountID, "", ids); err != nil {
		return err
	}
	check.applyCap()
	return check.Error()
}

// applyPendingShare shares a copy that just became NORMAL with the accounts
// its owner asked for, through the same rules as any share. A refusal (an
// account disabled meanwhile, say) does not undo the copy: it is recorded
// for the owner to see, and the copy stays unshared.
func applyPendingShare(tx *gorm.DB, img Image) error {
	var p PendingShare
	if err := tx.Where("image_id = ? AND state = ?", img.ID, PendingWaiting).Find(&p).Error; err != nil || p.ImageID == "" {
		return err
	}
	actor := Actor{UserID: p.UserID, AccountID: *img.OwnerAccountID}
	err := tx.Transaction(func(sp *gorm.DB) error {
		_, err := shareTx(sp, actor, ShareRequest{ImageID: img.ID, AccountIDs: p.Accounts(), RiskAccepted: true})
		return err
	})
	p.State, p.UpdatedAt = PendingDone, time.Now().UTC()
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// Shared with one of the accounts meanwhile: a refusal like any other.
		err = &Error{Kind: ErrInvalid, Code: "FailedOperation.AccountAlreadyExists"}
	}
	if err != nil {
		de, ok := AsError(err)
		if !ok {
			return err
		}
		p.State, p.Error = PendingFailed, de.Code
	}
	return tx.Save(&p).Error
}

// pendingSharesOf returns the copy-then-share steps of the actor's images.
func pendingSharesOf(db *gorm.DB, actor Actor, imageIDs []string) (map[string]PendingShare, error) {
	var rows []PendingShare
	err := db.Table("pending_shares").Select("pending_shares.*").
		Joins("JOIN images ON images.id = pending_shares.image_id").
		Where("pending_shares.image_id IN ? AND images.owner_account_id = ?", append(slices.Clip(imageIDs), ""), actor.AccountID).
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("pending shares: %w", err)
	}
	out := make(map[string]PendingShare, len(rows))
	for _, r := range rows {
		out[r.ImageID] = r
	}
	return out, nil
}
