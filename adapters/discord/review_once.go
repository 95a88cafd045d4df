package discord

import (
	"context"
	"fmt"
	"slices"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
)

// postToReviewOnce posts msg to the review channel, leaving out the
// messages of it that are there already. Discord keeps no metadata on a
// message and lists none of its nonce, so a message is found by its text,
// as an edition's parts are by their embeds (PostedParts); the nonce
// refuses a second copy on its own within Discord's few minutes. A look
// that fails posts the notice whole: told twice is better than never told.
func (a *Adapter) postToReviewOnce(ctx context.Context, msg bot.Message) error {
	channel, once := a.cfg.ReviewChannel, *msg.Once
	payloads := messagePayloads(msg)
	msgs, err := a.messagesSince(ctx, channel, once.LookFrom())
	if err != nil {
		a.log.WarnContext(ctx, "look in the review channel for a notice already posted; posting it", "key", once.Key, "err", a.rest.named(err))
	}
	for i, p := range payloads {
		if noticeThere(msgs, p) {
			continue
		}
		p.Nonce, p.EnforceNonce = nonce("nt", once.Key, i), true
		if _, err := a.postMessage(ctx, channel, p); err != nil {
			return fmt.Errorf("discord: post to review channel: message %d of %d: %w", i+1, len(payloads), err)
		}
	}
	return nil
}

// noticeThere says whether one of msgs is the bot's plain message with
// p's text, as it went out (seal neutralizes a mention in it).
func noticeThere(msgs []listedMessage, p Payload) bool {
	sent := neutralize(p.Content)
	return slices.ContainsFunc(msgs, func(m listedMessage) bool {
		return m.Type == discordgo.MessageTypeDefault && len(m.Embeds) == 0 && m.Content == sent
	})
}
