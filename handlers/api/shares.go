package api

import (
	"context"
	"strings"
	"time"

	"imageshare/models"
)

// Share permissions: ModifyImageSharePermission and
// DescribeImageSharePermission, on the console's share store.

const (
	permissionShare  = "SHARE"
	permissionCancel = "CANCEL"
)

type modifyImageSharePermissionRequest struct {
	ImageId    *string  `json:"ImageId"`
	AccountIds []string `json:"AccountIds"`
	Permission *string  `json:"Permission"`
	// ExpiredTime (extension, R20): SHARE until then.
	ExpiredTime *string `json:"ExpiredTime"`
}

// modifyImageSharePermission shares one of the caller's images with accounts
// (SHARE) or ends those shares (CANCEL), all or nothing, under every rule of
// sharing (R1, R9, R13, R14, R17). The console asks the owner to confirm the
// risk notice (R10) before sharing; a program calling the API has accepted it
// by calling.
func (h *Handler) modifyImageSharePermission(ctx context.Context, c *call) (response, error) {
	var in modifyImageSharePermissionRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	img, err := h.regionImage(ctx, c, in.ImageId, "ImageId")
	if err != nil {
		return nil, err
	}
	if len(in.AccountIds) == 0 {
		return nil, missing("AccountIds")
	}
	if in.Permission == nil || *in.Permission == "" {
		return nil, missing("Permission")
	}
	accounts := make([]string, len(in.AccountIds))
	for i, a := range in.AccountIds {
		accounts[i] = strings.TrimSpace(a)
	}
	switch strings.ToUpper(*in.Permission) {
	case permissionShare:
		var until *time.Time
		if until, err = parseExpiredTime(in.ExpiredTime); err != nil {
			return nil, err
		}
		_, err = h.shares.Share(ctx, c.actor, models.ShareRequest{ImageID: img.ID, AccountIDs: accounts, RiskAccepted: true,
			ExpiresAt: until})
	case permissionCancel:
		_, err = h.shares.Cancel(ctx, c.actor, img.ID, accounts)
	default:
		return nil, apiErrorf("InvalidParameterValue", "Permission must be SHARE or CANCEL, not %q.", *in.Permission)
	}
	if err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type describeImageSharePermissionRequest struct {
	ImageId *string `json:"ImageId"`
}

// SharePermission is one account an image is shared with.
type SharePermission struct {
	CreatedTime string `json:"CreatedTime"`
	AccountId   string `json:"AccountId"`
	// Extensions (SPEC 3b): active or offered (R19), and the end (R20), null if none.
	Status      string  `json:"Status"`
	ExpiredTime *string `json:"ExpiredTime"`
}

type describeImageSharePermissionResponse struct {
	SharePermissionSet []SharePermission `json:"SharePermissionSet"`
	meta
}

// describeImageSharePermission lists the accounts one of the caller's images
// is shared with now (active shares, and those offered to their recipient
// under R19; one waiting for an admin's review under R17 is not a
// permission yet). Only the owner may ask.
func (h *Handler) describeImageSharePermission(ctx context.Context, c *call) (response, error) {
	var in describeImageSharePermissionRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	img, err := h.regionImage(ctx, c, in.ImageId, "ImageId")
	if err != nil {
		return nil, err
	}
	shares, err := h.shares.Recipients(ctx, c.actor, img.ID)
	if err != nil {
		return nil, err
	}
	out := &describeImageSharePermissionResponse{SharePermissionSet: []SharePermission{}}
	for _, s := range shares {
		if s.Status == models.ShareActive || s.Status == models.ShareOffered {
			out.SharePermissionSet = append(out.SharePermissionSet, SharePermission{CreatedTime: timeOut(s.CreatedAt),
				AccountId: s.RecipientAccountID, Status: strings.ToUpper(s.Status), ExpiredTime: expiredTime(s.ExpiresAt)})
		}
	}
	return out, nil
}
