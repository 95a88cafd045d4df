package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sharednews/sharednews/store"
)

// entriesPerFeedPage is how many editions one page of the feed holds: ten
// weeks, as blogs' feeds usually hold ten posts. Feed readers read the
// first page; RFC 5005 "next" links page through the rest.
const entriesPerFeedPage = 10

// feedNamespace makes the archive's urn:uuid ids (UUID version 5 names in
// it). Never change it: every id derives from it.
var feedNamespace = uuid.MustParse("6f1c3f0e-6b0a-4c55-9a8e-2f5b0c1d7e41")

// feedID is the feed's id, from the site's permanent identity, so that it
// survives a move to a new address (a tag: URI would carry the old host).
func feedID(siteIdentity string) string {
	return "urn:uuid:" + uuid.NewSHA1(feedNamespace, []byte("feed:"+siteIdentity)).String()
}

// entryID is an edition's id: from the feed's and the edition's database
// id, which, unlike its number, never changes.
func (a *Archive) entryID(editionID int64) string {
	return "urn:uuid:" + uuid.NewSHA1(uuid.MustParse(a.feedID[len("urn:uuid:"):]), []byte("edition:"+strconv.FormatInt(editionID, 10))).String()
}

// The Atom 1.0 document (RFC 4287), as encoding/xml writes it.
type atomFeed struct {
	XMLName   xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Links     []atomLink `xml:"link"`
	Author    atomPerson `xml:"author"`
	Generator string     `xml:"generator"`
	// The feed's <entry> elements (atomEntry), each encoded once by
	// feedEntry and kept with its edition, are spliced in after these.
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Updated   string      `xml:"updated"`
	Published string      `xml:"published"`
	Links     []atomLink  `xml:"link"`
	Summary   string      `xml:"summary,omitempty"`
	Content   atomContent `xml:"content"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feed is /feed.atom: the newest editions first, each in full.
func (a *Archive) feed(w http.ResponseWriter, r *http.Request) {
	p, ok := a.publishedPage(w, r, entriesPerFeedPage, a.site.FeedURL)
	if !ok {
		return
	}
	entries, size, err := a.feedEntries(r.Context(), p.list)
	for tries := 1; errors.As(err, new(*renumberedError)) && tries < feedTries; tries++ {
		// An import put an older edition before the one listed, between
		// the list and its entry: the editions are listed again, at the
		// archive's version now, rather than the reader told that
		// something went wrong.
		if p, err = a.listAgain(r.Context(), p, entriesPerFeedPage); err == nil {
			entries, size, err = a.feedEntries(r.Context(), p.list)
		}
	}
	if err != nil {
		a.serverError(w, r, "load the feed's editions", err)
		return
	}
	n, pages, v := p.n, p.pages, p.v
	at := func(p int) string { return a.link("/feed.atom", pageQuery(p)) }
	f := atomFeed{
		ID:        a.feedID,
		Title:     a.name,
		Updated:   atomTime(v.changed), // not lastModified: the page is kept as written
		Author:    atomPerson{Name: a.name, URI: a.site.HomeURL},
		Generator: "Shared News",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: at(n)},
			{Rel: "alternate", Type: "text/html", Href: a.site.HomeURL},
		},
	}
	// RFC 5005 paging, so a reader can fetch every edition.
	if pages > 1 {
		f.Links = append(f.Links, atomLink{Rel: "first", Href: at(1)}, atomLink{Rel: "last", Href: at(pages)})
	}
	if n > 1 {
		f.Links = append(f.Links, atomLink{Rel: "previous", Href: at(n - 1)})
	}
	if n < pages {
		f.Links = append(f.Links, atomLink{Rel: "next", Href: at(n + 1)})
	}
	// The feed's own elements are encoded, and the entries spliced in
	// before its end, into a buffer sized once: a feed of long editions is
	// megabytes, and each copy of it costs. (One buffer, not the entries
	// written one by one: net/http copies a string through its 2 KB
	// buffer, a write of 4 KB at a time.)
	var head bytes.Buffer
	head.WriteString(xml.Header)
	enc := xml.NewEncoder(&head)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		a.serverError(w, r, "write the feed", err)
		return
	}
	const end = "\n</feed>"
	if !bytes.HasSuffix(head.Bytes(), []byte(end)) {
		a.serverError(w, r, "write the feed", fmt.Errorf("the encoded feed does not end in %q", end))
		return
	}
	body := make([]byte, 0, head.Len()+size+len(end)+1)
	body = append(body, head.Bytes()[:head.Len()-len(end)]...)
	for _, entry := range entries {
		body = append(body, entry...)
	}
	body = append(body, end+"\n"...)
	a.respond(w, r, v, "application/atom+xml; charset=utf-8", body)
}

// feedTries is how many times the feed lists the editions when an import
// renumbers one while the feed is read: each time it takes an import
// that lands between two reads a few milliseconds apart.
const feedTries = 5

// renumberedError is keptEntry's error for an edition listed under a
// number that another edition had by the time its entry was read.
type renumberedError struct{ number int }

func (e *renumberedError) Error() string {
	return fmt.Sprintf("edition %d was renumbered while the feed was read", e.number)
}

// feedEntries returns the entries of the editions list names, and their
// length in all.
func (a *Archive) feedEntries(ctx context.Context, list []store.EditionSummary) ([]string, int, error) {
	entries := make([]string, len(list))
	size := 0
	for i, summary := range list {
		var err error
		if entries[i], err = a.keptEntry(ctx, summary); err != nil {
			return nil, 0, fmt.Errorf("load edition %d for the feed: %w", summary.Number, err)
		}
		size += len(entries[i])
	}
	return entries, size, nil
}

// feedEntry encodes e as the feed's entry for the edition s lists: the
// same text for as long as the edition keeps its number, so it is made
// once and kept with it. An entry is updated when it was published
// and again when it was renumbered, since that changes its title and
// content (RFC 4287 section 4.2.15).
func (a *Archive) feedEntry(e *renderedEdition, s store.EditionSummary) (string, error) {
	published := s.PublishedAt
	if published.IsZero() {
		published = a.timeOrStart(s.Date)
	}
	updated := published
	if s.RenumberedAt.After(updated) {
		updated = s.RenumberedAt
	}
	entry := atomEntry{
		ID:        a.entryID(e.ID),
		Title:     editionTitle(e),
		Updated:   atomTime(updated),
		Published: atomTime(published),
		Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: a.editionURL(e.Number)}},
		Summary:   e.Description,
		Content:   atomContent{Type: "html", Body: string(e.Body)},
	}
	var b strings.Builder
	b.Grow(len(e.Body)*5/4 + 1024)
	// Indented as the entry sits in the feed.
	b.WriteString("\n ")
	enc := xml.NewEncoder(&b)
	enc.Indent(" ", " ")
	if err := enc.EncodeElement(entry, xml.StartElement{Name: xml.Name{Local: "entry"}}); err != nil {
		return "", fmt.Errorf("encode the feed entry of edition %d: %w", e.Number, err)
	}
	return b.String(), nil
}
