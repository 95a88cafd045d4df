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
// layout, of a missing or wrong kind of token and of the request's own
// shape (chat.postMessage's documented errors) are the same on every
// retry, so the worker reports them at once (with a sentence for editors)
// instead of retrying them with backoff for an hour and more. A migration
// of the workspace (team_added_to_org, org_login_required) passes, and is
// retried.
func TestLayoutRefusalsAreFinal(t *testing.T) {
	for _, code := range []string{"invalid_blocks", "msg_too_long", "msg_blocks_too_long", "no_text", "too_many_attachments",
		"not_authed", "not_allowed_token_type", "as_user_not_supported", "invalid_arguments", "invalid_arg_name",
		"invalid_charset", "invalid_form_data", "invalid_post_type", "missing_post_type"} {
		var final *delivery.PermanentError
		if err := deliveryError(fmt.Errorf("post: %w", slackgo.SlackErrorResponse{Err: code})); !errors.As(err, &final) || final.Reason == "" {
			t.Errorf("%s: %v is retried", code, err)
		}
	}
	for _, code := range []string{"team_added_to_org", "org_login_required", "internal_error"} {
		var final *delivery.PermanentError
		if err := deliveryError(fmt.Errorf("post: %w", slackgo.SlackErrorResponse{Err: code})); errors.As(err, &final) {
			t.Errorf("%s: %v is not retried", code, err)
		}
	}
}
