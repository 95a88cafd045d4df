package slack

import (
	"fmt"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/digest"
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

// blocksRoom is what blocks take of a message: their number, and the
// text they hold as Slack counts it toward a message's total.
func blocksRoom(blocks []slackgo.Block) digest.Room {
	r := digest.Room{Items: len(blocks)}
	for _, b := range blocks {
		r.Text += blockText(b)
	}
	return r
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
	pager := digest.Pager[unit]{
		Size:  func(u unit) digest.Room { return blocksRoom(u.blocks) },
		First: digest.Room{Items: maxBlocks, Text: maxMessageText},
		Later: digest.Room{Items: maxBlocks - contRoom, Text: maxMessageText - contText},
		Head:  func(u unit) digest.Room { return blocksRoom(u.carry) },
	}
	packed := pager.Pack(splitOversized(units))
	pages := make([][]slackgo.Block, len(packed))
	for i, page := range packed {
		if i > 0 {
			cont := contextLine(fmt.Sprintf("%s — continued (%d of %d)", clipEscaped(title, 200), i+1, len(packed)))
			pages[i] = append([]slackgo.Block{cont}, page[0].carry...)
		}
		for _, u := range page {
			pages[i] = append(pages[i], u.blocks...)
		}
	}
	return pages
}

// splitOversized splits each unit too big for a message of its own, with
// its carry and a "continued" line, into units that fit, between blocks.
// Each block is within maxText, so every part holds at least one.
func splitOversized(units []unit) []unit {
	var out []unit
	for _, u := range units {
		carry := blocksRoom(u.carry)
		pager := digest.Pager[slackgo.Block]{
			Size:  func(b slackgo.Block) digest.Room { return digest.Room{Items: 1, Text: blockText(b)} },
			First: digest.Room{Items: maxBlocks - contRoom - carry.Items, Text: maxMessageText - contText - carry.Text},
		}
		if blocksRoom(u.blocks).Within(pager.First) {
			out = append(out, u)
			continue
		}
		for _, part := range pager.Pack(u.blocks) {
			out = append(out, unit{blocks: part, carry: u.carry})
		}
	}
	return out
}
