package slack

import (
	"context"
	"fmt"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
)

// editionMessages renders an edition as the messages that post it, laid
// out by digest.Outline.Chat: a draft's banner, the date line, the title,
// the intro; per section a divider, its heading, its text, and each story
// in sections of its own; the footer in small print. What does not fit one
// message continues in the next, between stories, the heading repeated.
func editionMessages(e digest.Edition) []message {
	c := e.Outline().Chat(chatMarkup)
	var head []slackgo.Block
	if c.Draft {
		head = append(head, contextLine(":construction: *"+digest.DraftMark+"* — "+digest.DraftNote))
	}
	// The date line above the title, as the newsletter starts.
	if c.Subtitle != "" {
		head = append(head, contextLine(escape(c.Subtitle)))
	}
	head = append(head, header(c.Title))
	units := []unit{{blocks: append(head, sections(c.Intro)...)}}
	for _, sec := range c.Sections {
		var heading, carry []slackgo.Block
		if sec.Heading != "" {
			heading = []slackgo.Block{slackgo.NewDividerBlock(), header(sec.Heading)}
			carry = []slackgo.Block{header(sec.Heading + digest.Continued)}
		}
		blocks := append(heading, sections(sec.Text)...)
		if len(sec.Stories) == 0 {
			units = append(units, unit{blocks: blocks})
		}
		for i, st := range sec.Stories {
			u := unit{blocks: sections(st), carry: carry}
			if i == 0 {
				u.blocks = append(blocks, u.blocks...)
			}
			units = append(units, u)
		}
	}
	if len(c.Footer) > 0 {
		foot := []slackgo.Block{slackgo.NewDividerBlock()}
		for _, p := range c.Footer {
			foot = append(foot, contextLine(p))
		}
		units = append(units, unit{blocks: foot})
	}
	msgs := pagedMessages(c.Title, clipEscaped(c.Title, 1000), units)
	for i := 1; i < len(msgs); i++ {
		msgs[i].Text = fmt.Sprintf("%s (continued, %d of %d)", msgs[i].Text, i+1, len(msgs))
	}
	return msgs
}

// chatMarkup is how Slack writes an edition (digest.ChatMarkup): mrkdwn,
// bold and italic words, links as <url|text>, in sections of maxText; a
// long text is split between words, never inside an entity.
var chatMarkup = digest.ChatMarkup{
	Escape: escape, Bold: [2]string{"*", "*"}, Italic: [2]string{"_", "_"}, Link: linkEscaped,
	Max: maxText, Back: beforeEntity,
}

// maxHeadlineLinkURL is the longest escaped link a list's story links its
// name to. A link of 2,048 characters grows when escaped ("&" is five),
// and a section holds 3,000: a longer one is left to "Read more >>>", so
// that the name, the lines and that link still fit one block.
const maxHeadlineLinkURL = 1000

// headlineLink is a story's name in bold, linked to the story unless the
// link is too long for it (see maxHeadlineLinkURL).
func headlineLink(s digest.StoryOutline) string {
	name := clipPlain(s.Name, 500)
	if textLen(linkURL(s.URL)) > maxHeadlineLinkURL {
		return "*" + escape(name) + "*"
	}
	return "*" + link(s.URL, name) + "*"
}

// PostEdition implements bot.Platform: the first message to the channel,
// the rest in its thread, from part post.From, each "CHANNEL/ts". Errors
// are the delivery worker's (deliveryError; a 429 at once, see a.ledger).
// A part another worker may also have posted (the first under a contested
// claim, or one whose record is refused after a take-over) is left the
// only copy (keepEarliest).
func (a *Adapter) PostEdition(ctx context.Context, post delivery.Post, sent func(part int, ref string) error) error {
	msgs := editionMessages(post.Edition)
	channel, first := post.ChannelID, ""
	if post.From > 0 {
		var err error
		if channel, first, err = parseCardRef(post.FirstRef); err != nil {
			return &delivery.PermanentError{Reason: "cannot resume: the first message's reference is lost", Err: err}
		}
	}
	record := delivery.TakingBack(ctx, sent, func(ctx context.Context, part int, ref string) {
		_, ts, _ := parseCardRef(ref)
		a.keepEarliest(ctx, post, part, first, ts)
	})
	return post.EachPart(len(msgs), record, func(i int) (string, error) {
		// first is "" for part 0 alone: the later parts go in its thread.
		md := slackgo.SlackMetadata{EventType: editionEventType, EventPayload: map[string]any{
			"edition": post.Edition.Number, "part": i, "key": post.Key}}
		ch, ts, err := postMessage(ctx, a.ledger, channel, first, msgs[i], slackgo.MsgOptionMetadata(md))
		if err != nil {
			return "", deliveryError(fmt.Errorf("post edition %d (message %d of %d) to %s: %w", post.Edition.Number, i+1, len(msgs), post.ChannelID, err))
		}
		if post.Contested && i == post.From {
			ts = a.keepEarliest(ctx, post, i, first, ts)
		}
		if i == 0 {
			channel, first = ch, ts
		}
		return cardRef(ch, ts), nil
	})
}

// EditionJSON renders an edition as its chat.postMessage payloads (the later
// ones in the first's thread), indented JSON {"text", "blocks"} each, for
// `sharednews preview --format slack`; each pastes into Block Kit Builder.
func EditionJSON(e digest.Edition) (string, error) {
	js, err := digest.ChatJSON("Slack", editionMessages(e))
	return string(js), err
}
