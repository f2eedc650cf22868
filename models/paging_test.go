package models

import "testing"

func TestPageOf(t *testing.T) {
	rows := []int{1, 2, 3, 4, 5}
	for _, tc := range []struct {
		name              string
		rows              []int
		page, size        int
		want              []int
		wantPage, wantAll int
	}{
		{"first page", rows, 1, 2, []int{1, 2}, 1, 3},
		{"last, short page", rows, 3, 2, []int{5}, 3, 3},
		{"past the end shows the last page", rows, 9, 2, []int{5}, 3, 3},
		{"page 0 is the first", rows, 0, 2, []int{1, 2}, 1, 3},
		{"no rows: page 1 of 1", nil, 1, 2, []int{}, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, page, pages := PageOf(tc.rows, tc.page, tc.size)
			if len(got) != len(tc.want) || page != tc.wantPage || pages != tc.wantAll {
				t.Fatalf("PageOf = %v, page %d of %d; want %v, page %d of %d", got, page, pages, tc.want, tc.wantPage, tc.wantAll)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("PageOf = %v, want %v", got, tc.want)
				}
			}
		})
	}
}
