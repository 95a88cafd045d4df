package slack

import (
	"context"
	"errors"
	"fmt"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/delivery"
)

// permanentErrors are the chat.postMessage errors that no retry can fix,
// with the sentence editors see.
var permanentErrors = map[string]string{
	"channel_not_found":                        "the channel no longer exists or the bot cannot see it",
	"not_in_channel":                           "the bot is not a member of the channel",
	"is_archived":                              "the channel is archived",
	"restricted_action":                        "the workspace does not let the bot post there",
	"restricted_action_read_only_channel":      "only admins may post in the channel",
	"restricted_action_thread_only_channel":    "the channel takes messages only in threads",
	"restricted_action_non_threadable_channel": "the channel has no threads, where the edition's later messages go",
	"restricted_action_thread_locked":          "the edition's thread was locked",
	"access_denied":                            "the workspace does not let the bot post there",
	"no_permission":                            "the workspace does not let the bot post there",
	"enterprise_is_restricted":                 "the organisation does not let the bot post there",
	"token_expired":                            "the bot's token has expired",
	"ekm_access_denied":                        "the workspace's key management denied access",
	"team_access_not_granted":                  "the bot is not installed in that workspace",
	"invalid_auth":                             "Slack refused the bot token",
	"account_inactive":                         "the bot's token has been revoked",
	"token_revoked":                            "the bot's token has been revoked",
	"missing_scope":                            "the bot lacks a scope it needs",
	"invalid_blocks":                           "Slack refused the message layout",
	"msg_too_long":                             "Slack refused the message as too long",
	"msg_blocks_too_long":                      "Slack refused the message as too long",
}

// deliveryError classifies a Web API error for the delivery worker: Slack's
// own refusals that retrying cannot fix are permanent, a rate limit carries
// its Retry-After, and anything else (network, 5xx) is transient.
func deliveryError(err error) error {
	var refused slackgo.SlackErrorResponse
	if errors.As(err, &refused) {
		if why, ok := permanentErrors[refused.Err]; ok {
			if refused.Err == "missing_scope" && refused.Needed != "" {
				// Posting needs chat:write; looking for the parts already
				// posted needs channels:history (groups:history in a
				// private channel). Slack names the one missing.
				why = "the bot lacks the " + refused.Needed + " scope"
			}
			return &delivery.PermanentError{Reason: why, Err: err}
		}
	}
	var limited *slackgo.RateLimitedError
	if errors.As(err, &limited) {
		return &delivery.RetryAfterError{After: limited.RetryAfter, Err: err}
	}
	return err
}

// PostToReview implements bot.Platform: a notice to slack.review_channel.
func (a *Adapter) PostToReview(ctx context.Context, msg bot.Message) error {
	if a.cfg.ReviewChannel == "" {
		return nil
	}
	if err := a.answerInChannel(ctx, a.cfg.ReviewChannel, "", "", bot.Reply{Public: true, Body: msg}); err != nil {
		return fmt.Errorf("post to review channel %s: %w", a.cfg.ReviewChannel, err)
	}
	return nil
}

// Announce implements bot.Announcer: msg to everyone in channel, posted as
// an edition is. A refusal that would fail every edition there for good
// (deliveryError's permanent errors) is a bot.PostRefusedError with the
// same sentence, so that the list of such refusals is kept in one place;
// the app is not a member when Slack says not_in_channel, or
// channel_not_found for a private channel it was not invited to, which
// Slack hides from it.
func (a *Adapter) Announce(ctx context.Context, channel string, msg bot.Message) error {
	err := a.answerInChannel(ctx, channel, "", "", bot.Reply{Public: true, Body: msg})
	var perm *delivery.PermanentError
	if !errors.As(deliveryError(err), &perm) {
		return err
	}
	var refused slackgo.SlackErrorResponse
	notMember := errors.As(err, &refused) && (refused.Err == "not_in_channel" || refused.Err == "channel_not_found")
	return &bot.PostRefusedError{Reason: perm.Reason, NotMember: notMember, Err: err}
}
