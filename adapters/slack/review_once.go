package slack

import (
	"context"
	"fmt"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
)

// noticeEventType names the message metadata of a notice to the editors
// told once (bot.Message.Once), so that the next run finds the notice a
// stopped or killed run posted.
const noticeEventType = "sharednews_notice"

// PostToReview implements bot.Platform: a notice to slack.review_channel.
// One told once (msg.Once) has its key in each message's metadata, and
// those already there are left out; a failed look posts it whole: told
// twice is better than never told.
func (a *Adapter) PostToReview(ctx context.Context, msg bot.Message) error {
	channel, once := a.cfg.ReviewChannel, msg.Once
	if channel == "" {
		return bot.ErrNoReviewChannel
	}
	posted := map[int]bool{}
	if once != nil {
		// Every page since the notice could first be posted: cards may
		// have followed it.
		err := eachMessage(ctx, a.api, channel, once.LookFrom(), func(m slackgo.Message) {
			if part, ok := eventPart(m, noticeEventType, once.Key); ok {
				posted[part] = true
			}
		})
		if err != nil {
			a.log.WarnContext(ctx, "look in the review channel for a notice already posted; posting it", "key", once.Key, "err", err)
		}
	}
	msgs := replyMessages(bot.Reply{Public: true, Body: msg}, a.bot.Location())
	for i, m := range msgs {
		if posted[i] {
			continue
		}
		var more []slackgo.MsgOption
		if once != nil {
			more = append(more, slackgo.MsgOptionMetadata(slackgo.SlackMetadata{EventType: noticeEventType,
				EventPayload: map[string]any{"key": once.Key, "part": i}}))
		}
		if _, _, err := postMessage(ctx, a.api, channel, "", m, more...); err != nil {
			return fmt.Errorf("post to review channel %s: answer %d of %d: %w", channel, i+1, len(msgs), err)
		}
	}
	return nil
}
