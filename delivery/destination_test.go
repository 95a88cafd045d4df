package delivery

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// EachPart posts a copy's parts in order from Post.From, recording each
// (sent) before posting the next, and stops at the first error, whether
// posting or recording failed.
func TestEachPartPostsInOrderAndStopsAtAnError(t *testing.T) {
	lost := errors.New("the claim is lost")
	for _, tc := range []struct {
		name           string
		from, failPost int // failPost -1: none fails
		failSent       int
		want           []string
		wantErr        bool
	}{
		{"all", 0, -1, -1, []string{"post 0", "sent 0 m0", "post 1", "sent 1 m1", "post 2", "sent 2 m2"}, false},
		{"resumed", 2, -1, -1, []string{"post 2", "sent 2 m2"}, false},
		{"a post fails", 0, 1, -1, []string{"post 0", "sent 0 m0", "post 1"}, true},
		{"a record fails", 0, -1, 0, []string{"post 0", "sent 0 m0"}, true},
	} {
		var got []string
		err := Post{From: tc.from}.EachPart(3, func(part int, ref string) error {
			got = append(got, fmt.Sprintf("sent %d %s", part, ref))
			if part == tc.failSent {
				return lost
			}
			return nil
		}, func(part int) (string, error) {
			got = append(got, fmt.Sprintf("post %d", part))
			if part == tc.failPost {
				return "", errors.New("refused")
			}
			return fmt.Sprintf("m%d", part), nil
		})
		if !slices.Equal(got, tc.want) || (err != nil) != tc.wantErr {
			t.Errorf("%s: %q, error %v; want %q (error %v)", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}

// TestPostSince: the parts of a delivery are looked for back to a minute
// before its edition was published; an edition without that time has no
// bound.
func TestPostSince(t *testing.T) {
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	if since, ok := (Post{Edition: digest.Edition{PublishedAt: at}}).Since(); !ok || !since.Equal(at.Add(-time.Minute)) {
		t.Errorf("Since = %v %v, want %v", since, ok, at.Add(-time.Minute))
	}
	if since, ok := (Post{}).Since(); ok || !since.IsZero() {
		t.Errorf("an edition without a publication time: Since = %v %v", since, ok)
	}
}
