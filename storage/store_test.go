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
		w, err := s.Create(ctx, "ap-guangzhou", "objects/a", 0)
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

		aborted, err := s.Create(ctx, "ap-guangzhou", "objects/b", 0)
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
		if _, err := s.Create(ctx, "../etc", "passwd", 0); err == nil {
			t.Fatal("a region escaping the root was accepted")
		}
	})
}
