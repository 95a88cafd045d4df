package discord

import (
	"context"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
)

// postAll posts a whole edition to a channel and returns the first part's reference.
func postAll(ctx context.Context, a *Adapter, channel string, e digest.Edition) (string, error) {
	first := ""
	err := a.PostEdition(ctx, delivery.Post{ChannelID: channel, Edition: e, Key: "test:" + channel},
		func(part int, ref string) error {
			if part == 0 {
				first = ref
			}
			return nil
		})
	return first, err
}
