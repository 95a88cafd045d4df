package slack

import (
	"context"
	"fmt"
	"strconv"

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
// (conversations.replies), and counts the leading parts found. A 429 on
// either is returned at once as the delivery worker's, as PostEdition's is.
func (a *Adapter) PostedParts(ctx context.Context, post delivery.Post) (int, string, error) {
	params := &slackgo.GetConversationHistoryParameters{ChannelID: post.ChannelID, Limit: 200, IncludeAllMetadata: true}
	if since, ok := post.Since(); ok {
		params.Oldest = strconv.FormatInt(since.Unix(), 10)
	}
	// Page back until the first part is found: a busy channel may have had
	// more than a page of messages since (a bot down overnight), and one
	// not looked for would be posted again.
	first := ""
	for {
		hist, err := a.ledger.GetConversationHistoryContext(ctx, params)
		if err != nil {
			return 0, "", deliveryError(fmt.Errorf("read recent messages of %s: %w", post.ChannelID, err))
		}
		for _, m := range hist.Messages {
			if part, ok := metadataPart(m, post.Key); ok && part == 0 {
				first = m.Timestamp
			}
		}
		if first != "" || !hist.HasMore || hist.ResponseMetaData.NextCursor == "" {
			break
		}
		params.Cursor = hist.ResponseMetaData.NextCursor
	}
	if first == "" {
		return 0, "", nil
	}
	seen := map[int]bool{0: true}
	cursor := ""
	for {
		msgs, more, next, err := a.ledger.GetConversationRepliesContext(ctx, &slackgo.GetConversationRepliesParameters{
			ChannelID: post.ChannelID, Timestamp: first, Cursor: cursor, Limit: 200, IncludeAllMetadata: true})
		if err != nil {
			return 0, "", deliveryError(fmt.Errorf("read the thread of %s in %s: %w", first, post.ChannelID, err))
		}
		for _, m := range msgs {
			if part, ok := metadataPart(m, post.Key); ok {
				seen[part] = true
			}
		}
		if !more || next == "" {
			break
		}
		cursor = next
	}
	n := 0
	for seen[n] {
		n++
	}
	return n, cardRef(post.ChannelID, first), nil
}
