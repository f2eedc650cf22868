package diskimage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

func qcow2Image(t *testing.T, size int64, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := WriteQCOW2(&b, size, data); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func vmdkImage(sectors uint64) []byte {
	b := make([]byte, 4096)
	copy(b, "KDMV")
	binary.LittleEndian.PutUint32(b[4:], 1)
	binary.LittleEndian.PutUint64(b[12:], sectors)
	return b
}

func vhdImage(size uint64) []byte {
	b := make([]byte, 4096+512)
	footer := b[4096:]
	copy(footer, "conectix")
	binary.BigEndian.PutUint64(footer[48:], size)
	return b
}

func vhdxImage(size uint64) []byte {
	b := make([]byte, 2<<20)
	copy(b, "vhdxfile")
	rt := b[vhdxRegionTable:]
	copy(rt, "regi")
	binary.LittleEndian.PutUint32(rt[8:], 1)
	copy(rt[16:], vhdxMetadataRegion)
	const meta = 1 << 20
	binary.LittleEndian.PutUint64(rt[32:], meta)
	mt := b[meta:]
	copy(mt, "metadata")
	binary.LittleEndian.PutUint16(mt[10:], 1)
	copy(mt[32:], vhdxVirtualSize)
	binary.LittleEndian.PutUint32(mt[48:], 65536)
	binary.LittleEndian.PutUint64(mt[65536:], size)
	return b
}

func TestInspect(t *testing.T) {
	gz := make([]byte, 1024)
	gz[0], gz[1] = 0x1f, 0x8b
	iso := make([]byte, 64<<10)
	copy(iso[0x8001:], "CD001")
	backing := qcow2Image(t, 1<<30, nil)
	binary.BigEndian.PutUint64(backing[8:], 4096)
	cases := []struct {
		name    string
		data    []byte
		format  string
		virtual int64
		refused string
	}{
		{"qcow2", qcow2Image(t, 1<<30, []byte("boot")), QCOW2, 1 << 30, ""},
		{"qcow2 empty", qcow2Image(t, 10<<20, nil), QCOW2, 10 << 20, ""},
		{"qcow2 with backing file refused", backing, "", 0, "backing file"},
		{"vmdk sparse", vmdkImage(2048), VMDK, 1 << 20, ""},
		{"vhd fixed", vhdImage(4096), VHD, 4096, ""},
		{"vhdx", vhdxImage(8 << 30), VHDX, 8 << 30, ""},
		{"raw", make([]byte, 8192), Raw, 8192, ""},
		{"raw not whole sectors refused", make([]byte, 1000), "", 0, "512-byte sectors"},
		{"gzip refused", gz, "", 0, "gzip"},
		{"iso refused", iso, "", 0, "ISO 9660"},
		{"empty refused", nil, "", 0, "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			info, err := Inspect(bytes.NewReader(c.data), int64(len(c.data)))
			if c.refused != "" {
				var re *RefusedError
				if !errors.As(err, &re) || !bytes.Contains([]byte(re.What), []byte(c.refused)) {
					t.Fatalf("want refusal mentioning %q, got %v", c.refused, err)
				}
				return
			}
			if err != nil || info.Format != c.format || info.VirtualSize != c.virtual {
				t.Fatalf("got %+v, %v; want %s of %d bytes", info, err, c.format, c.virtual)
			}
		})
	}
}
