package pages_test

import (
	"testing"

	"imageshare/views/i18n"
	"imageshare/views/pages"
)

func TestPasswordSection(t *testing.T) {
	tests := []struct {
		name       string
		form       pages.PasswordForm
		errorField string
		mustChange bool
	}{
		{"clean", pages.PasswordForm{}, "", false},
		{"wrong current", pages.PasswordForm{CurrentError: "Wrong"}, "current", false},
		{"must change", pages.PasswordForm{MustChange: true}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			section := render(t, "en", pages.PasswordSection(tt.form)).Find("#" + pages.PasswordFormID)
			if section.Length() != 1 {
				t.Fatalf("no #%s", pages.PasswordFormID)
			}
			form := section.Find("form")
			for attr, want := range map[string]string{
				"method": "post", "action": "/account/password", "hx-post": "/account/password",
				"hx-target": "#" + pages.PasswordFormID, "hx-swap": "outerHTML",
			} {
				if got, _ := form.Attr(attr); got != want {
					t.Errorf("form %s = %q, want %q", attr, got, want)
				}
			}
			if v, _ := form.Find(`input[name="_csrf"]`).Attr("value"); v != "tok" {
				t.Errorf("CSRF field = %q, want the request's token", v)
			}
			if got := section.Find(`[aria-invalid]`).Length(); (tt.errorField != "") != (got == 1) {
				t.Errorf("%d invalid inputs for error field %q", got, tt.errorField)
			}
			notice := text(section.Find(`[role="status"]`))
			if got := notice == i18n.Tr("en", "account.must_change"); got != tt.mustChange {
				t.Errorf("must-change notice %q, want shown=%v", notice, tt.mustChange)
			}
		})
	}
}
