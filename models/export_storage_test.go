package models

import "time"

// SetTransferTuning sets how often transfers checkpoint, how long their
// lease lasts, and a hook run after each checkpoint (nil: none).
func SetTransferTuning(q *TransferQueue, every int64, lease time.Duration, after func(Transfer)) {
	q.checkpointEvery, q.lease, q.afterCheckpoint = every, lease, after
}

// UploadSpool is where an upload's bytes wait.
func (s *UploadStore) UploadSpool(id string) string { return s.spool(id) }
