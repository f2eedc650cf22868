package api

import (
	"reflect"
	"strings"

	"imageshare/models"
)

// checkText applies the console's one text check (models.CheckText) to every
// string of a decoded request, naming each by its JSON path (for example
// Filters.Values), so the error says which parameter to fix.
func checkText(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.String:
		return models.CheckText(path, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkText(v.Elem(), path)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkText(v.Index(i), path); err != nil {
				return err
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := checkText(it.Key(), path); err != nil {
				return err
			}
			if err := checkText(it.Value(), path); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if path != "" {
				name = path + "." + name
			}
			if err := checkText(v.Field(i), name); err != nil {
				return err
			}
		}
	}
	return nil
}
