package components_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"imageshare/views/components"
)

// render renders c and parses the result.
func render(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

func TestTextField(t *testing.T) {
	tests := []struct {
		name        string
		field       components.Field
		describedBy string // "" means the attribute is absent
		invalid     bool
		message     string // text of the element describedBy names
	}{
		{"plain", components.Field{Name: "username", Label: "Username"}, "", false, ""},
		{"hint", components.Field{Name: "new", Label: "New", Hint: "At least 8"}, "field-new-hint", false, "At least 8"},
		{"error", components.Field{Name: "current", Label: "Current", Error: "Wrong"}, "field-current-error", true, "Wrong"},
		{"error beats hint", components.Field{Name: "new", Label: "New", Hint: "At least 8", Error: "Too short"}, "field-new-error", true, "Too short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := render(t, components.TextField(tt.field))
			input := doc.Find("input#field-" + tt.field.Name)
			if input.Length() != 1 {
				t.Fatalf("no input #field-%s", tt.field.Name)
			}
			if name, _ := input.Attr("name"); name != tt.field.Name {
				t.Errorf("name = %q", name)
			}
			if label := doc.Find(`label[for="field-` + tt.field.Name + `"]`); label.Text() != tt.field.Label {
				t.Errorf("label for the input = %q, want %q", label.Text(), tt.field.Label)
			}
			got, has := input.Attr("aria-describedby")
			if tt.describedBy == "" {
				if has {
					t.Errorf("aria-describedby = %q, want none", got)
				}
			} else {
				if got != tt.describedBy {
					t.Fatalf("aria-describedby = %q, want %q", got, tt.describedBy)
				}
				if msg := doc.Find("#" + got).Text(); msg != tt.message {
					t.Errorf("#%s says %q, want %q", got, msg, tt.message)
				}
			}
			if _, has := input.Attr("aria-invalid"); has != tt.invalid {
				t.Errorf("aria-invalid present = %v, want %v", has, tt.invalid)
			}
			class, _ := input.Attr("class")
			if want := components.InputClass; tt.invalid {
				if class != components.InputErrorClass {
					t.Errorf("class = %q, want the error style", class)
				}
			} else if class != want {
				t.Errorf("class = %q, want the normal style", class)
			}
		})
	}
}

func TestTextFieldAttributes(t *testing.T) {
	doc := render(t, components.TextField(components.Field{
		Name: "password", Label: "Password", Type: "password", Value: `a"b<c`, Autocomplete: "current-password",
		Required: true, MaxLength: 64,
	}))
	input := doc.Find("input#field-password")
	want := map[string]string{"type": "password", "value": `a"b<c`, "autocomplete": "current-password", "maxlength": "64"}
	for attr, v := range want {
		if got, _ := input.Attr(attr); got != v {
			t.Errorf("%s = %q, want %q", attr, got, v)
		}
	}
	if _, ok := input.Attr("required"); !ok {
		t.Error("not required")
	}
	if got, _ := render(t, components.TextField(components.Field{Name: "q"})).Find("input").Attr("type"); got != "text" {
		t.Errorf("default type = %q, want text", got)
	}
}

func TestCSRFField(t *testing.T) {
	input := render(t, components.CSRF("tok-123")).Find(`input[type="hidden"][name="_csrf"]`)
	if v, _ := input.Attr("value"); input.Length() != 1 || v != "tok-123" {
		t.Errorf("CSRF field = %d inputs, value %q", input.Length(), v)
	}
}
