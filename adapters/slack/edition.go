package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
)

// editionMessages renders an edition as the messages that post it, laid
// out as the edition is: the date line, a header with the title, the
// intro, the lead story; then per section a divider, its heading and any
// text of its own; per story the editor's commentary in italics, the
// linked headline, the summary ending in a "Read more >>>" link, the
// source and any text the editor placed after it; the footer last. What
// does not fit one message continues in the next, between stories, with
// the section's heading repeated; a draft says so at the top.
func editionMessages(e digest.Edition) []message {
	o := e.Outline()
	units := []unit{editionHead(o)}
	if o.Empty {
		units = append(units, unit{blocks: []slackgo.Block{section("_" + digest.EmptyNotice + "_")}})
	}
	for _, st := range o.Lead {
		units = append(units, unit{blocks: storyBlocks(st)})
	}
	for _, sec := range o.Sections {
		head := unit{blocks: []slackgo.Block{slackgo.NewDividerBlock(), header(sec.Heading)}}
		head.blocks = append(head.blocks, joinSections(paragraphChunks(sec.Text, ""), "\n\n")...)
		if len(sec.Stories) == 0 {
			units = append(units, head)
			continue
		}
		for i, st := range sec.Stories {
			u := unit{blocks: storyBlocks(st), carry: []slackgo.Block{header(sec.Heading + " (continued)")}}
			if i == 0 {
				u.blocks = append(head.blocks, u.blocks...)
			}
			units = append(units, u)
		}
	}
	if len(o.Footer) > 0 {
		foot := []slackgo.Block{slackgo.NewDividerBlock()}
		for _, c := range paragraphChunks(o.Footer, "") {
			foot = append(foot, contextLine(c))
		}
		units = append(units, unit{blocks: foot})
	}
	title := o.ChatTitle()
	msgs := pagedMessages(title, clipEscaped(title, 1000), units)
	for i := 1; i < len(msgs); i++ {
		msgs[i].Text = fmt.Sprintf("%s (continued, %d of %d)", msgs[i].Text, i+1, len(msgs))
	}
	return msgs
}

func editionHead(o digest.Outline) unit {
	var blocks []slackgo.Block
	if o.Draft {
		blocks = append(blocks, contextLine(":construction: *DRAFT* — not yet published"))
	}
	// The date line above the title, as the newsletter starts.
	if facts := o.Subtitle(); facts != "" {
		blocks = append(blocks, contextLine(escape(facts)))
	}
	blocks = append(blocks, header(o.ChatTitle()))
	blocks = append(blocks, joinSections(paragraphChunks(o.Intro, ""), "\n\n")...)
	return unit{blocks: blocks}
}

// paragraphChunks escapes paragraphs, each split to fit a block, every
// line of it between marks ("_" for the editor's own text, in italics):
// Slack's emphasis does not reach across a line break, so a paragraph's
// second line would show its marks as text. Room is kept for a pair of
// marks a line, at most as many as a block's worth of the shortest lines
// could need.
func paragraphChunks(paras []digest.Paragraph, mark string) []string {
	var out []string
	for _, p := range paras {
		text := p.Text()
		limit := maxText - 2*len(mark)*(strings.Count(text, "\n")+1)
		limit = max(limit, (maxText-2*len(mark))/(1+len(mark)))
		for _, c := range chunks(text, limit) {
			out = append(out, markLines(c, mark))
		}
	}
	return out
}

// markLines puts mark around every line of s that has text.
func markLines(s, mark string) string {
	if mark == "" {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = mark + l + mark
		}
	}
	return strings.Join(lines, "\n")
}

// storyBlocks is one story: the editor's commentary in italics (when there
// is any), the headline linked to the story, the summary ending in a
// "Read more >>>" link, the source below, and the editor's text after it.
func storyBlocks(st digest.StoryOutline) []slackgo.Block {
	parts := paragraphChunks(st.Commentary, "_")
	parts = append(parts, storyPieces(st)...)
	blocks := joinSections(parts, "\n\n")
	if st.Source != "" {
		blocks = append(blocks, contextLine(digest.SourceLabel+clipEscaped(st.Source, 500)))
	}
	return append(blocks, joinSections(paragraphChunks(st.Afterword, "_"), "\n\n")...)
}

// maxHeadlineLinkURL is the longest link target, escaped, that a headline
// carries. A link may be 2,048 characters and grows when escaped (each "&"
// is five), and a section holds 3,000: a longer one is left to the story's
// "Read more >>>", so that the headline, the summary and that link still
// fit one block.
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

