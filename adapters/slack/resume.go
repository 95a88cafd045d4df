package slack

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/delivery"
)

// editionEventType names the message metadata every part of a delivered
// edition carries, so that a restarted bot can find the parts it posted.
const editionEventType = "sharednews_edition"

// eventPart returns the part number a message's metadata of eventType
// names for key, or false when the message is not one of key's parts.
func eventPart(m slackgo.Message, eventType, key string) (int, bool) {
	md := m.Metadata
	if md.EventType != eventType || fmt.Sprint(md.EventPayload["key"]) != key {
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

// PostedParts implements delivery.PostedPartsFinder: the leading parts
// found, the first in the channel since the edition was published
// (conversations.history: channels:history or groups:history), the rest in
// the thread of the earlier first (see keepEarliest). A 429 is returned at
// once to the delivery worker, as PostEdition's is.
func (a *Adapter) PostedParts(ctx context.Context, post delivery.Post) (int, string, error) {
	firsts, err := a.copiesOf(ctx, post, 0, "")
	if err != nil || len(firsts) == 0 {
		return 0, "", err
	}
	first := slices.MinFunc(firsts, compareTS)
	seen := map[int]bool{0: true}
	if err := a.eachReply(ctx, post.ChannelID, first, func(m slackgo.Message) {
		if part, ok := eventPart(m, editionEventType, post.Key); ok {
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

// copiesOf returns the timestamps of post's part in the channel: part 0
// among its messages since the edition was published, a later part in
// the first's thread.
func (a *Adapter) copiesOf(ctx context.Context, post delivery.Post, part int, thread string) ([]string, error) {
	var found []string
	keep := func(m slackgo.Message) {
		if p, ok := eventPart(m, editionEventType, post.Key); ok && p == part {
			found = append(found, m.Timestamp)
		}
	}
	if part > 0 {
		return found, a.eachReply(ctx, post.ChannelID, thread, keep)
	}
	// Every page since the edition was published: a busy channel may have
	// had more than a page of messages since (a bot down overnight), and a
	// copy not looked for would be posted again.
	since, _ := post.Since()
	if err := eachMessage(ctx, a.ledger, post.ChannelID, since, keep); err != nil {
		return nil, deliveryError(err)
	}
	return found, nil
}

// eachMessage calls f with each message of the channel since oldest (the
// zero time: since the channel began), on every page, read through api.
func eachMessage(ctx context.Context, api *slackgo.Client, channel string, oldest time.Time, f func(slackgo.Message)) error {
	params := &slackgo.GetConversationHistoryParameters{ChannelID: channel, Limit: 200, IncludeAllMetadata: true}
	if !oldest.IsZero() {
		params.Oldest = strconv.FormatInt(oldest.Unix(), 10)
	}
	for {
		hist, err := api.GetConversationHistoryContext(ctx, params)
		if err != nil {
			return fmt.Errorf("read recent messages of %s: %w", channel, err)
		}
		for _, m := range hist.Messages {
			f(m)
		}
		if !hist.HasMore || hist.ResponseMetaData.NextCursor == "" {
			return nil
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

// keepEarliest leaves part of post, just posted as ts, the only copy in
// the channel (delivery.KeepEarliest), and returns the copy kept. Slack
// stamps messages as it takes them: two workers agree which is earlier.
func (a *Adapter) keepEarliest(ctx context.Context, post delivery.Post, part int, thread, ts string) string {
	return delivery.KeepEarliest(ctx, a.log, post, part, ts, delivery.Copies{
		List:   func(ctx context.Context) ([]string, error) { return a.copiesOf(ctx, post, part, thread) },
		Before: func(a, b string) bool { return compareTS(a, b) < 0 },
		Delete: func(ctx context.Context, ts string) error {
			_, _, err := a.ledger.DeleteMessageContext(ctx, post.ChannelID, ts)
			return err
		},
	})
}

// compareTS orders Slack message timestamps ("1700000000.000123":
// seconds, a dot, six digits) by time: a longer count of seconds is later.
func compareTS(a, b string) int {
	as, af, _ := strings.Cut(a, ".")
	bs, bf, _ := strings.Cut(b, ".")
	return cmp.Or(cmp.Compare(len(as), len(bs)), strings.Compare(as, bs), strings.Compare(af, bf))
}
