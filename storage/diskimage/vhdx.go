package diskimage

import (
	"bytes"
	"encoding/binary"
	"io"
)

// VHDX keeps the virtual size as a metadata item: the region table (at 192
// KiB) points at the metadata region, whose table points at the item.
const vhdxRegionTable = 192 << 10

var (
	vhdxMetadataRegion = guid("8B7CA206-4790-4B9A-B8FE-575F050F886E")
	vhdxVirtualSize    = guid("2FA54224-CD1B-4876-B211-5DBED83BF4B8")
)

func vhdx(r io.ReaderAt) (Info, error) {
	table := make([]byte, 16+32*64)
	if !readAt(r, table, vhdxRegionTable) || !bytes.HasPrefix(table, []byte("regi")) {
		return Info{}, refused("VHDX without a region table")
	}
	var meta int64 = -1
	for i := range min(int(binary.LittleEndian.Uint32(table[8:])), 64) {
		e := table[16+32*i:]
		if bytes.Equal(e[:16], vhdxMetadataRegion) {
			meta = int64(binary.LittleEndian.Uint64(e[16:]))
		}
	}
	if meta < 0 {
		return Info{}, refused("VHDX without a metadata region")
	}
	items := make([]byte, 32+32*64)
	if !readAt(r, items, meta) || !bytes.HasPrefix(items, []byte("metadata")) {
		return Info{}, refused("VHDX with a damaged metadata table")
	}
	for i := range min(int(binary.LittleEndian.Uint16(items[10:])), 64) {
		e := items[32+32*i:]
		if !bytes.Equal(e[:16], vhdxVirtualSize) {
			continue
		}
		v := make([]byte, 8)
		if !readAt(r, v, meta+int64(binary.LittleEndian.Uint32(e[16:]))) {
			return Info{}, refused("truncated VHDX metadata")
		}
		return sized(VHDX, binary.LittleEndian.Uint64(v))
	}
	return Info{}, refused("VHDX without a virtual size")
}

// guid encodes a GUID as VHDX stores it: the first three fields little-endian.
func guid(s string) []byte {
	var hex []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '-' {
			hex = append(hex, s[i])
		}
	}
	b := make([]byte, 16)
	for i := range b {
		b[i] = unhex(hex[2*i])<<4 | unhex(hex[2*i+1])
	}
	swap := func(lo, hi int) {
		for lo < hi {
			b[lo], b[hi] = b[hi], b[lo]
			lo, hi = lo+1, hi-1
		}
	}
	swap(0, 3)
	swap(4, 5)
	swap(6, 7)
	return b
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
