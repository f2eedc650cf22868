package components_test

import (
	"strings"
	"testing"

	"imageshare/views/components"
	"imageshare/views/i18n"
)

func TestToast(t *testing.T) {
	tests := []struct {
		kind, requestID, role string
	}{
		{"error", "req-42", "alert"},
		{"success", "", "status"},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			toast := render(t, components.Toast(tt.kind, "Saved <b>", tt.requestID)).Find("body > div")
			if role, _ := toast.Attr("role"); role != tt.role {
				t.Errorf("role = %q, want %q", role, tt.role)
			}
			if got := toast.Find("p").First().Text(); got != "Saved <b>" {
				t.Errorf("message = %q (escaped text expected)", got)
			}
			code := toast.Find("code")
			if tt.requestID == "" {
				if code.Length() != 0 {
					t.Error("request id line without a request id")
				}
			} else if code.Text() != tt.requestID || !strings.Contains(toast.Text(), i18n.Tr("en", "error.request_id")) {
				t.Errorf("request id = %q, want %q with its label", code.Text(), tt.requestID)
			}
			if toast.Find("button[data-dismiss]").Length() != 1 {
				t.Error("no dismiss button")
			}
		})
	}
}

func TestToastsRegion(t *testing.T) {
	doc := render(t, components.Toasts())
	region := doc.Find("#" + components.ToastsID)
	if live, _ := region.Attr("aria-live"); region.Length() != 1 || live != "polite" {
		t.Fatalf("toasts region: %d, aria-live %q", region.Length(), live)
	}
	if region.Children().Length() != 0 {
		t.Error("toasts region is not empty")
	}
}
