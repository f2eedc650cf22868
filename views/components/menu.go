package components

// MenuItem is one item of a RowMenu: a link, its label, the label a screen
// reader hears (it names the row), and whether the action is destructive.
type MenuItem struct {
	Href, Label, AriaLabel string
	Danger                 bool
}
