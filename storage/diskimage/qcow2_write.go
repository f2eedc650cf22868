package diskimage

import (
	"encoding/binary"
	"io"
)

const qcowCluster = 1 << 16

// WriteQCOW2 writes a small valid qcow2 (version 2, 64 KiB clusters) of the
// given virtual size whose first guest bytes are data (at most one cluster;
// none for an empty disk). The demo seeds and the tests make their images
// with it, so the repository holds no image files. It returns the bytes
// written.
func WriteQCOW2(w io.Writer, virtualSize int64, data []byte) (int64, error) {
	data = data[:min(len(data), qcowCluster)]
	// Clusters: 0 header, 1 refcount table, 2 refcount block, 3 L1 table,
	// and with data 4 an L2 table and 5 the data cluster.
	clusters := 4
	if len(data) > 0 {
		clusters = 6
	}
	img := make([]byte, clusters*qcowCluster)
	be := binary.BigEndian
	copy(img, "QFI\xfb")
	be.PutUint32(img[4:], 2)
	be.PutUint32(img[20:], 16)
	be.PutUint64(img[24:], uint64(virtualSize))
	l2Covers := int64(qcowCluster / 8 * qcowCluster)
	be.PutUint32(img[36:], uint32((virtualSize+l2Covers-1)/l2Covers))
	be.PutUint64(img[40:], 3*qcowCluster)
	be.PutUint64(img[48:], 1*qcowCluster)
	be.PutUint32(img[56:], 1)
	be.PutUint64(img[1*qcowCluster:], 2*qcowCluster)
	for c := range clusters {
		be.PutUint16(img[2*qcowCluster+2*c:], 1)
	}
	if len(data) > 0 {
		const copied = 1 << 63 // QCOW_OFLAG_COPIED: refcount is exactly 1
		be.PutUint64(img[3*qcowCluster:], 4*qcowCluster|copied)
		be.PutUint64(img[4*qcowCluster:], 5*qcowCluster|copied)
		copy(img[5*qcowCluster:], data)
	}
	n, err := w.Write(img)
	return int64(n), err
}
