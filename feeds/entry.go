package feeds

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/sharednews/sharednews/digest"
)

// Limits on what one entry may put in a story.
const (
	maxHeadlineRunes = 300  // as for a member's edit of a headline
	fallbackHeadline = 120  // a headline made from the summary, for entries without a title
	maxFilterRunes   = 8000 // of the summary, for matching include/exclude phrases
)

// entryContext is what turning one feed's entries into stories needs.
type entryContext struct {
	base         *url.URL // relative links resolve against it
	source       string   // publisher name
	summaryChars int
	fetchedAt    time.Time
}

// newEntryContext works out the base URL of a feed's links: gofeed has
// already applied xml:base; what is still relative resolves against the
// channel (or Atom feed) link, and failing that against the feed's own URL.
func newEntryContext(feed *parsedFeed, feedURL *url.URL, source string, summaryChars int, fetchedAt time.Time) entryContext {
	base := feedURL
	if link := strings.TrimSpace(feed.Link); link != "" {
		if u, err := resolve(feedURL, link); err == nil && isWebURL(u) {
			base = u
		}
	}
	if base != nil && base.User != nil {
		// A feed behind basic authentication (https://user:pw@host/feed):
		// its relative links are to the site, not to its password.
		stripped := *base
		stripped.User = nil
		base = &stripped
	}
	return entryContext{base: base, source: source, summaryChars: summaryChars, fetchedAt: fetchedAt}
}

// entry is one feed entry as a story, before filters and sector suggestion.
type entry struct {
	story     digest.Story
	guid      string
	publisher string // the publisher the entry names, "" if none
	// headline and summary are the entry's text before shortening, for
	// include/exclude phrases (filterText).
	headline, summary string
	// badDate is the date the entry gave that could not be read, or
	// that was too far ahead or before 1971 to be believed, when the time
	// of fetching stands in for it; "" otherwise.
	badDate string
}

// toEntry turns a feed item, with what gofeed did not keep of it, into a
// story. ok is false when the item has no link that canonicalises to an
// http(s) URL: a story without one cannot be read, shared or
// de-duplicated.
func (ec entryContext) toEntry(item *gofeed.Item, extras itemExtras) (entry, bool) {
	if item == nil {
		return entry{}, false
	}
	link, ok := ec.link(item, extras)
	if !ok {
		return entry{}, false
	}
	headline := unlessReferencesOnly(textOf(item.Title, extras.title))
	if headline == "" {
		headline = mediaText(item, "title")
	}
	// The summary is the description, else the content, else Media
	// RSS's description: the first that says more than the headline.
	// Feeds whose description only repeats the title often have the
	// story's text in their content.
	summary := unlessReferencesOnly(summaryOf(item.Description, extras.description))
	if summary == "" || summary == headline {
		summary = unlessReferencesOnly(summaryOf(item.Content, extras.content))
	}
	if summary == "" || summary == headline {
		summary = mediaText(item, "description")
	}
	if summary == headline {
		summary = ""
	}
	if headline == "" {
		headline = untitledHeadline(summary, link)
	}
	published, badDate := ec.published(item, extras)
	return entry{
		badDate: badDate,
		story: digest.Story{
			URL:         link,
			Headline:    digest.Shorten(headline, maxHeadlineRunes),
			Summary:     digest.Shorten(summary, ec.summaryChars),
			Source:      ec.source,
			PublishedAt: published,
			CreatedAt:   ec.fetchedAt,
		},
		guid:      strings.TrimSpace(item.GUID),
		publisher: plainText(extras.publisher),
		headline:  headline,
		summary:   summary,
	}, true
}

// filterText is the text include and exclude phrases are looked for in:
// the headline and the full summary. Built only for a feed with phrases
// (most have none, and the pass would copy every entry's text for nothing).
func (e entry) filterText() string {
	return e.headline + " \n " + digest.Shorten(e.summary, maxFilterRunes)
}

// link returns the item's canonical URL. FeedBurner's original link wins
// over its redirecting proxy link; then the item's link (the Atom
// rel="alternate" one, which webPageLink picks), any other link, an
// alternate <atom:link> in an RSS item, and last the GUID when it is a web
// address (Atom IDs and RSS GUIDs often are), or an RSS permalink GUID
// written as a path relative to the feed (relativePermalink), resolved as
// a relative link is. An entry with none of those
// is linked to its media, when it has some: a podcast's episode that has
// only its <enclosure>, a video feed's media:content, a JSON Feed
// attachment. Its media is the story, and leaving it out would lose it
// without a word.
func (ec entryContext) link(item *gofeed.Item, extras itemExtras) (string, bool) {
	candidates := []string{extension(item, "feedburner", "origLink"), item.Link}
	candidates = append(candidates, item.Links...)
	for _, l := range item.Extensions["atom"]["link"] {
		if isAlternate(l.Attrs["rel"]) {
			candidates = append(candidates, l.Attrs["href"])
		}
	}
	guid := len(candidates)
	candidates = append(candidates, item.GUID)
	candidates = append(candidates, mediaLinks(item)...)
	for i, c := range candidates {
		c = withWebScheme(withoutEscapedAmpersands(withSlashes(withoutTabsAndNewlines(strings.TrimSpace(withoutInvisibles(c))))))
		if c == "" {
			continue
		}
		u, err := resolve(ec.base, c)
		if err != nil || !isWebURL(u) {
			continue
		}
		if i == guid && !isAbsoluteWebURL(c) && !(extras.permalinkGUID && relativePermalink(c)) {
			continue // a relative-looking GUID is an ID, not a path
		}
		if canonical, err := digest.Canonicalize(u.String()); err == nil {
			return canonical, true
		}
	}
	return "", false
}

