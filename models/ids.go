package models

import (
	"crypto/rand"
	"math/big"
)

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// newID returns prefix + 8 random lowercase letters or digits, the form of
// image ("img-") and instance ("ins-") ids.
func newID(prefix string) string {
	b := make([]byte, 8)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(idAlphabet))))
		if err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		b[i] = idAlphabet[n.Int64()]
	}
	return prefix + string(b)
}

// ValidImageID reports whether s has the form of an image id.
func ValidImageID(s string) bool { return validID(s, "img-") }

// ValidInstanceID reports whether s has the form of an instance id.
func ValidInstanceID(s string) bool { return validID(s, "ins-") }

func validID(s, prefix string) bool {
	if len(s) != len(prefix)+8 || s[:len(prefix)] != prefix {
		return false
	}
	for _, c := range s[len(prefix):] {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
