package feeds

import (
	"errors"
	"net/url"
	"testing"
)

// TestNoEntryReadReasons: a feed whose entries gofeed reads none of, in a
// namespace that is no misspelling of its format's, fails with a sentence
// that names their namespace, for RSS as for Atom, with one entry as with
// several.
func TestNoEntryReadReasons(t *testing.T) {
	feedURL, _ := url.Parse("https://x.example/feed")
	for name, tt := range map[string]struct{ body, reason string }{
		"rss items with a prefix": {
			`<rss version="2.0" xmlns:n="urn:example:news"><channel><title>T</title>` +
				`<n:item><title>Councils share a chief executive</title><link>https://x.example/1</link></n:item>` +
				`<n:item><title>Fire services merge</title><link>https://x.example/2</link></n:item></channel></rss>`,
			`not a feed that can be read: its 2 entries are in the XML namespace "urn:example:news", and RSS items are in none`},
		"one atom entry": {
			`<feed xmlns="urn:example:not-atom"><title>T</title>` +
				`<entry><title>Councils share a chief executive</title><link href="https://x.example/1"/><id>urn:1</id></entry></feed>`,
			`not a feed that can be read: its one entry is in the XML namespace "urn:example:not-atom", not Atom's (http://www.w3.org/2005/Atom)`},
	} {
		_, err := parseXMLFeed([]byte(tt.body), "application/xml", feedURL)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Reason != tt.reason {
			t.Errorf("%s: %v; want %q", name, err, tt.reason)
		}
	}
}
