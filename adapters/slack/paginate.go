package slack

import (
	"fmt"

	slackgo "github.com/slack-go/slack"
)

// blockText is the text a block holds, as Slack counts it toward a
// message's total.
func blockText(b slackgo.Block) int {
	n := 0
	add := func(t *slackgo.TextBlockObject) {
		if t != nil {
			n += textLen(t.Text)
		}
	}
	switch b := b.(type) {
	case *slackgo.SectionBlock:
		add(b.Text)
		for _, f := range b.Fields {
			add(f)
		}
	case *slackgo.HeaderBlock:
		add(b.Text)
	case *slackgo.ContextBlock:
		for _, e := range b.ContextElements.Elements {
			if t, ok := e.(*slackgo.TextBlockObject); ok {
				add(t)
			}
		}
	case *slackgo.ActionBlock:
		for _, e := range b.Elements.ElementSet {
			if btn, ok := e.(*slackgo.ButtonBlockElement); ok {
				add(btn.Text)
			}
		}
	}
	return n
}

// unit is blocks that must stay together in one message: a story, or a
// sector heading with its first story. carry is repeated at the top of a
// message that the unit opens, other than the first one (the sector
// heading, "continued").
type unit struct {
	blocks []slackgo.Block
	carry  []slackgo.Block
}

func (u unit) size() (blocks, text int) { return len(u.blocks), blocksText(u.blocks) }

// blocksText is the text blocks hold, as Slack counts it toward a
// message's total.
func blocksText(blocks []slackgo.Block) int {
	n := 0
	for _, b := range blocks {
		n += blockText(b)
	}
	return n
}

// Room kept in every message after the first for its "continued" line.
const (
	contRoom = 1
	contText = 300
)

// paginate packs units, in order, into as few messages as Slack's limits
// allow, never splitting a unit that fits a message. Every message after
// the first begins with a context line naming title ("… — continued (2
// of 3)"), for which room is kept. A unit too big for any message (an
// imported story's text has no limit) continues over as many as it needs,
// its carry repeated at the top of each.
func paginate(units []unit, title string) [][]slackgo.Block {
	var pages [][]slackgo.Block
	var cur []slackgo.Block
	curText := 0
	for _, u := range splitOversized(units) {
		nb, nt := u.size()
		room, textRoom := maxBlocks, maxMessageText
		if len(pages) > 0 {
			room, textRoom = maxBlocks-contRoom, maxMessageText-contText
		}
		if len(cur) > 0 && (len(cur)+nb > room || curText+nt > textRoom) {
			pages = append(pages, cur)
			cur, curText = nil, 0
		}
		if len(cur) == 0 && len(pages) > 0 && len(u.carry) > 0 {
			cur = append(cur, u.carry...)
			curText += blocksText(u.carry)
		}
		cur = append(cur, u.blocks...)
		curText += nt
	}
	if len(cur) > 0 {
		pages = append(pages, cur)
	}
	for i := 1; i < len(pages); i++ {
		cont := contextLine(fmt.Sprintf("%s — continued (%d of %d)", clipEscaped(title, 200), i+1, len(pages)))
		pages[i] = append([]slackgo.Block{cont}, pages[i]...)
	}
	return pages
}

// splitOversized splits each unit too big for a message of its own, with
// its carry and a "continued" line, into units that fit, between blocks.
// Each block is within maxText, so every part holds at least one.
func splitOversized(units []unit) []unit {
	var out []unit
	for _, u := range units {
		blockRoom := maxBlocks - contRoom - len(u.carry)
		textRoom := maxMessageText - contText - blocksText(u.carry)
		if nb, nt := u.size(); nb <= blockRoom && nt <= textRoom {
			out = append(out, u)
			continue
		}
		part, partText := unit{carry: u.carry}, 0
		for _, b := range u.blocks {
			bt := blockText(b)
			if len(part.blocks) > 0 && (len(part.blocks) >= blockRoom || partText+bt > textRoom) {
				out = append(out, part)
				part, partText = unit{carry: u.carry}, 0
			}
			part.blocks = append(part.blocks, b)
			partText += bt
		}
		out = append(out, part)
	}
	return out
}
