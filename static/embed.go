// Package static embeds the built assets and names them by content hash, so
// they can be cached forever and a new build is fetched at once.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

//go:embed app.css htmx.min.js app.js favicon.svg upload.js bulk-share.js
var files embed.FS

// FS is the embedded asset tree.
var FS fs.FS = files

var hashes = func() map[string]string {
	out := map[string]string{}
	entries, err := files.ReadDir(".")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		out[e.Name()] = hex.EncodeToString(sum[:])[:12]
	}
	return out
}()

// Path returns the content-hashed URL of an asset, e.g. /static/3f2a9c1d0b7e/app.css.
func Path(name string) string {
	return "/static/" + hashes[name] + "/" + name
}

// Hash returns the current hash of an asset and whether it exists.
func Hash(name string) (string, bool) {
	h, ok := hashes[name]
	return h, ok
}