// relativePermalink reports whether a GUID that is not an absolute web
// address, in an item that says it is a permalink (or, leaving
// isPermaLink out, lets RSS 2.0 say so), is written as a path or a query
// relative to the feed ("/news/2027/budget", "2027/roads", "item.php?id=12"),
// as a CMS that writes its links relative writes its GUIDs: the item's
// page, to be resolved as a relative <link> is. A GUID without "/" or "?"
// ("48213", "post-17") is an ID whatever the attribute says: most
// generators leave isPermaLink out of every GUID, and resolved, such a
// word would be a page on the feed's site that does not exist.
func relativePermalink(guid string) bool {
	return strings.ContainsAny(guid, "/?") && !strings.ContainsAny(guid, " \t")
}

// published is when the source published the item: its published date
// (RSS pubDate, Atom published or 0.3 issued, dc:date), else the first of
// dcterms:issued, dcterms:created and Atom 0.3's created, else its updated
// date (Atom updated or 0.3 modified, dcterms:modified), read with
// parseDate where gofeed could not, where it may have taken a zone
// written as a word for UTC (zoneMisread: "MEST") or where it may have
// read a date in figures month first, else the time it was
// fetched. A date
// more than a day ahead of the fetch is a mistake in the feed and becomes
// the fetch time too, so it cannot float at the top of every list. bad is
// the first date the item gave that was not used, when the fetch time
// stands in: the caller says so, rather than dating a story wrongly
// without a word.
func (ec entryContext) published(item *gofeed.Item, extras itemExtras) (t time.Time, bad string) {
	for _, d := range []struct {
		parsed *time.Time
		text   string
	}{
		{item.PublishedParsed, item.Published},
		{nil, extension(item, "dcterms", "issued")},
		{nil, extension(item, "dcterms", "created")},
		{nil, extras.created},
		{item.UpdatedParsed, item.Updated},
		{nil, extension(item, "dcterms", "modified")},
	} {
		t := d.parsed
		// gofeed reads a date in figures day first when it has no time,
		// but month first ("05/11/2026 9:30 AM": 11 May) or as a year
		// first ("16/11/26 09:30": 2016) with some clocks; UK feeds
		// write the day first, which parseDate reads (dateInFigures).
		if t == nil || zoneMisread(d.text) || strings.IndexByte(d.text, '/') >= 0 {
			if p, ok := parseDate(d.text); ok {
				t = &p
			}
		}
		if t != nil && t.Year() > 1970 && !t.After(ec.fetchedAt.Add(24*time.Hour)) {
			return t.UTC(), ""
		}
		if text := strings.TrimSpace(d.text); bad == "" && text != "" {
			bad = text
		} else if bad == "" && t != nil {
			bad = t.Format(time.RFC3339)
		}
	}
	return ec.fetchedAt, bad
}

// withoutTabsAndNewlines removes the tabs and line breaks inside a link,
// as browsers do (the WHATWG URL Standard removes every ASCII tab and
// newline before parsing), and with a line break the spaces around it,
// which indent the link's next line: feeds written by hand or by templates
// break a long link over lines, and url.Parse refuses it as it stands.
func withoutTabsAndNewlines(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexAny(s, "\t\n\r")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		if s[i] == '\t' {
			b.WriteString(s[:i])
			s = s[i+1:]
			continue
		}
		b.WriteString(strings.TrimRight(s[:i], " \t"))
		s = strings.TrimLeft(s[i:], " \t\r\n")
	}
}

// withoutInvisibles removes the characters that are never seen and never
// part of a web address (a zero-width space, a soft hyphen, a word joiner,
// a byte order mark, the marks and isolates of text direction), which a
// CMS or a word processor leaves in a link pasted into it: kept, they are
// percent-encoded into the path ("%E2%80%8B") and the link is to a page
// that does not exist, or, around the scheme, to nothing at all. They are
// those digest.Unprintable removes from text, but for the controls, which
// withoutTabsAndNewlines reads or url.Parse refuses, and U+FFFD; the
// joiners that spell words in some scripts (U+200C, U+200D) are kept.
func withoutInvisibles(s string) string {
	if strings.IndexFunc(s, invisibleInLink) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if invisibleInLink(r) {
			return -1
		}
		return r
	}, s)
}

// invisibleInLink reports whether withoutInvisibles removes r.
func invisibleInLink(r rune) bool {
	return r >= 0x80 && r != utf8.RuneError && !unicode.IsControl(r) && digest.Unprintable(r)
}

