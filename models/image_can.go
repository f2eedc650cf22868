package models

import "time"

// Verdict is whether the viewer may do one thing with an object: nil refusal
// means yes; otherwise the refusal is exactly the error the store returns if
// the viewer tries anyway, so the console can say why before the click.
type Verdict struct {
	Refusal *Error
	// Remedy names what the viewer can do to lift the refusal, if anything:
	// the console then still leads to the action, to explain and offer it.
	Remedy Remedy
}

// Remedy is a step that lifts a refusal.
type Remedy string

// RemedyCancelShares: cancel the image's shares first (R6).
const RemedyCancelShares Remedy = "cancel_shares"

// OK reports whether the action is allowed.
func (v Verdict) OK() bool { return v.Refusal == nil }

func verdict(refusal *Error) Verdict {
	return Verdict{Refusal: refusal, Remedy: RemedyOf(refusal)}
}

// RemedyOf names the step that lifts a refusal, if there is one: the
// console offers it beside the refusal, whether the refusal came with the
// image's verdicts or from the change itself.
func RemedyOf(refusal *Error) Remedy {
	switch {
	case refusal == nil:
		return ""
	case refusal.Code == "InvalidImageId.InShared":
		return RemedyCancelShares
	case refusal.Code == "OperationDenied.DeletionProtection":
		return RemedyProtectionOff
	}
	return ""
}

// ImageCan is what the viewer may do with an image. Every answer comes from
// the rule function that guards the change itself (see image_rules.go), so
// what the console offers and what the store accepts cannot drift apart.
type ImageCan struct {
	Launch       Verdict // R4, R13: launch an instance from it (in its own region)
	Reinstall    Verdict // R4, R13: reinstall an instance of its region with it
	Share        Verdict // R9, R13
	CancelShares Verdict // R9, and some live share to cancel
	Copy         Verdict // R5, R13
	Edit         Verdict // R2
	EditTags     Verdict // R24: set the image's tags (the owner only, as R2)
	Delete       Verdict // R6, R7
	Leave        Verdict // R18: remove an image shared with the viewer from its account
	// Download (and ExportImages): the owner's NORMAL image that holds
	// bytes; never a recipient, as on Tencent (image_download.go).
	Download Verdict
	// Manage is the owner's view: shares, history, copies and the accounts
	// running instances from it. Anyone else learns nothing of those.
	Manage       Verdict
	LifecycleCan // R21, R22: image_lifecycle.go
}

// ImageNotice is what to tell the viewer about an image.
type ImageNotice struct {
	// Trust is R8's warning: someone else's custom image, whose integrity
	// the platform does not guarantee; show the owner's account.
	Trust bool
	// Busy: being made or copied; its progress changes, so pages that show
	// it refresh themselves.
	Busy bool
	// Failed: creation or copy failed; FailureReason says why.
	Failed          bool
	LifecycleNotice // R21, R22: image_lifecycle.go
}

// decide fills the capabilities and notices of an image as its viewer sees
// it. LiveShares must already be set for the owner.
func (v *ImageView) decide() {
	own := ownerRefusal(v, OpEdit) == nil
	usable := requireUsable(v.Image, "image")
	v.Can = ImageCan{
		Launch:    verdict(usable),
		Reinstall: verdict(usable),
		Share:     verdict(first(ownerRefusal(v, OpShare), requireUsable(v.Image, ""))),
		Copy:      verdict(first(ownerRefusal(v, OpCopy), requireUsable(v.Image, "regions"))),
		Edit:      verdict(ownerRefusal(v, OpEdit)),
		EditTags:  verdict(ownerRefusal(v, OpEdit)),
		Delete:    verdict(first(ownerRefusal(v, OpDelete), protectionRefusal(v.Image), deleteRefusal(v.Image, v.LiveShares))),
		Manage:    verdict(ownerRefusal(v, OpManage)),
		Download:  verdict(downloadRefusal(v)),
	}
	v.Can.Leave = verdict(leaveRefusal(v))
	v.Can.CancelShares = verdict(first(ownerRefusal(v, OpCancelShares), cancelRefusal(v.LiveShares)))
	if !own {
		v.LiveShares = 0 // only the owner may know
	}
	v.Notice = ImageNotice{Trust: v.Type == SharedImage, Busy: v.Busy(), Failed: v.Failed()}
	v.decideLifecycle(time.Now())
}

// first returns the first refusal of a list of rule checks, in the order the
// store applies them.
func first(refusals ...*Error) *Error {
	for _, r := range refusals {
		if r != nil {
			return r
		}
	}
	return nil
}

// Busy reports whether the image is being made or copied.
func (img Image) Busy() bool {
	return img.State == ImageCreating || img.State == ImageSyncing || img.State == ImageImporting
}
