package slack

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/tasks"
)

// respond answers user through a response_url: ephemeral unless the reply
// is public. Slack takes five posts per response_url, so a longer private
// reply (a long draft) goes whole to the caller's direct messages, as an
// edition is posted, and the answer says so; should that fail, or the
// reply be public, it is cut, with a note saying so (and how far the
// direct message got).
func (a *Adapter) respond(ctx context.Context, responseURL, user string, r bot.Reply) error {
	msgs := replyMessages(r, a.bot.Location())
	sent := 0
	if len(msgs) > maxResponseURLs && !r.Public && user != "" {
		var err error
		if sent, err = a.directMessages(ctx, user, msgs); err == nil {
			return a.respondMessages(ctx, responseURL, noticeMessages(bot.SentByDirectMessage("Slack", len(msgs))), false, "")
		}
		a.log.WarnContext(ctx, "send a long answer by direct message", "user", user, "messages", len(msgs), "sent", sent, "err", err)
	}
	return a.respondMessages(ctx, responseURL, msgs, r.Public, bot.AnswerCut("Slack", sent, len(msgs)))
}

// directMessages posts msgs to the app's direct messages with user, the rest
// in the first's thread as an edition's, and returns how many it posted.
func (a *Adapter) directMessages(ctx context.Context, user string, msgs []message) (int, error) {
	ch, err := a.openIM(ctx, user)
	if err != nil {
		return 0, err
	}
	first := ""
	for i, m := range msgs {
		_, ts, err := postMessage(ctx, a.api, ch, first, m)
		if err != nil {
			return i, fmt.Errorf("direct message %d of %d: %w", i+1, len(msgs), err)
		}
		first = cmp.Or(first, ts) // the first message starts the thread
	}
	return len(msgs), nil
}

// respondMessages posts msgs to a response_url, cut to the five posts it
// takes with note (bot.AnswerCut) ending the last.
func (a *Adapter) respondMessages(ctx context.Context, responseURL string, msgs []message, public bool, note string) error {
	if len(msgs) > maxResponseURLs {
		msgs = slices.Clone(msgs[:maxResponseURLs])
		last := &msgs[len(msgs)-1]
		blocks := slices.Clone(last.Blocks[:min(len(last.Blocks), maxBlocks-1)])
		last.Blocks = append(blocks, contextLine(note))
	}
	typ := slackgo.ResponseTypeEphemeral
	if public {
		typ = slackgo.ResponseTypeInChannel
	}
	for i, m := range msgs {
		msg := &slackgo.WebhookMessage{Text: m.Text, Blocks: &slackgo.Blocks{BlockSet: m.Blocks}, ResponseType: typ,
			UnfurlLinks: new(false), UnfurlMedia: new(false)}
		// A 5xx or a connection not made is tried again a few times, or
		// the member sees nothing though the command was done; a 429 after
		// its Retry-After, if the answer has that long. A 4xx (the URL used
		// up, the message refused) is final, and so is a failure after the
		// post was sent (tasks.PostJSON, which keeps the URL, a short-lived
		// credential, out of errors).
		err := tasks.Tries(ctx, a.log, "answer not taken; trying again", bot.AnswerTries, bot.AnswerRetryWait, func() (bool, error) {
			again, err := tasks.PostJSON(ctx, a.http, responseURL, msg)
			if err != nil {
				err = fmt.Errorf("post to response_url: %w", err)
			}
			return again, err
		})
		if err != nil {
			return fmt.Errorf("answer %d of %d: %w", i+1, len(msgs), err)
		}
	}
	return nil
}

// answerInChannel posts a reply in a channel, to everyone (a public reply,
// a notice) or to user only, in the thread of threadTS when it is set.
func (a *Adapter) answerInChannel(ctx context.Context, channel, user, threadTS string, r bot.Reply) error {
	msgs := replyMessages(r, a.bot.Location())
	for i, m := range msgs {
		var err error
		if r.Public {
			_, _, err = postMessage(ctx, a.api, channel, threadTS, m)
		} else {
			opts := contentOptions(m)
			if threadTS != "" {
				opts = append(opts, slackgo.MsgOptionTS(threadTS))
			}
			_, err = a.api.PostEphemeralContext(ctx, channel, user, opts...)
		}
		if err != nil {
			return fmt.Errorf("answer %d of %d in %s: %w", i+1, len(msgs), channel, err)
		}
	}
	return nil
}
