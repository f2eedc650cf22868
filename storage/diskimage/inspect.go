// Package diskimage recognises disk image formats from their own headers and
// reads their virtual size, reading only a few headers at known offsets so
// images of any size are inspected without loading them.
package diskimage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Formats the import accepts (DescribeImportImageOs's ImageFormat).
const (
	QCOW2 = "qcow2"
	Raw   = "raw"
	VMDK  = "vmdk"
	VHD   = "vhd"
	VHDX  = "vhdx"
)

// Formats lists the accepted formats in the order they are offered.
var Formats = []string{QCOW2, Raw, VMDK, VHD, VHDX}

// Info is what the headers say.
type Info struct {
	Format      string
	VirtualSize int64 // bytes the guest sees
}

// RefusedError says why a file is not an image the import accepts; What is
// the format recognised ("gzip", "iso9660"...) or a reason.
type RefusedError struct{ What string }

func (e *RefusedError) Error() string { return "not an accepted disk image: " + e.What }

func refused(what string) error { return &RefusedError{What: what} }

// sectorSize is the unit of raw images and of VMDK capacities.
const sectorSize = 512

// foreign are well-known formats that are not disk images the import takes:
// recognising them gives a clearer refusal than "not a multiple of 512".
var foreign = []struct {
	name   string
	offset int64
	magic  []byte
}{
	{"gzip archive", 0, []byte{0x1f, 0x8b}},
	{"xz archive", 0, []byte{0xfd, '7', 'z', 'X', 'Z', 0}},
	{"zstd archive", 0, []byte{0x28, 0xb5, 0x2f, 0xfd}},
	{"bzip2 archive", 0, []byte("BZh")},
	{"zip archive", 0, []byte("PK\x03\x04")},
	{"QED image", 0, []byte("QED\x00")},
	{"VDI image", 0x40, []byte{0x7f, 0x10, 0xda, 0xbe}},
	{"tar archive (OVA?)", 257, []byte("ustar")},
	{"ISO 9660 CD image", 0x8001, []byte("CD001")},
	{"VMDK descriptor without its extents", 0, []byte("# Disk DescriptorFile")},
	{"SQLite database", 0, []byte("SQLite format 3\x00")},
}

// Inspect recognises the format of an image of the given size.
func Inspect(r io.ReaderAt, size int64) (Info, error) {
	if size <= 0 {
		return Info{}, refused("the file is empty")
	}
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return Info{}, fmt.Errorf("read header: %w", err)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("QFI\xfb")):
		return qcow2(head)
	case bytes.HasPrefix(head, []byte("KDMV")):
		return vmdk(head)
	case bytes.HasPrefix(head, []byte("vhdxfile")):
		return vhdx(r)
	}
	if info, ok, err := vhd(r, size); ok || err != nil {
		return info, err
	}
	for _, f := range foreign {
		if has(r, f.offset, f.magic) {
			return Info{}, refused(f.name)
		}
	}
	if size%sectorSize != 0 {
		return Info{}, refused(fmt.Sprintf("no known header, and %d bytes is not a whole number of 512-byte sectors", size))
	}
	return Info{Format: Raw, VirtualSize: size}, nil
}

// readAt fills b from off; io.ReaderAt may report io.EOF with a full read.
func readAt(r io.ReaderAt, b []byte, off int64) bool {
	n, _ := r.ReadAt(b, off)
	return n == len(b)
}

func has(r io.ReaderAt, off int64, magic []byte) bool {
	b := make([]byte, len(magic))
	n, _ := r.ReadAt(b, off)
	return n == len(b) && bytes.Equal(b, magic)
}

func qcow2(head []byte) (Info, error) {
	if len(head) < 72 {
		return Info{}, refused("truncated qcow2 header")
	}
	if v := binary.BigEndian.Uint32(head[4:]); v != 2 && v != 3 {
		return Info{}, refused(fmt.Sprintf("qcow2 version %d", v))
	}
	if binary.BigEndian.Uint64(head[8:]) != 0 {
		return Info{}, refused("qcow2 image with a backing file (flatten it first)")
	}
	if binary.BigEndian.Uint32(head[32:]) != 0 {
		return Info{}, refused("encrypted qcow2 image")
	}
	return sized(QCOW2, binary.BigEndian.Uint64(head[24:]))
}

func vmdk(head []byte) (Info, error) {
	if len(head) < 20 {
		return Info{}, refused("truncated VMDK header")
	}
	sectors := binary.LittleEndian.Uint64(head[12:])
	if sectors > 1<<53/sectorSize {
		return Info{}, refused("VMDK capacity out of range")
	}
	return sized(VMDK, sectors*sectorSize)
}

// vhd looks for the footer VHD keeps in the last 512 bytes (every VHD), or
// its copy at the start (dynamic disks).
func vhd(r io.ReaderAt, size int64) (Info, bool, error) {
	for _, off := range []int64{size - 512, 0} {
		if off < 0 || !has(r, off, []byte("conectix")) {
			continue
		}
		footer := make([]byte, 64)
		if !readAt(r, footer, off) {
			return Info{}, true, refused("truncated VHD footer")
		}
		info, err := sized(VHD, binary.BigEndian.Uint64(footer[48:]))
		return info, true, err
	}
	return Info{}, false, nil
}

func sized(format string, n uint64) (Info, error) {
	if n == 0 || n > 1<<53 {
		return Info{}, refused(format + " header with an impossible virtual size")
	}
	return Info{Format: format, VirtualSize: int64(n)}, nil
}
