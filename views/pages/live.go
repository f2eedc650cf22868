package pages

import (
	"net/url"
	"slices"
	"strings"
)

// WatchParam is the query parameter of a live poll: the ids of the rows that
// were busy when the page was drawn, whose cells the poll answers with.
const WatchParam = "watch"

// ParseWatch reads a WatchParam value; it is capped at a page of rows.
func ParseWatch(s string) []string {
	if s == "" {
		return nil
	}
	ids := strings.Split(s, ",")
	return ids[:min(len(ids), 100)]
}

// withWatch adds the watched ids to a page's URL.
func withWatch(pageURL string, ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	sep := "?"
	if strings.Contains(pageURL, "?") {
		sep = "&"
	}
	return pageURL + sep + WatchParam + "=" + url.QueryEscape(strings.Join(ids, ","))
}

func watching(watch []string, id string) bool { return slices.Contains(watch, id) }
