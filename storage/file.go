package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// partSuffix marks an object still being written; it is renamed into place
// on commit, so a reader never sees half an object.
const partSuffix = ".part"

// FileStore keeps objects as files under root/<region>/<key>.
type FileStore struct{ root string }

// NewFileStore uses (and creates) a directory.
func NewFileStore(root string) (*FileStore, error) {
	if root == "" {
		return nil, errors.New("storage: empty directory")
	}
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	return &FileStore{root: root}, nil
}

func (s *FileStore) String() string { return "file://" + s.root }

func (s *FileStore) path(region, key string) (string, error) {
	if err := checkName(region, key); err != nil {
		return "", err
	}
	return filepath.Join(s.root, region, filepath.FromSlash(key)), nil
}

// Create writes to key.part; an offset > 0 continues it after truncating
// what an interrupted writer wrote past its last checkpoint.
func (s *FileStore) Create(_ context.Context, region, key string, from Resume) (Writer, error) {
	offset := from.Offset
	p, err := s.path(region, key)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if offset > 0 {
		flags = os.O_WRONLY
	}
	f, err := os.OpenFile(p+partSuffix, flags, 0o640)
	if err != nil {
		if offset > 0 && errors.Is(err, fs.ErrNotExist) {
			return nil, ErrNoResume
		}
		return nil, fmt.Errorf("storage: %w", err)
	}
	if offset > 0 {
		st, err := f.Stat()
		if err != nil || st.Size() < offset {
			_ = f.Close()
			return nil, ErrNoResume
		}
		if err := f.Truncate(offset); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("storage: %w", err)
		}
		if _, err := f.Seek(offset, 0); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("storage: %w", err)
		}
	}
	return &fileWriter{f: f, final: p}, nil
}

type fileWriter struct {
	f     *os.File
	final string
}

func (w *fileWriter) Write(b []byte) (int, error) { return w.f.Write(b) }
func (w *fileWriter) Checkpoint() (string, error) { return "", w.f.Sync() }

func (w *fileWriter) Commit() error {
	if err := w.f.Sync(); err != nil {
		_ = w.f.Close()
		return fmt.Errorf("storage: %w", err)
	}
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	return os.Rename(w.final+partSuffix, w.final)
}

func (w *fileWriter) Abort() error { return w.f.Close() }

// Open reads a committed file.
func (s *FileStore) Open(_ context.Context, region, key string) (Object, error) {
	p, err := s.path(region, key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("storage: %w", err)
	}
	return fileObject{File: f, size: st.Size()}, nil
}

type fileObject struct {
	*os.File
	size int64
}

func (o fileObject) Size() int64 { return o.size }

// Delete removes the object and its partial file.
func (s *FileStore) Delete(_ context.Context, region, key string) error {
	p, err := s.path(region, key)
	if err != nil {
		return err
	}
	for _, f := range []string{p, p + partSuffix} {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("storage: %w", err)
		}
	}
	return nil
}

// List walks the region's directory; partial files are listed with their
// suffix so orphan checks see them too.
func (s *FileStore) List(_ context.Context, region string) ([]string, error) {
	if err := checkName(region, "x"); err != nil {
		return nil, err
	}
	dir := filepath.Join(s.root, region)
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		out = append(out, strings.ReplaceAll(rel, string(filepath.Separator), "/"))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	return out, nil
}
