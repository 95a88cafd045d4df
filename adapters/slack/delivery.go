package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/delivery"
)

// permanentErrors are the chat.postMessage errors no retry can fix: the
// sentence editors see and, for some, what they can do about it.
var permanentErrors = map[string]struct{ why, todo string }{
	"channel_not_found":                        {"the channel no longer exists or the bot cannot see it", "if it is private, invite the bot to it"},
	"not_in_channel":                           {"the bot is not a member of the channel", "invite the bot to it with /invite"},
	"is_archived":                              {"the channel is archived", "unarchive it, or unsubscribe it"},
	"restricted_action":                        {why: "the workspace does not let the bot post there"},
	"restricted_action_read_only_channel":      {why: "only admins may post in the channel"},
	"restricted_action_thread_only_channel":    {why: "the channel takes messages only in threads"},
	"restricted_action_non_threadable_channel": {why: "the channel has no threads, where the edition's later messages go"},
	"restricted_action_thread_locked":          {why: "the edition's thread was locked"},
	"access_denied":                            {why: "the workspace does not let the bot post there"},
	"no_permission":                            {why: "the workspace does not let the bot post there"},
	"enterprise_is_restricted":                 {why: "the organisation does not let the bot post there"},
	"token_expired":                            {"the bot's token has expired", "install the app again and give the bot its new token"},
	"ekm_access_denied":                        {why: "the workspace's key management denied access"},
	"team_access_not_granted":                  {"the bot is not installed in that workspace", "install the app in that workspace"},
	"invalid_auth":                             {"Slack refused the bot token", "give the bot the app's current bot token"},
	"account_inactive":                         {"the bot's token has been revoked", "install the app again and give the bot its new token"},
	"token_revoked":                            {"the bot's token has been revoked", "install the app again and give the bot its new token"},
	"missing_scope":                            {"the bot lacks a scope it needs", "add it in the app's settings and install the app again"},
	"invalid_blocks":                           {why: "Slack refused the message layout"},
	"msg_too_long":                             {why: "Slack refused the message as too long"},
	"msg_blocks_too_long":                      {why: "Slack refused the message as too long"},
	"no_text":                                  {why: "Slack refused the message as empty"},
	"too_many_attachments":                     {why: "Slack refused the message's attachments"},
	"not_authed":                               {"Slack received no bot token", "give the bot the app's bot token"},
	"not_allowed_token_type":                   {"the token given is not a bot token", "give the bot the app's bot token (xoxb-…)"},
	"as_user_not_supported":                    {why: "Slack refused the message's arguments"},
	// The request's own shape: the same on every retry (a fault of this
	// release or of something between it and Slack, in the log).
	"invalid_arguments": {why: "Slack refused the message's arguments"},
	"invalid_arg_name":  {why: "Slack refused the message's arguments"},
	"invalid_charset":   {why: "Slack refused the request's character set"},
	"invalid_form_data": {why: "Slack refused the request's form"},
	"invalid_post_type": {why: "Slack refused the request's content type"},
	"missing_post_type": {why: "Slack refused the request's content type"},
}

// deliveryError classifies a Web API error for the delivery worker: a
// refusal by Slack no retry can fix, or a 4xx of something on the way, is
// permanent; a rate limit carries its Retry-After; anything else (network,
// 5xx) is transient. Each is worded for the editors' delivery report, with
// what to do and Slack's code for operators (the log has the full error).
func deliveryError(err error) error {
	var refused slackgo.SlackErrorResponse
	if errors.As(err, &refused) {
		if why, ok := refusal(refused); ok {
			if todo := permanentErrors[refused.Err].todo; todo != "" {
				why += ": " + todo
			}
			return &delivery.PermanentError{Reason: why + " (Slack error " + refused.Err + ")", Err: err}
		}
		if refused.Err == "ratelimited" {
			// A rate limit answered with HTTP 200, as Slack may: waited
			// out as a 429 that names no wait, not counted as a failed try.
			return &delivery.RetryAfterError{After: rateLimitWait, Err: err}
		}
		return &delivery.TransientError{Reason: "Slack did not take the message (Slack error " + refused.Err + ")", Err: err}
	}
	var limited *slackgo.RateLimitedError
	if errors.As(err, &limited) {
		return &delivery.RetryAfterError{After: limited.RetryAfter, Err: err}
	}
	if unanswered := delivery.Unanswered("Slack", err); unanswered != nil {
		return unanswered
	}
	var status slackgo.StatusCodeError
	if !errors.As(err, &status) {
		return err // the connection: the worker words it
	}
	if status.Code == http.StatusTooManyRequests {
		// slack-go reads a 429 without Retry-After (a proxy's) as a
		// status; it is a rate limit all the same, not a failed attempt.
		return &delivery.RetryAfterError{After: rateLimitWait, Err: err}
	}
	// Slack's API says a refusal with HTTP 200 and its error code, and a
	// rate limit with 429: any other 4xx, an HTML page as a rule, comes
	// from something else on the way, which the next try meets again.
	// delivery.Refused makes it permanent, a 5xx transient.
	return delivery.Refused("Slack", status.Code, proxyRefusal, fmt.Sprintf("(HTTP %d)", status.Code), err)
}

// proxyRefusal is what editors read of a 4xx other than 429, which Slack's
// own API does not answer.
const proxyRefusal = "the request was refused, not by Slack's API but by something on the way: check slack.api_url and any proxy between the bot and Slack"

// refusal is the sentence for a refusal no retry can fix, without a
// remedy or Slack's code; ok is false for any other error.
func refusal(refused slackgo.SlackErrorResponse) (why string, ok bool) {
	p, ok := permanentErrors[refused.Err]
	if ok && refused.Err == "missing_scope" && refused.Needed != "" {
		// Posting needs chat:write; looking for the parts already
		// posted needs channels:history (groups:history in a
		// private channel). Slack names the one missing.
		p.why = "the bot lacks the " + refused.Needed + " scope"
	}
	return p.why, ok
}

// Announce implements bot.Announcer: msg to everyone in channel, posted as
// an edition is. A refusal that would fail every edition there for good
// (deliveryError's list) is a bot.PostRefusedError with its bare sentence,
// for the caller to say what to do. The app is not a member when Slack
// says not_in_channel, or channel_not_found for a private channel it was
// not invited to (Slack hides it).
func (a *Adapter) Announce(ctx context.Context, channel string, msg bot.Message) error {
	err := a.answerInChannel(ctx, channel, "", "", bot.Reply{Public: true, Body: msg})
	var refused slackgo.SlackErrorResponse
	if !errors.As(err, &refused) {
		return err
	}
	why, ok := refusal(refused)
	if !ok {
		return err
	}
	notMember := refused.Err == "not_in_channel" || refused.Err == "channel_not_found"
	return &bot.PostRefusedError{Reason: why, NotMember: notMember, Err: err}
}
