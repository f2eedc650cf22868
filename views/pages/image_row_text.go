package pages

import (
	"context"

	"imageshare/views/i18n"
)

// imageRowText is what every row of an image list says alike: its cells'
// labels (shown on a phone, where a row is a card) and its actions' names.
// A list translates them once, not once per row: 20 rows asked the
// catalogue some 400 times for a dozen strings.
type imageRowText struct {
	State, OS, Size, Owner, Shared, Created string // cell labels
	Select                                  string // the bulk checkbox's visible label
	Launch                                  string
	Copy, Share, CancelShares, Edit, Leave  string
	Delete                                  string
}

func newImageRowText(ctx context.Context) imageRowText {
	t := func(key string) string { return i18n.T(ctx, key) }
	return imageRowText{
		State: t("images.col.state"), OS: t("images.col.os"), Size: t("images.col.size"), Owner: t("images.col.owner"),
		Shared: t("images.col.shared"), Created: t("images.col.created"),
		Select: t("bulk.col_select"),
		Launch: t("instances.launch"),
		Copy:   t("images.copy"), Share: t("images.share"), CancelShares: t("images.cancel_share"), Edit: t("images.edit"),
		Leave: t("leave.action"), Delete: t("images.delete"),
	}
}
