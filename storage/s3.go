package storage

import (
	"context"
	"errors"
	"net/url"
)

// openS3 is filled in by the S3 backend.
func openS3(_ context.Context, u *url.URL) (Store, error) {
	return nil, errors.New("storage: s3:// is not available in this build (bucket " + u.Host + ")")
}
