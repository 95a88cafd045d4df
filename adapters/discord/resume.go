package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/delivery"
)

// recentMessages is how far back PostedParts looks in a channel.
const recentMessages = 100

// PostedParts implements delivery.PostedPartsFinder. Discord does not return a
// message's nonce when listing a channel, so the channel's recent messages
// are compared with the parts the delivery would post (their embeds' titles
// and text): the leading parts found are counted. Within Discord's nonce
// window a re-sent part is refused as a duplicate anyway; this covers a
// restart after it.
func (a *Adapter) PostedParts(ctx context.Context, post delivery.Post) (int, string, error) {
	msgs, err := a.session.ChannelMessages(post.ChannelID, recentMessages, "", "", "", discordgo.WithContext(ctx))
	if err != nil {
		return 0, "", deliveryError(fmt.Errorf("discord: read recent messages of %s: %w", post.ChannelID, err))
	}
	payloads := EditionPayloads(post.Edition)
	n, first := 0, ""
	for n < len(payloads) {
		m := findPart(msgs, payloads[n])
		if m == nil {
			break
		}
		if n == 0 {
			first = cardRef(post.ChannelID, m.ID)
		}
		n++
	}
	return n, first, nil
}

// findPart returns the message showing the same embeds as p, if any.
func findPart(msgs []*discordgo.Message, p Payload) *discordgo.Message {
	for _, m := range msgs {
		if sameEmbeds(m.Embeds, p.Embeds) {
			return m
		}
	}
	return nil
}

func sameEmbeds(got, want []*discordgo.MessageEmbed) bool {
	if len(got) != len(want) || len(want) == 0 {
		return false
	}
	for i := range want {
		g, w := got[i], want[i]
		if g == nil || w == nil || g.Title != w.Title || g.Description != w.Description || len(g.Fields) != len(w.Fields) {
			return false
		}
	}
	return true
}
