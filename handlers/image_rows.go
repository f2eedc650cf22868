package handlers

import (
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/components"
	"imageshare/views/pages"
	"imageshare/web"
)

// imageRows turns images as the domain hands them out into the rows of a
// list. A list only shows or hides actions, so the reasons for refusals are
// not translated (they cost a formatted message per row and action).
func imageRows(images []models.ImageView) []pages.ImageRow {
	rows := make([]pages.ImageRow, len(images))
	for i, img := range images {
		rows[i] = imageRow(nil, img)
	}
	return rows
}

// imageRow is one image as a page about it shows it, with the domain's
// verdicts and, given a request to translate for, the reasons of refusals.
func imageRow(c echo.Context, img models.ImageView) pages.ImageRow {
	row := pages.ImageRow{
		ID: img.ID, Name: img.Name, Description: img.Description, Region: img.RegionID, Tab: img.Tab(),
		State: img.State, Progress: img.Progress, OSName: img.OSName, Platform: img.Platform,
		Architecture: img.Architecture, SizeGB: img.SizeGB, Source: img.Source, CopyOf: img.CopyOf(),
		CreatedAt: img.CreatedAt, OwnerName: img.OwnerName, LiveShares: img.LiveShares,
		Trust: img.Notice.Trust, Busy: img.Notice.Busy, Failed: img.Notice.Failed, Ready: img.Ready(), Life: lifecycleOf(img),
		Tags: tagChips(img.Tags),
		Can: pages.ImageActions{
			Launch: action(c, img.Can.Launch), Reinstall: action(c, img.Can.Reinstall), Share: action(c, img.Can.Share),
			CancelShares: action(c, img.Can.CancelShares), Copy: action(c, img.Can.Copy), Edit: action(c, img.Can.Edit),
			Delete: action(c, img.Can.Delete), Manage: action(c, img.Can.Manage), Leave: action(c, img.Can.Leave),
		},
	}
	if img.OwnerAccountID != nil {
		row.OwnerAccountID = *img.OwnerAccountID
	}
	return row
}

// action is one verdict of the domain, with the refusal's reason translated
// when there is a request to translate for.
func action(c echo.Context, v models.Verdict) pages.Action {
	if v.OK() {
		return pages.Action{OK: true}
	}
	a := pages.Action{Remedy: string(v.Remedy)}
	if c != nil {
		a.Why = web.Translate(c, v.Refusal.Msg)
	}
	return a
}

// copyRow is a copy of an image, followed from its source.
func copyRow(cp models.Image, pending *pages.PendingStep) pages.CopyRow {
	return pages.CopyRow{ID: cp.ID, Name: cp.Name, Region: cp.RegionID, State: cp.State, Progress: cp.Progress,
		Tone: components.ToneOf(cp.Ready(), cp.Busy(), cp.Failed()), Busy: cp.Busy(), Pending: pending}
}

func imageOptions(images []models.ImageView) []pages.ImageOption {
	out := make([]pages.ImageOption, len(images))
	for i, img := range images {
		out[i] = pages.ImageOption{ID: img.ID, Name: img.Name, Tab: img.Tab(), Trust: img.Notice.Trust,
			OwnerName: img.OwnerName, Architecture: img.Architecture, OSName: img.OSName, Life: lifecycleOf(img)}
		if img.OwnerAccountID != nil {
			out[i].OwnerAccountID = *img.OwnerAccountID
		}
	}
	return out
}

func instanceRows(list []models.Instance) []pages.InstanceRow {
	rows := make([]pages.InstanceRow, len(list))
	for i, ins := range list {
		can := ins.Can()
		rows[i] = pages.InstanceRow{
			ID: ins.ID, Name: ins.Name, State: ins.State, Region: ins.RegionID, Zone: ins.ZoneID, Type: ins.InstanceType,
			ImageID: ins.ImageID, ImageName: ins.ImageName, OSName: ins.OSName, Architecture: ins.Architecture,
			CreatedAt: ins.CreatedAt, Busy: ins.Busy(), Running: ins.Running(),
			Can: pages.InstanceActions{Stop: can.Stop.OK(), Start: can.Start.OK(), Reinstall: can.Reinstall.OK(),
				CreateImage: can.CreateImage.OK(), Terminate: can.Terminate.OK()},
		}
	}
	return rows
}
