package pages

import (
	"context"

	"imageshare/views/components"
	"imageshare/views/i18n"
)

// menuItems are an image row's "More" actions: those the domain allows
// (Can), each labelled for a screen reader with the image's name.
func (img *ImageRow) menuItems(ctx context.Context, text *imageRowText) []components.MenuItem {
	items := make([]components.MenuItem, 0, 6)
	add := func(href, label string, danger bool) {
		items = append(items, components.MenuItem{Href: href, Label: label,
			AriaLabel: i18n.T(ctx, "images.action_label", label, img.Name), Danger: danger})
	}
	if img.Can.Copy.OK {
		add("/images/"+img.ID+"/copy", text.Copy, false)
	}
	if img.Can.Share.OK {
		add("/images/"+img.ID+"/share", text.Share, false)
	}
	if img.Can.CancelShares.OK {
		add("/images/"+img.ID+"/shares/cancel", text.CancelShares, false)
	}
	if img.Can.Edit.OK {
		add("/images/"+img.ID+"?edit=1#image-edit", text.Edit, false)
	}
	if img.Can.Leave.OK {
		add("/images/"+img.ID+"/leave", text.Leave, true)
	}
	if img.Can.Delete.Offered() {
		add("/images/"+img.ID+"/delete", text.Delete, true)
	}
	return items
}

// menuItems are an instance row's "More" actions, those the domain allows.
func (ins InstanceRow) menuItems(ctx context.Context) []components.MenuItem {
	var items []components.MenuItem
	add := func(href, label string, danger bool) {
		items = append(items, components.MenuItem{Href: href, Label: label,
			AriaLabel: i18n.T(ctx, "instances.action_label", label, ins.Name), Danger: danger})
	}
	if ins.Can.Reinstall {
		add("/instances/"+ins.ID+"/reinstall", i18n.T(ctx, "instances.reinstall"), false)
	}
	if ins.Can.CreateImage {
		add("/instances/"+ins.ID+"/create-image", i18n.T(ctx, "instances.create_image"), false)
	}
	if ins.Can.Terminate {
		add("/instances/"+ins.ID+"/terminate", i18n.T(ctx, "instances.terminate"), true)
	}
	return items
}
