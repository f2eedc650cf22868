package reqctx_test

import (
	"context"
	"net/url"
	"testing"

	"imageshare/views/reqctx"
)

func TestFromWithoutValues(t *testing.T) {
	r := reqctx.From(context.Background())
	if r == nil || r.Locale != "en" || r.User != nil || r.Query == nil {
		t.Fatalf("From(empty) = %+v, want English, signed out, non-nil query", r)
	}
	want := &reqctx.Request{Locale: "pt-BR"}
	if got := reqctx.From(reqctx.With(context.Background(), want)); got != want {
		t.Errorf("From(With(r)) = %p, want %p", got, want)
	}
}

func TestURLs(t *testing.T) {
	tests := []struct {
		name, path string
		query      url.Values
		current    string
		region     string // RegionURL("ap-beijing")
	}{
		{"bare path", "/account", nil, "/account", "/account?region=ap-beijing"},
		{"root goes to images", "/", url.Values{}, "/", "/images?region=ap-beijing"},
		{"drops page and search", "/images", url.Values{"tab": {"custom"}, "page": {"2"}, "q": {"web"}, "region": {"ap-shanghai"}},
			"/images?page=2&q=web&region=ap-shanghai&tab=custom", "/images?region=ap-beijing&tab=custom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &reqctx.Request{Path: tt.path, Query: tt.query}
			if got := r.CurrentURL(); got != tt.current {
				t.Errorf("CurrentURL = %q, want %q", got, tt.current)
			}
			if got := r.RegionURL("ap-beijing"); got != tt.region {
				t.Errorf("RegionURL = %q, want %q", got, tt.region)
			}
		})
	}
}
