package digest

import (
	"reflect"
	"testing"
)

// TestPagerPack pins the packing rules every chat renderer relies on, with
// parts that are numbers standing for their length.
func TestPagerPack(t *testing.T) {
	size := func(n int) Room { return Room{Items: 1, Text: n} }
	ten := Room{Items: 10, Text: 10}
	tests := []struct {
		name   string
		pager  Pager[int]
		joined []bool
		parts  []int
		want   [][]int
	}{
		{
			name:  "parts fill a message before the next starts",
			pager: Pager[int]{Size: size, First: ten},
			parts: []int{4, 5, 2, 8, 1},
			want:  [][]int{{4, 5}, {2, 8}, {1}},
		},
		{
			name:  "a message holds so many parts whatever their length",
			pager: Pager[int]{Size: size, First: Room{Items: 2, Text: 100}},
			parts: []int{1, 1, 1, 1, 1},
			want:  [][]int{{1, 1}, {1, 1}, {1}},
		},
		{
			name:   "a run that does not fit what is left starts a message",
			pager:  Pager[int]{Size: size, First: ten},
			joined: []bool{false, false, true, false},
			parts:  []int{5, 3, 3, 1},
			want:   [][]int{{5}, {3, 3, 1}},
		},
		{
			name:   "a run too big for any message fills the current one and goes on",
			pager:  Pager[int]{Size: size, First: ten},
			joined: []bool{false, false, true, true, false},
			parts:  []int{4, 5, 5, 5, 2},
			want:   [][]int{{4, 5}, {5, 5}, {2}},
		},
		{
			name:  "later messages keep room for a continued line",
			pager: Pager[int]{Size: size, First: ten, Later: Room{Items: 10, Text: 7}},
			parts: []int{6, 4, 4, 4, 3},
			want:  [][]int{{6, 4}, {4}, {4, 3}},
		},
		{
			name:  "a part opening a later message brings its head",
			pager: Pager[int]{Size: size, First: ten, Head: func(n int) Room { return Room{Items: 1, Text: 3} }},
			parts: []int{6, 4, 5, 3, 2},
			want:  [][]int{{6, 4}, {5}, {3, 2}},
		},
		{
			name:  "a part bigger than any message has one to itself",
			pager: Pager[int]{Size: size, First: ten},
			parts: []int{3, 12, 3},
			want:  [][]int{{3}, {12}, {3}},
		},
		{
			name:  "nothing to pack, no message",
			pager: Pager[int]{Size: size, First: ten},
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.pager
			p.Joined = tt.joined
			if got := p.Pack(tt.parts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Pack(%v) = %v, want %v", tt.parts, got, tt.want)
			}
		})
	}
}
