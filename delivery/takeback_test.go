package delivery

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"testing"
)

// TestKeepEarliestKeepsTheEarlierCopyWhoeverPostedIt: the part just
// posted is taken back only when an earlier copy is in the channel, and
// the worker goes on from the copy kept; a look or a delete that fails
// keeps the part, as a second copy is better than none.
func TestKeepEarliestKeepsTheEarlierCopyWhoeverPostedIt(t *testing.T) {
	numeric := func(a, b string) bool {
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		return x < y
	}
	refused := errors.New("refused")
	for _, tc := range []struct {
		name      string
		inChannel []string
		listErr   error
		deleteErr error
		own       string
		kept      string
		deleted   []string
	}{
		{name: "the only copy", inChannel: []string{"20"}, own: "20", kept: "20"},
		{name: "the earlier of two", inChannel: []string{"30", "20"}, own: "20", kept: "20"},
		{name: "the later of two", inChannel: []string{"20", "30"}, own: "30", kept: "20", deleted: []string{"30"}},
		{name: "the latest of three", inChannel: []string{"25", "10", "40"}, own: "40", kept: "10", deleted: []string{"40"}},
		{name: "the own copy not listed yet", inChannel: []string{"10"}, own: "40", kept: "10", deleted: []string{"40"}},
		// Numbers of other lengths are ordered by Before, not as text.
		{name: "ordered by the platform", inChannel: []string{"9"}, own: "10", kept: "9", deleted: []string{"10"}},
		{name: "the look fails", inChannel: []string{"10"}, listErr: refused, own: "40", kept: "40"},
		{name: "the delete fails", inChannel: []string{"10"}, deleteErr: refused, own: "40", kept: "40", deleted: []string{"40"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var deleted []string
			kept := KeepEarliest(context.Background(), slog.New(slog.DiscardHandler), Post{Key: "k"}, 0, tc.own, Copies{
				List: func(context.Context) ([]string, error) {
					if tc.listErr != nil {
						return nil, tc.listErr
					}
					return tc.inChannel, nil
				},
				Before: numeric,
				Delete: func(_ context.Context, ref string) error {
					deleted = append(deleted, ref)
					return tc.deleteErr
				},
			})
			if kept != tc.kept || !slices.Equal(deleted, tc.deleted) {
				t.Errorf("kept %q, deleted %q; want %q, %q", kept, deleted, tc.kept, tc.deleted)
			}
		})
	}
}
