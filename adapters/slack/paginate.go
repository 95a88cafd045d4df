package slack

import slackgo "github.com/slack-go/slack"

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

func (u unit) size() (blocks, text int) {
	for _, b := range u.blocks {
		text += blockText(b)
	}
	return len(u.blocks), text
}

// paginate packs units, in order, into as few messages as Slack's limits
// allow, never splitting a unit. Every message after the first begins with
// the block cont returns for it (a "continued" line), for which room is
// kept. A unit too big for any message still gets a message of its own.
func paginate(units []unit, cont func(part, parts int) slackgo.Block) [][]slackgo.Block {
	const contRoom = 1
	const contText = 300
	var pages [][]slackgo.Block
	var cur []slackgo.Block
	curText := 0
	for _, u := range units {
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
			for _, b := range u.carry {
				curText += blockText(b)
			}
		}
		cur = append(cur, u.blocks...)
		curText += nt
	}
	if len(cur) > 0 {
		pages = append(pages, cur)
	}
	for i := 1; i < len(pages); i++ {
		pages[i] = append([]slackgo.Block{cont(i+1, len(pages))}, pages[i]...)
	}
	return pages
}
