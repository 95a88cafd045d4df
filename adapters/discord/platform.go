package discord

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
)

// Notify implements bot.Platform: a direct message to the user (a
// submitter told of the editor's decision).
func (a *Adapter) Notify(ctx context.Context, user digest.Person, msg bot.Message) error {
	if err := a.sendDirect(ctx, user.ID, messagePayloads(msg)); err != nil {
		if restErrorCode(err) == discordgo.ErrCodeCannotSendMessagesToThisUser {
			return fmt.Errorf("discord: tell %s: %w (%w)", user.ID, bot.ErrNotReachable, err)
		}
		return fmt.Errorf("discord: tell %s: %w", user.ID, err)
	}
	return nil
}

// PostEdition implements bot.Platform: the edition as embeds, in as many
// messages as Discord's limits need, from part post.From, each referenced
// "CHANNEL:MESSAGE". Each message's nonce, from the delivery and the part,
// which Discord enforces for a few minutes, keeps a part re-sent after an
// answer was lost from being posted twice; a part another worker may have
// posted longer ago (the first under a contested claim, or one whose record
// is refused as the delivery was taken over) is left the only copy
// (keepEarliest). A 429 is returned, not slept out (see deliveryError).
func (a *Adapter) PostEdition(ctx context.Context, post delivery.Post, sent func(part int, ref string) error) error {
	payloads := EditionPayloads(post.Edition)
	record := delivery.TakingBack(ctx, sent, func(ctx context.Context, part int, ref string) {
		_, id, _ := parseCardRef(ref)
		a.keepEarliest(ctx, post, part, payloads[part].Embeds, id)
	})
	return post.EachPart(len(payloads), record, func(i int) (string, error) {
		p := payloads[i]
		p.Nonce, p.EnforceNonce = nonce("sn", post.Key, i), true
		m, err := a.createMessage(ctx, post.ChannelID, p)
		if err != nil {
			return "", deliveryError(fmt.Errorf("discord: post edition %d to %s (message %d of %d): %w",
				post.Edition.Number, post.ChannelID, i+1, len(payloads), a.rest.named(err)))
		}
		id := m.ID
		if post.Contested && i == post.From {
			id = a.keepEarliest(ctx, post, i, p.Embeds, id)
		}
		return cardRef(post.ChannelID, id), nil
	})
}

// PostToReview implements bot.Platform: a notice to discord.review_channel.
// A notice told once (msg.Once) leaves out its messages that are there
// already. Discord keeps no metadata on a message and lists none of its
// nonce, so a message is found by its text, as an edition's parts are by
// their embeds (PostedParts); the nonce refuses a second copy on its own
// within Discord's few minutes. A look that fails posts the notice whole:
// told twice is better than never told.
func (a *Adapter) PostToReview(ctx context.Context, msg bot.Message) error {
	channel := a.cfg.ReviewChannel
	if channel == "" {
		return bot.ErrNoReviewChannel
	}
	var there []listedMessage
	if msg.Once != nil {
		var err error
		if there, err = a.messagesSince(ctx, channel, msg.Once.LookFrom()); err != nil {
			a.log.WarnContext(ctx, "look in the review channel for a notice already posted; posting it",
				"key", msg.Once.Key, "err", a.rest.named(err))
		}
	}
	payloads := messagePayloads(msg)
	for i, p := range payloads {
		if msg.Once != nil {
			if noticeThere(there, p) {
				continue
			}
			p.Nonce, p.EnforceNonce = nonce("nt", msg.Once.Key, i), true
		}
		if _, err := a.postMessage(ctx, channel, p); err != nil {
			return fmt.Errorf("discord: post to review channel: message %d of %d to %s: %w",
				i+1, len(payloads), channel, err)
		}
	}
	return nil
}

// deliveryError classifies a REST error for the delivery worker: 403 and
// 404 (the bot may not post there, the channel is gone) and other 4xx
// refusals are permanent, 429 carries its Retry-After, and anything else
// (network, 5xx) is transient. Delivery requests are made without
// discordgo's retry of a 429, which sleeps out the wait whatever the
// context says (a `run` told to stop would wait, and the wait show
// nowhere): the worker records it, counts it, and tries again after it.
// Each refusal is worded for the editors who read the delivery report,
// with Discord's error code (else the HTTP status) for operators.
func deliveryError(err error) error {
	limited, ok := errors.AsType[*discordgo.RateLimitError](err)
	if ok && limited.RateLimit != nil && limited.TooManyRequests != nil {
		return &delivery.RetryAfterError{After: limited.RetryAfter, Err: err}
	}
	if unanswered := delivery.Unanswered("Discord", err); unanswered != nil {
		return unanswered
	}
	resp := restResponse(err)
	if resp == nil {
		return err // the connection: the worker words it
	}
	status, code := resp.StatusCode, restErrorCode(err)
	ref := fmt.Sprintf("(HTTP %d)", status)
	if code != 0 {
		ref = fmt.Sprintf("(Discord error %d)", code)
	}
	return cmp.Or(delivery.Refused("Discord", status, refusals[code], ref, err), err)
}

// refusals are Discord's JSON error codes on posting a message that an
// editor can act on, with the sentence they read (before the code).
var refusals = map[int]string{
	10003:  "the channel no longer exists",
	50001:  "the bot cannot see the channel: give it View Channel, Send Messages and Embed Links there",
	50013:  "the bot may not post in the channel: give it Send Messages and Embed Links there",
	160002: "the bot cannot read the channel's history, which it needs to continue an edition there: give it Read Message History there",
	50035:  "Discord refused the message as malformed",
}

// nonce names one message (part) of what key names, within Discord's 25
// characters: the same key and part always get the same nonce. kind
// keeps an edition's parts ("sn") and a notice's ("nt") apart.
func nonce(kind, key string, part int) string {
	h := fnv.New64a()
	h.Write([]byte(key))
	return fmt.Sprintf("%s%x.%d", kind, h.Sum64(), part)
}

// createMessage posts a message with exactly the payload given (discordgo's
// MessageSend has no nonce), through discordgo's rate-limited REST client,
// which returns a 429 rather than sleeping it out (within).
func (a *Adapter) createMessage(ctx context.Context, channelID string, p Payload) (*discordgo.Message, error) {
	endpoint := discordgo.EndpointChannelMessages(channelID)
	body, err := a.session.RequestWithBucketID("POST", endpoint, seal(p), endpoint, within(ctx)...)
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("decode the created message: %w", err)
	}
	if m.ID == "" {
		return nil, fmt.Errorf("%w: the message's creation answered %.200q", delivery.ErrNoMessage, body)
	}
	return &m, nil
}
