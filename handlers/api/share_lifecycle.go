package api

import (
	"context"
	"strings"
	"time"

	"imageshare/models"
)

// Extension actions of the share lifecycle (SPEC 3b, README "Extension
// actions"): a recipient leaves a share (R18), answers an invitation
// (R19); an owner moves a share's end (R20). Tencent has no such actions;
// their shapes follow its conventions (ImageId, AccountId, ExpiredTime in
// ISO 8601 UTC, RequestId).

type imageOnlyRequest struct {
	ImageId *string `json:"ImageId"`
}

// leaveImageShare removes an image shared with the caller from its account.
func (h *Handler) leaveImageShare(ctx context.Context, c *call) (response, error) {
	return h.imageChange(ctx, c, h.shares.Leave)
}

// regionInvitation returns the invitation to an image offered to the
// caller in the call's region; one elsewhere is not found here (R4).
func (h *Handler) regionInvitation(ctx context.Context, c *call, id *string) (models.Invitation, error) {
	checked, err := imageID.one(id, "ImageId")
	if err != nil {
		return models.Invitation{}, err
	}
	inv, err := h.shares.Invitation(ctx, c.actor, checked)
	if err == nil && inv.RegionID != c.region {
		return inv, apiErrorf("InvalidImageId.NotFound", "The image `%s` does not exist.", checked)
	}
	return inv, err
}

// acceptImageShare accepts an invitation: the image becomes the caller's SHARED_IMAGE.
func (h *Handler) acceptImageShare(ctx context.Context, c *call) (response, error) {
	var in imageOnlyRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	inv, err := h.regionInvitation(ctx, c, in.ImageId)
	if err != nil {
		return nil, err
	}
	if err := h.shares.Accept(ctx, c.actor, inv.ImageID); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type declineImageShareRequest struct {
	ImageId *string `json:"ImageId"`
	Reason  *string `json:"Reason"`
}

// declineImageShare declines an invitation, with an optional Reason the owner sees.
func (h *Handler) declineImageShare(ctx context.Context, c *call) (response, error) {
	var in declineImageShareRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	inv, err := h.regionInvitation(ctx, c, in.ImageId)
	if err != nil {
		return nil, err
	}
	reason := ""
	if in.Reason != nil {
		reason = *in.Reason
	}
	if err := h.shares.Decline(ctx, c.actor, inv.ImageID, reason); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

// ImageShareInvitation is one image offered to the caller (R19).
type ImageShareInvitation struct {
	ImageId        string  `json:"ImageId"`
	ImageName      string  `json:"ImageName"`
	OsName         string  `json:"OsName"`
	Architecture   string  `json:"Architecture"`
	OwnerAccountId string  `json:"OwnerAccountId"`
	OwnerName      string  `json:"OwnerName"`
	CreatedTime    string  `json:"CreatedTime"`
	ExpiredTime    *string `json:"ExpiredTime"`
}

type describeImageShareInvitationsResponse struct {
	TotalCount    int                    `json:"TotalCount"`
	InvitationSet []ImageShareInvitation `json:"InvitationSet"`
	meta
}

// describeImageShareInvitations lists the images offered to the caller in the region.
func (h *Handler) describeImageShareInvitations(ctx context.Context, c *call) (response, error) {
	var in struct{}
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	list, err := h.shares.Invitations(ctx, c.actor, c.region)
	if err != nil {
		return nil, err
	}
	out := &describeImageShareInvitationsResponse{TotalCount: len(list), InvitationSet: []ImageShareInvitation{}}
	for _, inv := range list {
		out.InvitationSet = append(out.InvitationSet, ImageShareInvitation{ImageId: inv.ImageID, ImageName: inv.ImageName,
			OsName: inv.OSName, Architecture: architectures[inv.Architecture], OwnerAccountId: inv.OwnerAccountID,
			OwnerName: inv.OwnerName, CreatedTime: timeOut(inv.OfferedAt()), ExpiredTime: expiredTime(inv.ExpiresAt)})
	}
	return out, nil
}

type modifyImageShareExpiryRequest struct {
	ImageId     *string `json:"ImageId"`
	AccountId   *string `json:"AccountId"`
	ExpiredTime *string `json:"ExpiredTime"`
}

// modifyImageShareExpiry moves the end of one share of the caller's image,
// or removes it (ExpiredTime empty or absent) (R20).
func (h *Handler) modifyImageShareExpiry(ctx context.Context, c *call) (response, error) {
	var in modifyImageShareExpiryRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	img, err := h.regionImage(ctx, c, in.ImageId, "ImageId")
	if err != nil {
		return nil, err
	}
	if in.AccountId == nil || strings.TrimSpace(*in.AccountId) == "" {
		return nil, missing("AccountId")
	}
	at, err := parseExpiredTime(in.ExpiredTime)
	if err != nil {
		return nil, err
	}
	if err := h.shares.SetExpiry(ctx, c.actor, img.ID, strings.TrimSpace(*in.AccountId), at); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

// parseExpiredTime reads an optional ExpiredTime (R20).
func parseExpiredTime(s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	at, err := models.ParseExpiry("", *s)
	if err != nil {
		return nil, apiErrorf("InvalidParameterValue", "`ExpiredTime` must be a time such as 2027-01-31T18:00:00Z, not %q.", *s)
	}
	return at, nil
}

// expiredTime is a share's end as the API shows it: null when it has none.
func expiredTime(at *time.Time) *string {
	if at == nil {
		return nil
	}
	s := timeOut(*at)
	return &s
}
