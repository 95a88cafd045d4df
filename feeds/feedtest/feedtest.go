// Package feedtest generates hostile feeds for tests and for the memory
// harness (cmd/feedbench -attacks): documents that are small on the wire
// but would make a feed parser build a tree many times their size. They
// are generated, not committed, and each is a well-formed RSS feed with one
// ordinary item, so that only its shape is at fault.
package feedtest

import (
	"bytes"
	"fmt"
)

// Attack is one hostile feed.
type Attack struct {
	Name string // short, for a URL path and a table
	What string // one line: what the feed is
	Body []byte
}

const (
	channelHead = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:x="urn:example:x"><channel><title>Hostile feed</title><link>https://hostile.example/</link>
`
	channelTail = "</channel></rss>\n"
	// The one ordinary item, up to where its description would be and
	// from where it would end.
	itemHead = channelHead + `<item><title>An ordinary story about shared services</title><link>https://hostile.example/story</link>`
	itemTail = "</item>" + channelTail
)

// framed is an attack whose body is head, what fill writes, and tail;
// size is roughly how long it will be. With itemHead and itemTail, fill
// writes in place of the one ordinary item's description; with
// channelHead and channelTail, it writes the channel's items.
func framed(head, tail, name, what string, size int, fill func(b *bytes.Buffer)) Attack {
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString(head)
	fill(&b)
	b.WriteString(tail)
	return Attack{Name: name, What: what, Body: b.Bytes()}
}

// Nested is a feed of about size bytes whose one item holds elements
// nested inside each other as deep as the size allows (<x:a><x:a>…), in a
// namespace, so that the parser keeps each level as an extension element.
func Nested(size int) Attack {
	levels := max(0, (size-len(itemHead)-len(itemTail)-2*len("<description></description>"))/len("<x:a></x:a>"))
	return framed(itemHead, itemTail, fmt.Sprintf("nested-%d", size), fmt.Sprintf("%d elements nested inside each other", levels), size, func(b *bytes.Buffer) {
		for range levels {
			b.WriteString("<x:a>")
		}
		for range levels {
			b.WriteString("</x:a>")
		}
	})
}

// Namespaced is a feed whose one item holds n empty elements in a
// namespace (<x:e/>), side by side.
func Namespaced(n int) Attack {
	return framed(itemHead, itemTail, fmt.Sprintf("namespaced-%d", n), fmt.Sprintf("%d empty namespaced elements side by side", n), len(itemHead)+len(itemTail)+6*n, func(b *bytes.Buffer) {
		for range n {
			b.WriteString("<x:e/>")
		}
	})
}

// Attributes is a feed whose one item holds n namespaced elements of
// three attributes each.
func Attributes(n int) Attack {
	return framed(itemHead, itemTail, fmt.Sprintf("attributes-%d", n), fmt.Sprintf("%d namespaced elements of 3 attributes", n), 0, func(b *bytes.Buffer) {
		for i := range n {
			fmt.Fprintf(b, `<x:e%d a="1" b="2" c="3"/>`, i%100)
		}
	})
}

// Items is a feed of n items, each with a title and a link: a whole
// archive in one feed.
func Items(n int) Attack {
	return framed(channelHead, channelTail, fmt.Sprintf("items-%d", n), fmt.Sprintf("%d items", n), 0, func(b *bytes.Buffer) {
		for i := range n {
			fmt.Fprintf(b, "<item><title>Story %d of a long archive</title><link>https://hostile.example/%d</link></item>\n", i, i)
		}
	})
}

// Chains is a feed whose one item holds n namespaced elements in chains
// nested depth deep: as much tree as a parser can be made to build within
// a limit on depth and on elements.
func Chains(depth, n int) Attack {
	return framed(itemHead, itemTail, fmt.Sprintf("chains-%dx%d", depth, n), fmt.Sprintf("%d namespaced elements with an attribute, in chains %d deep", n, depth), 0, func(b *bytes.Buffer) {
		for left := n; left > 0; left -= depth {
			d := min(depth, left)
			for range d {
				b.WriteString(`<x:a k="v">`)
			}
			for range d {
				b.WriteString("</x:a>")
			}
		}
	})
}

