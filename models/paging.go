package models

// pageCount is how many pages of size rows hold total rows: at least 1, so
// an empty list reads "page 1 of 1".
func pageCount(total int64, size int) int {
	return max(1, int((total+int64(size)-1)/int64(size)))
}

// pageOffset is how many rows come before a 1-based page.
func pageOffset(page, size int) int { return (page - 1) * size }