// storyPieces is a story's linked headline and, below it, its summary
// (the paragraphs kept apart by line breaks) ending in a "Read more >>>"
// link, in one piece of at most maxText wherever it fits one, else in as
// many as the summary needs, split between lines and then words
// (digest.LineSplit): an edition shows it whole.
func storyPieces(s digest.StoryOutline) []string {
	head := digest.Line{Open: "*", Text: escape(clipPlain(s.Name, 500)), Close: "*"}
	if linked := headlineLink(s); linked != head.String() {
		head.Text, head.Unlinked = linked[1:len(linked)-1], head.Text
	}
	lines := []digest.Line{head}
	for _, p := range s.Summary {
		for _, l := range strings.Split(escape(p.Text()), "\n") {
			lines = append(lines, digest.Line{Text: l})
		}
	}
	// A link longer than a section is left out: its label alone links nowhere.
	if more := link(s.URL, digest.ReadMore); s.URL != "" && textLen(more) <= maxText {
		if len(lines) == 1 {
			lines = append(lines, digest.Line{})
		}
		lines[len(lines)-1].Link = more
	}
	return digest.LineSplit{Max: maxText, Room: splitRoom, Split: splitSummary}.Blocks(lines)
}

// splitSummary splits an escaped summary line at spaces into parts of at
// most max; a word of up to half a section (a tracking link pasted into
// the text, which Slack links only whole) stays whole in a part of its
// own, and only a longer one is cut, never inside an entity.
func splitSummary(e string, max int) []string {
	out := digest.PackWords("", e, max, maxText/2, func(s string) string { return s }, beforeEntity)
	if len(out) > 1 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// splitRoom is the most a part of a long line holds: small enough that the
// parts fill sections nearly to maxText.
const splitRoom = 256

// chunks escapes raw text and splits it between words into pieces of at
// most limit characters (digest.SplitWords), never inside an entity, so a
// long paragraph is shown whole over several blocks.
func chunks(raw string, limit int) []string {
	e := escape(raw)
	if textLen(e) <= limit {
		return []string{e}
	}
	return digest.SplitWords(e, limit, beforeEntity)
}

// PostEdition implements bot.Platform: the first message goes to the
// channel and the rest continue in its thread, in order, from part
// post.From. Each part's reference is "CHANNEL/ts". Errors are classified
// for the delivery worker (see deliveryError); a 429 is returned at once,
// not waited out here, for the worker to record and wait out (a.ledger).
func (a *Adapter) PostEdition(ctx context.Context, post delivery.Post, sent func(part int, ref string) error) error {
	post.Edition.Subscribe = a.bot.ChatSubscribe(PlatformName)
	msgs := editionMessages(post.Edition)
	channel, first := post.ChannelID, ""
	if post.From > 0 {
		ch, ts, err := parseCardRef(post.FirstRef)
		if err != nil {
			return &delivery.PermanentError{Reason: "cannot resume: the first message's reference is lost", Err: err}
		}
		channel, first = ch, ts
	}
	for i := post.From; i < len(msgs); i++ {
		opts := append(postOptions(msgs[i]), slackgo.MsgOptionMetadata(partMetadata(post, i)))
		if i > 0 {
			opts = append(opts, slackgo.MsgOptionTS(first))
		}
		ch, ts, err := posted(a.ledger.PostMessageContext(ctx, channel, opts...))
		if err != nil {
			return deliveryError(fmt.Errorf("post edition %d (message %d of %d) to %s: %w", post.Edition.Number, i+1, len(msgs), post.ChannelID, err))
		}
		if i == 0 {
			channel, first = ch, ts
		}
		if err := sent(i, cardRef(ch, ts)); err != nil {
			return err
		}
	}
	return nil
}

// EditionJSON renders an edition as the chat.postMessage payloads that
// post it, as indented JSON: a list of {"text", "blocks"} messages, the
// second and later ones posted in the first one's thread. `sharednews
// preview --format slack` prints it; each message pastes into Slack's Block
// Kit Builder.
func EditionJSON(e digest.Edition) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep <url|label> readable; it is JSON, not HTML
	enc.SetIndent("", "  ")
	if err := enc.Encode(editionMessages(e)); err != nil {
		return "", fmt.Errorf("encode edition as Slack JSON: %w", err)
	}
	return b.String(), nil
}
