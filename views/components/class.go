package components

import (
	"strings"

	"github.com/a-h/templ"
)

// Class is a class attribute to spread into an element, built once in a
// package variable: <td { cellAttr... }>. templ sends every class={ } through
// its class-list processor, which builds maps and slices to merge and
// de-duplicate names (about 0.7 µs for a string, 2 µs with templ.KV choices);
// table rows repeat that hundreds of times a page, a fifth of the Images
// page's rendering in make bench. A prebuilt Class costs a copy.
func Class(names ...string) templ.OrderedAttributes {
	return templ.OrderedAttributes{{Key: "class", Value: strings.Join(names, " ")}}
}
