package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// Notify implements bot.Platform: a direct message to the user (a
// submitter told of the editor's decision).
func (a *Adapter) Notify(ctx context.Context, user digest.Person, msg bot.Message) error {
	ch, err := a.session.UserChannelCreate(user.ID, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: open a direct message to %s: %w", user.ID, err)
	}
	if _, err := a.createMessage(ctx, ch.ID, seal(messagePayload(msg))); err != nil {
		return fmt.Errorf("discord: tell %s: %w", user.ID, err)
	}
	return nil
}

// PostEdition implements bot.Platform: the edition as embeds, in as many
// messages as Discord's limits need, in order. It returns a reference to
// the first message. Each message carries a nonce that Discord enforces
// for a few minutes, so a delivery retried soon after a failure midway
// does not post the parts that already went out a second time.
func (a *Adapter) PostEdition(ctx context.Context, channelID string, e digest.Edition) (string, error) {
	payloads := EditionPayloads(e)
	ref := ""
	for i, p := range payloads {
		p.Nonce, p.EnforceNonce = editionNonce(channelID, e, i), true
		m, err := a.createMessage(ctx, channelID, p)
		if err != nil {
			return ref, fmt.Errorf("discord: post edition %d to %s (message %d of %d): %w", e.Number, channelID, i+1, len(payloads), err)
		}
		if i == 0 {
			ref = cardRef(channelID, m.ID)
		}
	}
	return ref, nil
}

// editionNonce names one message of one edition in one channel, within
// Discord's 25 characters.
func editionNonce(channelID string, e digest.Edition, part int) string {
	h := fnv.New32a()
	h.Write([]byte(channelID))
	return fmt.Sprintf("sn%d.%x.%d", e.Number, h.Sum32(), part)
}

// createMessage posts a message with exactly the payload given (discordgo's
// MessageSend has no nonce), through discordgo's rate-limited REST client.
func (a *Adapter) createMessage(ctx context.Context, channelID string, p Payload) (*discordgo.Message, error) {
	p = seal(p)
	endpoint := discordgo.EndpointChannelMessages(channelID)
	body, err := a.session.RequestWithBucketID("POST", endpoint, p, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("decode the created message: %w", err)
	}
	return &m, nil
}