// withSlashes turns the backslashes before a link's query into slashes,
// as browsers read an http(s) link (the WHATWG URL Standard: a backslash
// is a path separator there, and a validation error): a council CMS on
// Windows writes "https://www.council.example\news\1", which every
// browser opens as ".../news/1", and url.Parse refuses its host. A link
// with another scheme is left as it is, and so is a query, where a
// backslash is data.
func withSlashes(s string) string {
	end := len(s)
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		end = i
	}
	if !strings.Contains(s[:end], "\\") {
		return s
	}
	if colon := strings.IndexByte(s[:end], ':'); colon >= 0 {
		if scheme := strings.ToLower(s[:colon]); scheme != "http" && scheme != "https" && !strings.ContainsAny(scheme, "/\\") {
			return s
		}
	}
	return strings.ReplaceAll(s[:end], "\\", "/") + s[end:]
}

// withWebScheme gives "http://" to a link written without its scheme
// whose host name starts "www." ("www.council.gov.uk/news/1"), as people
// type links into the feeds they keep by hand: as it stands it is a path,
// and would resolve to a page on the feed's own site that does not exist.
// No site's path starts with a segment like that. http:// is what browsers
// and the archive's importer assume; a site on https redirects from it.
func withWebScheme(s string) string {
	if len(s) < 4 || !strings.EqualFold(s[:4], "www.") {
		return s
	}
	host := s
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		host = s[:i]
	}
	if name := host[4:]; name == "" || name[0] == '.' || !strings.Contains(name, ".") {
		return s // "www.html", "www..": a file's name, not a host's
	}
	return "http://" + s
}

// withoutEscapedAmpersands turns the "&amp;" (or "&#38;", "&#x26;") left
// in a link whose "&" a feed escaped twice, or escaped inside CDATA as
// content management systems do, back into "&": as it stands the server
// would get a parameter "amp;id" instead of "id", and the story a link to
// another page. No link means "&amp;" itself; only these references, with
// their ";", are read, so a parameter such as "&copy=2" stays as it is.
func withoutEscapedAmpersands(s string) string {
	for range 3 {
		if !strings.Contains(s, "&") {
			return s
		}
		t := ampersandRefs.Replace(s)
		if t == s {
			return s
		}
		s = t
	}
	return s
}

var ampersandRefs = strings.NewReplacer("&amp;", "&", "&AMP;", "&", "&#38;", "&", "&#x26;", "&", "&#X26;", "&")

// extension returns the first value of a feed extension element, such as
// feedburner:origLink.
func extension(item *gofeed.Item, prefix, name string) string {
	if item.Extensions == nil {
		return ""
	}
	if els := item.Extensions[prefix][name]; len(els) > 0 {
		return els[0].Value
	}
	return ""
}

// mediaText returns the text of an entry's Media RSS element (media:title,
// media:description), on the entry itself or in its media:group: where
// video and photo feeds put the text they have. Its type attribute says
// whether it is "plain" text (the default) or "html".
func mediaText(item *gofeed.Item, name string) string {
	media := item.Extensions["media"]
	els := media[name]
	for _, g := range media["group"] {
		els = append(els, g.Children[name]...)
	}
	for _, el := range els {
		var text string
		if strings.EqualFold(strings.TrimSpace(el.Attrs["type"]), "html") {
			text = summaryText(el.Value)
		} else {
			text = literalText(el.Value)
		}
		if text != "" {
			return text
		}
	}
	return ""
}

// mediaLinks returns the addresses of an entry's media, in the order a
// reader would offer them: its enclosures (RSS <enclosure>, Atom
// rel="enclosure" links, JSON Feed attachments, as gofeed gathers them),
// then Media RSS's media:content, on the entry itself or in its
// media:group.
func mediaLinks(item *gofeed.Item) []string {
	var out []string
	for _, e := range item.Enclosures {
		if e != nil {
			out = append(out, e.URL)
		}
	}
	media := item.Extensions["media"]
	contents := media["content"]
	for _, g := range media["group"] {
		contents = append(contents, g.Children["content"]...)
	}
	for _, c := range contents {
		out = append(out, c.Attrs["url"])
	}
	return out
}

// resolve resolves ref against base (nil: ref must be absolute).
func resolve(base *url.URL, ref string) (*url.URL, error) {
	if base == nil {
		return url.Parse(ref)
	}
	return base.Parse(ref)
}

func isWebURL(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isAbsoluteWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && isWebURL(u)
}

// referencesOnly matches text that is nothing but references to named
// entities, which are left as written only when nothing could expand
// them.
var referencesOnly = regexp.MustCompile(`^(\s*&[A-Za-z_][\w.:-]*;)+\s*$`)

// unlessReferencesOnly returns s, or "" when s is nothing but references
// to entities that were not expanded ("&lol9;"): those of a feed's own
// DTD, which are never expanded, as a "billion laughs" of ten entities
// of ten references each would expand to gigabytes, and stay literal in
// text. Alone, such a name is no one's words, and no headline.
func unlessReferencesOnly(s string) string {
	if strings.HasPrefix(strings.TrimSpace(s), "&") && referencesOnly.MatchString(s) {
		return ""
	}
	return s
}
