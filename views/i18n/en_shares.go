package i18n

// English strings of sharing: the share and cancel dialogs, the share list
// and its history, and the rules' messages.
func init() { merge(en, enShares) }

var enShares = map[string]string{
	"share.no_accounts":       "Enter at least one account ID.",
	"share.bad_accounts":      "%d account(s) cannot be added. Nothing was shared; correct or remove them and try again.",
	"share.over_cap":          "An image can be shared with at most %d accounts. It has %d; you can add %d more.",
	"share.too_many":          "Give at most %d account IDs at once.",
	"share.account_malformed": "%s is not an account ID: account IDs are 10 to 12 digits.",
	"share.account_self":      "%s is your own account: you already have this image.",
	"share.account_unknown":   "Account %s does not exist or is disabled.",
	"share.account_already":   "The image is already shared with %s.",
	"share.not_owner":         "Only the account that owns an image can share it. An image shared with you, or a public image, cannot be shared.",
	"share.concurrent":        "Someone shared this image with one of these accounts at the same moment. Reload and try again.",
	"share.risk_required":     "Confirm that you understand the risks of sharing this image.",
	"share.cancel_none":       "Choose at least one account to stop sharing with.",
	"share.not_shared_with":   "The image is not shared with %s.",

	"images.share":        "Share",
	"images.cancel_share": "Cancel sharing",

	"share.title":          "Share image",
	"share.subtitle":       "Share %s (%s) in %s with other accounts. They can use it in this region only.",
	"share.accounts":       "Account IDs",
	"share.accounts_hint":  "One or many, separated by spaces, commas or new lines. Ask each owner for their account ID (shown on their Account page).",
	"share.counter":        "%d of %d used",
	"share.counter_adding": "%d of %d used, %d to add",
	"share.check_label":    "Accounts you entered",
	"share.check_ok":       "Ready to share",
	"share.risk_title":     "Before you share",
	"share.risk_text":      "Data and software in this image may leak. Make sure it holds no confidential data or software. The accounts you share it with can launch instances from it and make custom images of their own from those instances.",
	"share.risk_accept":    "I understand these risks and want to share this image.",
	"share.submit":         "Share",
	"share.policy_review":  "New shares wait for a platform administrator's approval before recipients see the image.",

	"cancel.title":      "Cancel sharing",
	"cancel.subtitle":   "Stop sharing %s (%s) with the accounts you select. They lose access at once; instances they already launched keep running.",
	"cancel.select_all": "Select all",
	"cancel.recipients": "Recipients",
	"cancel.none":       "This image is not shared with anyone.",
	"cancel.submit":     "Cancel sharing with selected accounts",
	"cancel.all":        "Cancel all shares",

	"detail.shares":          "Shared with",
	"detail.shares_none":     "Not shared with any account.",
	"detail.col.account":     "Account",
	"detail.col.status":      "Status",
	"detail.col.since":       "Since",
	"detail.history":         "Sharing history",
	"detail.history_none":    "No share has been made of this image yet.",
	"history.shared":         "%s shared it with %s (%s)",
	"history.cancelled":      "%s cancelled the share with %s (%s)",
	"history.revoked":        "An administrator revoked the share with %s (%s): %s",
	"history.rejected":       "An administrator rejected the share with %s (%s): %s",
	"history.by_unknown":     "Someone",
	"share_status.pending":   "Pending review",
	"share_status.active":    "Active",
	"share_status.rejected":  "Rejected",
	"share_status.cancelled": "Cancelled",
	"share_status.revoked":   "Revoked",

	"copy.share_with":      "Share each copy with (optional)",
	"copy.share_with_hint": "Account IDs in the target regions. Each copy is shared with them as soon as it is ready: copy to a region, then share the copy there.",
	"pending.waiting":      "Will be shared with %s once the copy is ready.",
	"pending.done":         "Shared with %s when the copy was ready.",
	"pending.failed":       "The copy was not shared with %s (%s). Share it from the copy's page.",

	"flash.shared":          "Image shared with %d account(s).",
	"flash.shared_pending":  "%d share(s) sent for review. Recipients will see the image once an administrator approves.",
	"flash.share_cancelled": "Stopped sharing with %d account(s).",
}