// Bulky is a feed of n items whose descriptions make it about size bytes:
// a large feed of ordinary shape.
func Bulky(n, size int) Attack {
	para := "<p>Councils across the region agree to share services, with savings expected for residents &amp; staff.</p>"
	per := max(1, size/n/len(para))
	return framed(channelHead, channelTail, fmt.Sprintf("bulky-%d", n), fmt.Sprintf("%d items of long descriptions", n), size+n*200, func(b *bytes.Buffer) {
		for i := range n {
			fmt.Fprintf(b, "<item><title>Story %d about shared services</title><link>https://hostile.example/%d</link><description><![CDATA[", i, i)
			for range per {
				b.WriteString(para)
			}
			b.WriteString("]]></description></item>\n")
		}
	})
}

// StrayLessThan is a feed of about size bytes whose one item's description
// is "<" after "<": each is text the feed forgot to escape, which the
// newswire escapes (four bytes for one) before the parser reads it.
func StrayLessThan(size int) Attack {
	n := max(0, size-len(itemHead)-len(itemTail)-len("<description></description>"))
	return framed(itemHead, itemTail, fmt.Sprintf("stray-lt-%d", n), fmt.Sprintf("%d unescaped '<' in a description", n), size, func(b *bytes.Buffer) {
		b.WriteString("<description>")
		for range n {
			b.WriteByte('<')
		}
		b.WriteString("</description>")
	})
}

// LongDate is a feed of about size bytes whose one item's pubDate is
// most of it ("1 1 1 …"): each date layout a parser tries and fails on
// copies the whole text.
func LongDate(size int) Attack {
	n := max(0, size-len(itemHead)-len(itemTail)-len("<pubDate></pubDate>")) / 2
	return framed(itemHead, itemTail, fmt.Sprintf("long-date-%d", 2*n), fmt.Sprintf("a pubDate of %d bytes", 2*n), size, func(b *bytes.Buffer) {
		b.WriteString("<pubDate>")
		for range n {
			b.WriteString("1 ")
		}
		b.WriteString("</pubDate>")
	})
}

// JSON Feed frames: a feed with one ordinary item, and the feed's and the
// item's places for a list of what fill writes.
const (
	jsonHead     = `{"version":"https://jsonfeed.org/version/1.1","title":"Hostile feed","home_page_url":"https://hostile.example/",`
	jsonItemHead = jsonHead + `"items":[{"id":"1","url":"https://hostile.example/story","title":"An ordinary story about shared services",`
	jsonItemTail = "]}]}\n"
)

// JSONList is a JSON Feed of about size bytes whose one item's member
// (such as "attachments" or "tags") lists unit, separated by commas, as
// often as the size allows: each small on the wire ("{}" is two bytes)
// but a value, and a struct or string, to a decoder. With member
// "authors" and feedLevel, the list is the feed's own, before its items.
func JSONList(member, unit string, feedLevel bool, size int) Attack {
	head, tail := jsonItemHead, jsonItemTail
	if feedLevel {
		head = jsonHead
		tail = `],"items":[{"id":"1","url":"https://hostile.example/story","title":"An ordinary story about shared services"}]}` + "\n"
	}
	head += `"` + member + `":[`
	n := max(1, (size-len(head)-len(tail))/(len(unit)+1))
	where := "its one item's"
	if feedLevel {
		where = "the feed's"
	}
	return framed(head, tail, fmt.Sprintf("json-%s-%d", member, n), fmt.Sprintf("a JSON Feed whose %s %q lists %d of %s", where, member, n, unit), size, func(b *bytes.Buffer) {
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(unit)
		}
	})
}
