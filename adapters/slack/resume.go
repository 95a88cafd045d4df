package slack

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/delivery"
)

// editionEventType names the message metadata every part of a delivered
// edition carries, so that a restarted bot can find the parts it posted.
const editionEventType = "sharednews_edition"

// partMetadata is the metadata of one part of one delivery.
func partMetadata(post delivery.Post, part int) slackgo.SlackMetadata {
	return slackgo.SlackMetadata{EventType: editionEventType, EventPayload: map[string]any{
		"edition": post.Edition.Number, "part": part, "key": post.Key}}
}

// metadataPart returns the part number a message's metadata names for
// this delivery, or false when the message is not one of its parts.
func metadataPart(m slackgo.Message, key string) (int, bool) {
	md := m.Metadata
	if md.EventType != editionEventType || fmt.Sprint(md.EventPayload["key"]) != key {
		return 0, false
	}
	switch v := md.EventPayload["part"].(type) {
	case float64:
		return int(v), true
	case string:
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	return 0, false
}

// PostedParts implements delivery.PostedPartsFinder: it looks for the
// delivery's first part among the channel's messages since the edition
// was published (conversations.history, which needs channels:history or
// groups:history) and for the later parts in its thread
// (conversations.replies), and counts the leading parts found. Where two
// workers each posted the first part (see keepEarliest), the earlier is
// the one the thread continues under. A 429 on either is returned at once
// as the delivery worker's, as PostEdition's is.
func (a *Adapter) PostedParts(ctx context.Context, post delivery.Post) (int, string, error) {
	firsts, err := a.copiesOf(ctx, post, 0, "")
	if err != nil || len(firsts) == 0 {
		return 0, "", err
	}
	first := earliest(firsts)
	seen := map[int]bool{0: true}
	if err := a.eachReply(ctx, post.ChannelID, first, func(m slackgo.Message) {
		if part, ok := metadataPart(m, post.Key); ok {
			seen[part] = true
		}
	}); err != nil {
		return 0, "", err
	}
	n := 0
	for seen[n] {
		n++
	}
	return n, cardRef(post.ChannelID, first), nil
}

// copiesOf returns the timestamps of the messages in the channel that
// are part of post: part 0 among the channel's messages since the edition
// was published, a later part in the thread of the first (thread).
func (a *Adapter) copiesOf(ctx context.Context, post delivery.Post, part int, thread string) ([]string, error) {
	var found []string
	keep := func(m slackgo.Message) {
		if p, ok := metadataPart(m, post.Key); ok && p == part {
			found = append(found, m.Timestamp)
		}
	}
	if part > 0 {
		return found, a.eachReply(ctx, post.ChannelID, thread, keep)
	}
	params := &slackgo.GetConversationHistoryParameters{ChannelID: post.ChannelID, Limit: 200, IncludeAllMetadata: true}
	if since, ok := post.Since(); ok {
		params.Oldest = strconv.FormatInt(since.Unix(), 10)
	}
	// Every page since the edition was published: a busy channel may have
	// had more than a page of messages since (a bot down overnight), and a
	// copy not looked for would be posted again.
	for {
		hist, err := a.ledger.GetConversationHistoryContext(ctx, params)
		if err != nil {
			return nil, deliveryError(fmt.Errorf("read recent messages of %s: %w", post.ChannelID, err))
		}
		for _, m := range hist.Messages {
			keep(m)
		}
		if !hist.HasMore || hist.ResponseMetaData.NextCursor == "" {
			return found, nil
		}
		params.Cursor = hist.ResponseMetaData.NextCursor
	}
}

// eachReply calls f with each message of the thread under ts, the first
// one included.
func (a *Adapter) eachReply(ctx context.Context, channel, ts string, f func(slackgo.Message)) error {
	cursor := ""
	for {
		msgs, more, next, err := a.ledger.GetConversationRepliesContext(ctx, &slackgo.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: ts, Cursor: cursor, Limit: 200, IncludeAllMetadata: true})
		if err != nil {
			return deliveryError(fmt.Errorf("read the thread of %s in %s: %w", ts, channel, err))
		}
		for _, m := range msgs {
			f(m)
		}
		if !more || next == "" {
			return nil
		}
		cursor = next
	}
}

// keepEarliest makes sure that part of post, just posted as ts, is the
// only copy of that part in the channel. Two workers can each post it:
// one frozen past its lease between its last check and its post, and the
// one that took the delivery over, looked in the channel before the
// frozen one's post arrived, and posted it too. Each of them looks once
// its own copy is in (the new owner after its first post, the frozen one
// when its record is refused, see delivery.ErrLeaseLost): the later copy's
// poster always sees the earlier copy, so it takes its own back and goes
// on from the earlier one, whose timestamp keepEarliest returns. Slack
// answers a message's timestamp in the order it took them, so both agree
// on which is earlier. A look that fails (no channels:history, a 429)
// keeps the copy: a second copy is better than none.
func (a *Adapter) keepEarliest(ctx context.Context, post delivery.Post, part int, thread, ts string) string {
	copies, err := a.copiesOf(ctx, post, part, thread)
	if err != nil {
		a.log.WarnContext(ctx, "could not look for another copy of a part just posted; keeping it", "delivery", post.Key, "part", part, "err", err)
		return ts
	}
	first := earliest(append(copies, ts))
	if first == ts {
		return ts
	}
	if _, _, err := a.ledger.DeleteMessageContext(ctx, post.ChannelID, ts); err != nil {
		a.log.WarnContext(ctx, "could not take back a second copy of a part", "delivery", post.Key, "part", part, "ts", ts, "err", err)
		return ts
	}
	a.log.InfoContext(ctx, "took back a second copy of a part another worker had posted first", "delivery", post.Key, "part", part, "kept", first, "taken_back", ts)
	return first
}

// earliest returns the earliest of Slack message timestamps
// ("1700000000.000123": seconds, a dot, six digits), which must not be
// empty.
func earliest(tss []string) string {
	first := tss[0]
	for _, ts := range tss[1:] {
		if tsBefore(ts, first) {
			first = ts
		}
	}
	return first
}

func tsBefore(a, b string) bool {
	as, af, _ := strings.Cut(a, ".")
	bs, bf, _ := strings.Cut(b, ".")
	if len(as) != len(bs) {
		return len(as) < len(bs)
	}
	if as != bs {
		return as < bs
	}
	return af < bf
}
