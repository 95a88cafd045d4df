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
			t, _ := e.(*slackgo.TextBlockObject) // nil, which add skips, for an image
			add(t)
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
// sector heading with its first story. carry (the heading, "continued")
// heads a later message that the unit opens.
type unit struct {
	blocks []slackgo.Block
	carry  []slackgo.Block
}

// blocksRoom is what blocks take of a message: their number and text.
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

// part is one block of a unit, with the unit's carry.
type part struct {
	block slackgo.Block
	carry []slackgo.Block
}

// pagedMessages packs units, in order, into as few messages (notified as
// text) as Slack's limits allow (digest.Pager), splitting no unit that
// fits one; a later one begins "title — continued (2 of 3)". A unit too
// big for any (an imported story's text has no limit) continues over as
// many as it needs, between blocks, under its carry each time.
func pagedMessages(title, text string, units []unit) []message {
	var parts []part
	var joined []bool
	for _, u := range units {
		for i, b := range u.blocks {
			parts, joined = append(parts, part{block: b, carry: u.carry}), append(joined, i > 0)
		}
	}
	pager := digest.Pager[part]{
		Size:   func(p part) digest.Room { return digest.Room{Items: 1, Text: blockText(p.block)} },
		First:  digest.Room{Items: maxBlocks, Text: maxMessageText},
		Later:  digest.Room{Items: maxBlocks - contRoom, Text: maxMessageText - contText},
		Head:   func(p part) digest.Room { return blocksRoom(p.carry) },
		Joined: joined,
	}
	packed := pager.Pack(parts)
	msgs := make([]message, len(packed))
	for i, page := range packed {
		msgs[i].Text = text
		if i > 0 {
			cont := contextLine(fmt.Sprintf("%s — continued (%d of %d)", clipEscaped(title, 200), i+1, len(packed)))
			msgs[i].Blocks = append([]slackgo.Block{cont}, page[0].carry...)
		}
		for _, p := range page {
			msgs[i].Blocks = append(msgs[i].Blocks, p.block)
		}
	}
	return msgs
}
