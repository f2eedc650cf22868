package models

// pageCount is how many pages of size rows hold total rows: at least 1, so
// an empty list reads "page 1 of 1".
func pageCount(total int64, size int) int {
	return max(1, int((total+int64(size)-1)/int64(size)))
}

// pageOffset is how many rows come before a 1-based page.
func pageOffset(page, size int) int { return (page - 1) * size }

// PageOf returns one 1-based page of rows already in memory (lists a page
// derives row by row, such as an image's recipients and sharing history),
// with the page clamped to the last one and the number of pages.
func PageOf[T any](rows []T, page, size int) (out []T, current, pages int) {
	pages = pageCount(int64(len(rows)), size)
	current = min(max(page, 1), pages)
	start := min(pageOffset(current, size), len(rows))
	return rows[start:min(start+size, len(rows))], current, pages
}
