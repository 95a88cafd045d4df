package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// editionMessages renders an edition as the messages that post it: a
// header with the title, the date line, the intro; then per sector a divider
// and a header; per story the editor's commentary in italics, the linked
// headline, the summary and the source; the footer last. What does not fit
// one message continues in the next, between stories, with the sector's
// header repeated; a draft says so at the top.
func editionMessages(e digest.Edition) []message {
	units := []unit{editionHead(e)}
	if e.StoryCount() == 0 {
		units = append(units, unit{blocks: []slackgo.Block{section("_No stories yet._")}})
	}
	for _, sec := range e.Sections {
		name := sectionName(sec)
		for i, st := range sec.Stories {
			u := unit{blocks: storyBlocks(st), carry: []slackgo.Block{header(name + " (continued)")}}
			if i == 0 {
				u.blocks = append([]slackgo.Block{divider(), header(name)}, u.blocks...)
			}
			units = append(units, u)
		}
	}
	if paras := digest.Paragraphs(e.Footer); len(paras) > 0 {
		foot := []slackgo.Block{divider()}
		for _, p := range paras {
			for _, c := range chunks(p, maxText) {
				foot = append(foot, contextLine(c))
			}
		}
		units = append(units, unit{blocks: foot})
	}
	title := editionTitle(e)
	pages := paginate(units, func(part, parts int) slackgo.Block {
		return contextLine(fmt.Sprintf("%s — continued (%d of %d)", clipEscaped(title, 200), part, parts))
	})
	msgs := make([]message, len(pages))
	for i, blocks := range pages {
		text := clipEscaped(title, 1000)
		if i > 0 {
			text = fmt.Sprintf("%s (continued, %d of %d)", text, i+1, len(pages))
		}
		msgs[i] = message{Text: text, Blocks: blocks}
	}
	return msgs
}

// editionTitle is the title line, with the edition number when published.
func editionTitle(e digest.Edition) string {
	t := digest.OneLine(e.Title)
	if t == "" {
		t = "Shared News"
	}
	return t
}

func editionHead(e digest.Edition) unit {
	var blocks []slackgo.Block
	if e.State != digest.EditionPublished {
		blocks = append(blocks, contextLine(":construction: *DRAFT* — not yet published"))
	}
	blocks = append(blocks, header(editionTitle(e)))
	var facts []string
	if !e.Date.IsZero() {
		facts = append(facts, digest.DateLine(e.Date))
	}
	if e.State == digest.EditionPublished && e.Number > 0 {
		facts = append(facts, fmt.Sprintf("Edition %d", e.Number))
	}
	if len(facts) > 0 {
		blocks = append(blocks, contextLine(escape(strings.Join(facts, " · "))))
	}
	var intro []string
	for _, p := range digest.Paragraphs(e.Intro) {
		intro = append(intro, chunks(p, maxText)...)
	}
	blocks = append(blocks, joinSections(intro, "\n\n")...)
	return unit{blocks: blocks}
}

// sectionName is a section's heading: its sector's name, else its slug.
func sectionName(s digest.Section) string {
	if n := digest.OneLine(s.Sector.Name); n != "" {
		return n
	}
	if n := digest.OneLine(s.Sector.Slug); n != "" {
		return n
	}
	return "Other"
}

// storyBlocks is one story: commentary in italics (when there is any), the
// headline linked to the story, the summary, and the source below.
func storyBlocks(st digest.Story) []slackgo.Block {
	var parts []string
	if c := strings.TrimSpace(st.Commentary); c != "" {
		parts = append(parts, italic(c))
	}
	parts = append(parts, storyText(st, maxText))
	blocks := joinSections(parts, "\n\n")
	if src := digest.OneLine(st.Source); src != "" {
		blocks = append(blocks, contextLine("Source: "+clipEscaped(src, 500)))
	}
	return blocks
}

// headlineOrURL is what a story is called: its headline, or its link
// while it has none.
func headlineOrURL(s digest.Story) string {
	if h := digest.OneLine(s.Headline); h != "" {
		return h
	}
	return s.URL
}

// headlineLink is a story's headline in bold, linked to the story.
func headlineLink(s digest.Story) string {
	return "*" + link(s.URL, clipPlain(headlineOrURL(s), 500)) + "*"
}

// storyText is a story's linked headline and, below it, its summary (the
// paragraphs kept apart by line breaks), clipped so that the whole is at
// most room characters.
func storyText(s digest.Story, room int) string {
	text := headlineLink(s)
	if sum := strings.Join(digest.Paragraphs(s.Summary), "\n"); sum != "" {
		text += "\n" + clipEscaped(sum, room-textLen(text)-1)
	}
	return text
}

// chunks escapes raw text and splits it at spaces into pieces of at most
// limit characters, so a long paragraph is shown whole over several blocks.
func chunks(raw string, limit int) []string {
	e := escape(raw)
	if textLen(e) <= limit {
		return []string{e}
	}
	var out []string
	var cur strings.Builder
	for _, w := range strings.SplitAfter(digest.CleanText(raw), " ") {
		ew := escapeClean(w)
		if textLen(ew) > limit {
			ew = clipEscaped(w, limit)
		}
		if cur.Len() > 0 && textLen(cur.String())+textLen(ew) > limit {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
		cur.WriteString(ew)
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// PostEdition implements bot.Platform: the first message goes to the
// channel and the rest continue in its thread, in order, from part
// post.From. Each part's reference is "CHANNEL/ts". Errors are classified
// for the delivery worker (see deliveryError).
func (a *Adapter) PostEdition(ctx context.Context, post bot.EditionPost, sent func(part int, ref string) error) error {
	msgs := editionMessages(post.Edition)
	channel, first := post.ChannelID, ""
	if post.From > 0 {
		ch, ts, err := parseCardRef(post.FirstRef)
		if err != nil {
			return &bot.PermanentError{Reason: "cannot resume: the first message's reference is lost", Err: err}
		}
		channel, first = ch, ts
	}
	for i := post.From; i < len(msgs); i++ {
		opts := append(postOptions(msgs[i]), slackgo.MsgOptionMetadata(partMetadata(post, i)))
		if i > 0 {
			opts = append(opts, slackgo.MsgOptionTS(first))
		}
		ch, ts, err := a.api.PostMessageContext(ctx, channel, opts...)
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
