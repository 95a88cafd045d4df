package slack

import (
	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/digest"
)

// message is one Slack message as the adapter posts it: its blocks and the
// plain fallback text Slack shows in notifications and reads to screen
// readers. Both are already escaped.
type message struct {
	Text   string          `json:"text"`
	Blocks []slackgo.Block `json:"blocks"`
}

// md is a mrkdwn text object, Verbatim so that only the <…> markup the
// adapter writes is live, not links and names Slack would find. A literal:
// NewTextBlockObject's emoji flag allocates for every block of an edition.
func md(text string) *slackgo.TextBlockObject {
	return &slackgo.TextBlockObject{Type: slackgo.MarkdownType, Text: text, Verbatim: true}
}

// plain is a plain_text object, which Slack never parses for links or mentions.
func plain(text string) *slackgo.TextBlockObject {
	return slackgo.NewTextBlockObject(slackgo.PlainTextType, text, true, false)
}

// section is a mrkdwn section; text must already be escaped and within maxText.
func section(text string) *slackgo.SectionBlock {
	return slackgo.NewSectionBlock(md(text), nil, nil)
}

// header is a header block with text clipped to Slack's 150 characters.
func header(text string) *slackgo.HeaderBlock {
	return slackgo.NewHeaderBlock(plain(clipPlain(text, maxHeader)))
}

// sections are escaped mrkdwn pieces within maxText, a section each.
func sections(pieces []string) []slackgo.Block {
	out := make([]slackgo.Block, len(pieces))
	for i, p := range pieces {
		out[i] = section(p)
	}
	return out
}

// contextLine is a context block of mrkdwn lines (escaped, within maxText each).
func contextLine(texts ...string) *slackgo.ContextBlock {
	elems := make([]slackgo.MixedElement, 0, len(texts))
	for _, t := range texts {
		elems = append(elems, md(t))
	}
	return slackgo.NewContextBlock("", elems...)
}

// joinSections puts escaped mrkdwn pieces, joined by sep, into as few
// sections as fit, clipping a piece longer than a section, splitting none.
func joinSections(pieces []string, sep string) []slackgo.Block {
	clipped := make([]string, len(pieces))
	for i, p := range pieces {
		clipped[i] = clipMarkup(p, maxText)
	}
	return sections(digest.JoinWithin(clipped, sep, maxText))
}
