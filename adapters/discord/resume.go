package discord

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/delivery"
)

// recentMessages is how many messages of a channel PostedParts reads at a
// time (Discord's most).
const recentMessages = 100

// PostedParts implements delivery.PostedPartsFinder. Discord lists no
// message's nonce, so the leading parts are found among the channel's
// messages since the edition was published by their embeds (isCopy).
// Within Discord's nonce window a re-sent part is refused anyway; this
// covers a restart after it.
func (a *Adapter) PostedParts(ctx context.Context, post delivery.Post) (int, string, error) {
	since, _ := post.Since()
	msgs, err := a.messagesSince(ctx, post.ChannelID, since)
	if err != nil {
		return 0, "", deliveryError(fmt.Errorf("discord: read recent messages of %s: %w", post.ChannelID, a.rest.named(err)))
	}
	payloads := EditionPayloads(post.Edition)
	slices.Reverse(msgs) // oldest first, as LeadingParts reads them: Discord lists them newest first
	n, first := delivery.LeadingParts(msgs, len(payloads), func(m listedMessage, part int) bool { return isCopy(m, payloads[part].Embeds) })
	if n == 0 {
		return 0, "", nil
	}
	return n, cardRef(post.ChannelID, msgs[first].ID), nil
}

// messagesSince reads a channel's messages, newest first, a page at a
// time, back to since (the newest page alone when since is zero): a busy
// channel may have had more than a page of messages since an edition's
// first part (a bot down overnight), and a part not looked for would be
// posted again. Each page is asked for as discordgo's ChannelMessages
// asks (the same route and rate-limit bucket), within(ctx) (see
// deliveryError).
func (a *Adapter) messagesSince(ctx context.Context, channel string, since time.Time) ([]listedMessage, error) {
	endpoint := discordgo.EndpointChannelMessages(channel)
	q := url.Values{"limit": {strconv.Itoa(recentMessages)}}
	var msgs []listedMessage
	for {
		body, err := a.session.RequestWithBucketID("GET", endpoint+"?"+q.Encode(), nil, endpoint, within(ctx)...)
		if err != nil {
			return nil, err
		}
		var page []listedMessage
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("decode the channel's messages: %w", err)
		}
		msgs = append(msgs, page...)
		if len(page) < recentMessages || since.IsZero() || page[len(page)-1].Timestamp.Before(since) {
			return msgs, nil
		}
		q.Set("before", page[len(page)-1].ID)
	}
}

// listedMessage is what the bot reads of a message in a channel's history.
// It is not a discordgo.Message, which refuses a whole page for one
// component of a type v0.28 does not know (none of Discord's layout ones,
// which other apps post): a page that could not be read stopped every
// retry of the delivery to that channel, and left both copies of a
// contested part in it.
type listedMessage struct {
	ID        string                    `json:"id"`
	Type      discordgo.MessageType     `json:"type"`
	Timestamp time.Time                 `json:"timestamp"`
	Embeds    []*discordgo.MessageEmbed `json:"embeds"`
	// Content is the message's text: Discord gives an app the text of
	// its own messages without the message content intent.
	Content string `json:"content"`
}

// isCopy says whether m is a part the bot posted with these embeds: a
// plain message (an answer to a command, which may show the same edition,
// is an interaction's reply, of another type) with the same embeds.
func isCopy(m listedMessage, embeds []*discordgo.MessageEmbed) bool {
	return m.Type == discordgo.MessageTypeDefault && len(embeds) > 0 &&
		slices.EqualFunc(m.Embeds, embeds, func(g, w *discordgo.MessageEmbed) bool {
			return g != nil && w != nil && g.Title == w.Title && g.Description == w.Description &&
				len(g.Fields) == len(w.Fields)
		})
}

// noticeThere says whether one of msgs is the bot's plain message with
// p's text, as it went out (seal neutralizes a mention in it).
func noticeThere(msgs []listedMessage, p Payload) bool {
	sent := neutralize(p.Content)
	return slices.ContainsFunc(msgs, func(m listedMessage) bool {
		return m.Type == discordgo.MessageTypeDefault && len(m.Embeds) == 0 && m.Content == sent
	})
}

// keepEarliest makes sure that part of post, just posted as message id
// with embeds, is the only copy of it in the channel (delivery.KeepEarliest):
// Discord's nonce refuses a second copy for a few minutes only, and a
// worker frozen past its lease for longer posts one after the worker that
// took the delivery over looked. Discord's IDs grow with time, so two
// workers agree on which copy is earlier.
func (a *Adapter) keepEarliest(ctx context.Context, post delivery.Post, part int, embeds []*discordgo.MessageEmbed, id string) string {
	since, _ := post.Since()
	return delivery.KeepEarliest(ctx, a.log, post, part, id, delivery.Copies{
		List: func(ctx context.Context) ([]string, error) {
			msgs, err := a.messagesSince(ctx, post.ChannelID, since)
			var ids []string
			for _, m := range msgs {
				if isCopy(m, embeds) {
					ids = append(ids, m.ID)
				}
			}
			return ids, a.rest.named(err)
		},
		Before: idBefore,
		Delete: func(ctx context.Context, id string) error {
			return a.rest.named(a.session.ChannelMessageDelete(post.ChannelID, id, within(ctx)...))
		},
	})
}

// idBefore says whether Discord ID a (a snowflake: a number that grows
// with the time it was made) is older than b: the shorter, else the lower.
func idBefore(a, b string) bool {
	return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b)) < 0
}
