package storage_test

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"

	"imageshare/storage"
	"imageshare/storage/storagetest"
)

// Both backends keep the same promises: an object exists only once
// committed, reads at any offset, an aborted write leaves nothing listed,
// and deletes are idempotent.
func TestStoreContract(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s storage.Store) {
		ctx := t.Context()
		data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
		w, err := s.Create(ctx, "ap-guangzhou", "objects/a", storage.Resume{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Open(ctx, "ap-guangzhou", "objects/a"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("open before commit: %v; want ErrNotFound", err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		obj, err := s.Open(ctx, "ap-guangzhou", "objects/a")
		if err != nil {
			t.Fatal(err)
		}
		tail := make([]byte, 16)
		// io.ReaderAt may answer io.EOF with a full read at the end.
		if n, err := obj.ReadAt(tail, int64(len(data))-16); n != 16 || (err != nil && !errors.Is(err, io.EOF)) ||
			string(tail) != "0123456789abcdef" || obj.Size() != int64(len(data)) {
			t.Fatalf("ReadAt end: %q %v size %d", tail, err, obj.Size())
		}
		if _, err := obj.Seek(5, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		rest, err := io.ReadAll(obj)
		if err != nil || !bytes.Equal(rest, data[5:]) {
			t.Fatalf("read after seek: %d bytes, %v", len(rest), err)
		}
		obj.Close()

		aborted, err := s.Create(ctx, "ap-guangzhou", "objects/b", storage.Resume{})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = aborted.Write(data)
		if err := aborted.Abort(); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, "ap-guangzhou", "objects/b"); err != nil {
			t.Fatal(err)
		}
		list, err := s.List(ctx, "ap-guangzhou")
		if err != nil || !slices.Equal(list, []string{"objects/a"}) {
			t.Fatalf("list = %v, %v; want only the committed object", list, err)
		}
		for range 2 {
			if err := s.Delete(ctx, "ap-guangzhou", "objects/a"); err != nil {
				t.Fatalf("delete: %v", err)
			}
		}
		if list, _ := s.List(ctx, "ap-guangzhou"); len(list) != 0 {
			t.Fatalf("list after delete = %v", list)
		}
		if _, err := s.Create(ctx, "../etc", "passwd", storage.Resume{}); err == nil {
			t.Fatal("a region escaping the root was accepted")
		}
	})
}

// A writer interrupted after a checkpoint (its process killed: no Abort, no
// Commit) is continued from the checkpoint's Resume: S3 sends only the
// parts not yet stored and completes the multipart upload; a Resume that no
// longer matches what is stored is refused, and Delete leaves no partial
// upload.
func TestStoreResumesAtCheckpoint(t *testing.T) {
	data := bytes.Repeat([]byte("resumable bytes!"), 7<<15) // 3.5 MiB: three whole parts and a half
	cut := int64(3 * storagetest.PartSize)
	for _, b := range []string{"file", "s3"} {
		t.Run(b, func(t *testing.T) {
			ctx := t.Context()
			var s storage.Store = storagetest.File(t)
			var server *storagetest.S3Server
			if b == "s3" {
				server = storagetest.NewS3(t)
				s = server.Store
			}
			w, err := s.Create(ctx, "ap-guangzhou", "objects/r", storage.Resume{})
			if err != nil {
				t.Fatal(err)
			}
			for off := int64(0); off < cut; off += storagetest.PartSize {
				if _, err := w.Write(data[off : off+storagetest.PartSize]); err != nil {
					t.Fatal(err)
				}
			}
			state, err := w.Checkpoint()
			if err != nil {
				t.Fatal(err)
			}
			// Killed here. A stale checkpoint is refused, not trusted.
			if _, err := s.Create(ctx, "ap-guangzhou", "objects/r", storage.Resume{Offset: cut + 1, State: state}); !errors.Is(err, storage.ErrNoResume) {
				t.Fatalf("resume past the stored bytes: %v; want ErrNoResume", err)
			}
			w, err = s.Create(ctx, "ap-guangzhou", "objects/r", storage.Resume{Offset: cut, State: state})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(data[cut:]); err != nil {
				t.Fatal(err)
			}
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
			if server != nil && server.Parts() != 4 {
				t.Errorf("parts sent = %d; want 4 (three before the kill, the last after)", server.Parts())
			}
			obj, err := s.Open(ctx, "ap-guangzhou", "objects/r")
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(obj)
			obj.Close()
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("object = %d bytes, %v; want the %d written", len(got), err, len(data))
			}
			if list, err := s.List(ctx, "ap-guangzhou"); err != nil || !slices.Equal(list, []string{"objects/r"}) {
				t.Fatalf("list = %v, %v; want the object and no partial upload", list, err)
			}

			// Given up after a checkpoint: Delete drops the partial object.
			w, err = s.Create(ctx, "ap-guangzhou", "objects/gone", storage.Resume{})
			if err != nil {
				t.Fatal(err)
			}
			_, _ = w.Write(data[:cut])
			if _, err := w.Checkpoint(); err != nil {
				t.Fatal(err)
			}
			if list, _ := s.List(ctx, "ap-guangzhou"); !slices.Contains(list, "objects/gone.part") {
				t.Errorf("list = %v; want the partial object listed", list)
			}
			if err := s.Delete(ctx, "ap-guangzhou", "objects/gone"); err != nil {
				t.Fatal(err)
			}
			if list, _ := s.List(ctx, "ap-guangzhou"); !slices.Equal(list, []string{"objects/r"}) {
				t.Errorf("list after delete = %v; want no partial object", list)
			}
		})
	}
}
