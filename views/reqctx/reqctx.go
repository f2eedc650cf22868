// Package reqctx carries the request-wide values views need (user, locale,
// CSRF token, flash, current URL) through context.Context with typed
// accessors, so components never import the web layer.
package reqctx

import (
	"context"
	"net/url"
	"strings"
)

// User is the signed-in user as the shell shows it.
type User struct {
	Username    string
	AccountID   string
	AccountName string
	Admin       bool
	Unread      int // unread notifications, for the header
	// PendingReview: shares waiting for an admin, for the Review tab.
	PendingReview int
}

// Flash is a one-time message shown after a redirect.
type Flash struct {
	Kind string // "success" or "error"
	Text string
}

// Request is what one request knows that every component may show.
type Request struct {
	User   *User // nil when signed out
	Locale string
	CSRF   string
	Region string
	// RegionPinned: the page shows an object of Region (an image, an
	// instance), so another region has only its image list to offer.
	RegionPinned bool
	Path         string
	Query        url.Values
	Flash        []Flash
	RequestID    string
}

type key struct{}

// With returns ctx carrying r.
func With(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, key{}, r)
}

// From returns the request values; never nil, so components need no checks.
func From(ctx context.Context) *Request {
	if r, ok := ctx.Value(key{}).(*Request); ok && r != nil {
		return r
	}
	return &Request{Locale: "en", Query: url.Values{}}
}

// CurrentURL is the path and query of the request, for "come back here" links.
func (r *Request) CurrentURL() string {
	if len(r.Query) == 0 {
		return r.Path
	}
	return r.Path + "?" + r.Query.Encode()
}

// RegionURL is the current page in another region: other filters are kept,
// the page number is dropped (page 3 of one region means nothing in another).
func (r *Request) RegionURL(region string) string {
	if r.RegionPinned {
		list := "/images"
		if strings.HasPrefix(r.Path, "/instances") {
			list = "/instances"
		}
		return list + "?region=" + url.QueryEscape(region)
	}
	q := url.Values{}
	for k, v := range r.Query {
		if k != "page" && k != "q" {
			q[k] = v
		}
	}
	q.Set("region", region)
	path := r.Path
	if path == "" || path == "/" {
		path = "/images"
	}
	return path + "?" + q.Encode()
}
