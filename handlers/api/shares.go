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
	// OrganizationIds and UnitIds (extension, R25): the caller's
	// organization and units, beside or instead of accounts.
	OrganizationIds []string `json:"OrganizationIds"`
	UnitIds         []string `json:"UnitIds"`
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
	if len(in.AccountIds)+len(in.OrganizationIds)+len(in.UnitIds) == 0 {
		return nil, missing("AccountIds")
	}
	if in.Permission == nil || *in.Permission == "" {
		return nil, missing("Permission")
	}
	accounts, err := shareTargets(in)
	if err != nil {
		return nil, err
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

// shareTargets is the one list of targets the domain classifies (R25):
// accounts as given, then organizations and units, each of which must have
// the shape its parameter names.
func shareTargets(in modifyImageSharePermissionRequest) ([]string, error) {
	var out []string
	lists := []struct {
		name, kind string
		ids        []string
	}{{"AccountIds", "", in.AccountIds}, {"OrganizationIds", models.TargetOrganization, in.OrganizationIds},
		{"UnitIds", models.TargetUnit, in.UnitIds}}
	for _, l := range lists {
		for _, id := range l.ids {
			id = strings.TrimSpace(id)
			if l.kind != "" && models.TargetKindOf(id) != l.kind {
				return nil, apiErrorf(models.OrgCode, "`%s` holds %q, which is not a %s ID.", l.name, id, l.kind)
			}
			out = append(out, id)
		}
	}
	return out, nil
}

type describeImageSharePermissionRequest struct {
	ImageId *string `json:"ImageId"`
}

// SharePermission is one target an image is shared with.
type SharePermission struct {
	CreatedTime string `json:"CreatedTime"`
	// AccountId is the account of an account share ("" for a group).
	AccountId string `json:"AccountId"`
	// Extensions (R25): ACCOUNT, ORGANIZATION or UNIT; the target's id and
	// name; how many accounts it reaches now.
	TargetType string `json:"TargetType"`
	TargetId   string `json:"TargetId"`
	TargetName string `json:"TargetName"`
	Reach      int    `json:"Reach"`
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
				AccountId: s.RecipientAccountID, Status: strings.ToUpper(s.Status), ExpiredTime: expiredTime(s.ExpiresAt),
				TargetType: strings.ToUpper(s.TargetKind()), TargetId: s.Target(), TargetName: s.RecipientName, Reach: s.Reach})
		}
	}
	return out, nil
}
