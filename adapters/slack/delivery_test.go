package slack

import (
	"context"
	"errors"
	"fmt"
	"testing"

	slackgo "github.com/slack-go/slack"

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

// TestLayoutRefusalsAreFinal: Slack's refusals of a message's size or
// layout are the same on every retry, so the worker reports them at once
// (with a sentence for editors) instead of retrying them with backoff.
func TestLayoutRefusalsAreFinal(t *testing.T) {
	for _, code := range []string{"invalid_blocks", "msg_too_long", "msg_blocks_too_long"} {
		var final *delivery.PermanentError
		if err := deliveryError(fmt.Errorf("post: %w", slackgo.SlackErrorResponse{Err: code})); !errors.As(err, &final) || final.Reason == "" {
			t.Errorf("%s: %v is retried", code, err)
		}
	}
}
