package feeds

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// withoutLinkLists returns an entry's HTML without its lists of links:
// lists (ul, ol) every item of which is one or more links and nothing
// else. Publishers put them in descriptions as navigation, not as the
// story ("Russia-Ukraine war: latest updates", "See all our coronavirus
// coverage", a block of related headlines); as plain text they run into
// the summary's sentences. A list with any other text (a list of points,
// a roundup whose items say something besides their link) is kept, as is
// everything when the links are all there is (the caller checks that).
func withoutLinkLists(s string) string {
	if !containsListTag(s) {
		return s
	}
	var (
		b       strings.Builder
		at      int // bytes of s read by the tokenizer
		kept    int // bytes of s up to which b holds what is kept
		depth   int // lists open, the outermost counted
		start   int // where the outermost open list starts in s
		links   int // <a> elements open
		inItem  bool
		hasLink bool // the current item has link text
		other   bool // the list has text outside links, or an item without link text
		items   int
	)
	endItem := func() {
		if inItem {
			if !hasLink {
				other = true
			}
			items++
		}
		inItem, hasLink = false, false
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		from := at
		at += len(z.Raw())
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Ul, atom.Ol:
				if tt == html.SelfClosingTagToken {
					continue
				}
				if depth == 0 {
					start, links, items, other = from, 0, 0, false
					inItem, hasLink = false, false
				}
				depth++
			case atom.Li:
				if depth == 1 {
					endItem()
					inItem = true
				}
			case atom.A:
				if depth > 0 && tt == html.StartTagToken {
					links++
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Ul, atom.Ol:
				if depth == 0 {
					continue
				}
				depth--
				if depth > 0 {
					continue
				}
				endItem()
				if !other && items > 0 {
					b.WriteString(s[kept:start])
					b.WriteByte(' ')
					kept = at
				}
			case atom.Li:
				if depth == 1 {
					endItem()
				}
			case atom.A:
				if links > 0 {
					links--
				}
			}
		case html.TextToken:
			if depth == 0 || strings.TrimSpace(html.UnescapeString(string(z.Text()))) == "" {
				continue
			}
			switch {
			case links == 0 || !inItem && depth == 1:
				other = true
			default:
				hasLink = true
			}
		}
	}
	if kept == 0 {
		return s
	}
	b.WriteString(s[kept:])
	return b.String()
}

// containsListTag reports whether s may hold a list: "<ul" or "<ol" in
// any case.
func containsListTag(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+2 < len(s); {
		if c, d := s[i+1]|0x20, s[i+2]|0x20; (c == 'u' || c == 'o') && d == 'l' {
			return true
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}
