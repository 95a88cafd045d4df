package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// How many items a page lists.
const (
	editionsPerPage = 50
	storiesPerPage  = 20
	earlierOnHome   = 10
)

// home is the latest edition, with the editions before it.
func (a *Archive) home(w http.ResponseWriter, r *http.Request) {
	v, done := a.revalidate(w, r, nil)
	if done {
		return
	}
	ctx := r.Context()
	// The list's order is LatestEdition's: its first is the latest.
	list, _, err := a.store.PublishedEditions(ctx, 0, 1+earlierOnHome)
	if err != nil {
		a.serverError(w, r, "list editions", err)
		return
	}
	if len(list) == 0 {
		a.messagePage(w, r, v, message{Heading: a.name, Text: "No edition has been published yet."})
		return
	}
	e, err := a.keptEdition(ctx, list[0])
	if err != nil {
		a.serverError(w, r, "load the latest edition", err)
		return
	}
	page := editionPage{Earlier: a.editionItems(list[1:]), AllURL: a.site.EditionsURL}
	if page.SameDay, err = a.sameDay(ctx, e); err != nil {
		a.serverError(w, r, "list the editions of the latest one's date", err)
		return
	}
	a.editionPage(w, r, v, e, page, a.site.HomeURL)
}

// edition is one published edition: /editions/N.
func (a *Archive) edition(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("number")
	if day, err := time.Parse(time.DateOnly, raw); err == nil {
		a.editionOn(w, r, day)
		return
	}
	n, canonical, huge, err := editionNumber(raw)
	if date, ok := bot.ReadEditionDate(raw); err != nil && ok {
		if !date.Exists() {
			err = badRequest{fmt.Sprintf("“%s” is not a date: %s.", echo(raw, 40), date.NoSuchDay())}
		} else {
			// A date as chat takes it ("8-10-2026", "8 October
			// 2026"): a reader who types it in the address finds
			// what `/shared edition 8-10-2026` finds, the edition
			// of that day, as the ISO address answers.
			a.editionOn(w, r, date.Time())
			return
		}
	}
	if err != nil {
		a.badRequest(w, r, err)
		return
	}
	if !canonical {
		redirect(w, r, a.editionURL(n))
		return
	}
	// Published editions are numbered 1 to the count, with no gaps.
	v, done := a.revalidate(w, r, func(v validators) bool { return !huge && n >= 1 && n <= v.editions })
	if done {
		return
	}
	ctx := r.Context()
	var place store.EditionPlace
	if huge || n == 0 {
		err = store.ErrNotFound
	} else {
		place, err = a.store.PublishedEditionPlace(ctx, n)
	}
	var e *renderedEdition
	if err == nil {
		e, err = a.keptEdition(ctx, place.EditionSummary)
	}
	if errors.Is(err, store.ErrNotFound) {
		a.noSuchEdition(w, r, raw)
		return
	}
	if err != nil {
		a.serverError(w, r, "load edition "+raw, err)
		return
	}
	page := editionPage{Pager: pager{Label: "Other editions"}}
	if page.SameDay, err = a.sameDay(ctx, e); err != nil {
		a.serverError(w, r, "list the editions of edition "+raw+"'s date", err)
		return
	}
	if place.Newer > 0 {
		page.Pager.NewerURL, page.Pager.NewerText = a.editionURL(place.Newer), "Edition "+strconv.Itoa(place.Newer)
	}
	if place.Older > 0 {
		page.Pager.OlderURL, page.Pager.OlderText = a.editionURL(place.Older), "Edition "+strconv.Itoa(place.Older)
	}
	a.editionPage(w, r, v, e, page, a.editionURL(n))
}

// sameDay names and links the other published editions dated as e. A
// page is kept until the archive changes (its ETag), a publication among
// them, so the list is read once per change.
func (a *Archive) sameDay(ctx context.Context, e *renderedEdition) (sameDayNote, error) {
	if e.Date.IsZero() {
		return sameDayNote{}, nil
	}
	numbers, err := a.store.EditionNumbersOn(ctx, e.Date)
	if err != nil {
		return sameDayNote{}, err
	}
	note := sameDayNote{Date: digest.DateLine(e.Date)}
	for _, n := range numbers {
		if n != e.Number {
			note.Links = append(note.Links, noteLink{URL: a.editionURL(n), Text: "Edition " + strconv.Itoa(n)})
		}
	}
	// "a, b and c", as bot.ListWords joins words; here each is a link.
	for i := range note.Links {
		note.Links[i].Sep = bot.ListSeparator(i, len(note.Links))
	}
	return note, nil
}

// editionOn answers /editions/2014-07-10 as chat answers `/shared edition
// 2014-07-10`: the edition published that day (a redirect to its number;
// not a permanent one, as numbers follow dates and importing an older
// edition moves them), or a 404 that names the nearest editions.
func (a *Archive) editionOn(w http.ResponseWriter, r *http.Request, day time.Time) {
	ctx := r.Context()
	rec, err := a.store.EditionOn(ctx, day)
	if err == nil {
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, a.editionURL(rec.Edition.Number), http.StatusFound)
		return
	}
	if !errors.Is(err, store.ErrNotFound) {
		a.serverError(w, r, "load the edition of "+day.Format(time.DateOnly), err)
		return
	}
	before, after, err := a.store.EditionsAround(ctx, day)
	if err != nil {
		a.serverError(w, r, "find editions near "+day.Format(time.DateOnly), err)
		return
	}
	text := "There is no edition dated " + digest.DateLine(day) + "."
	var links []textLink
	for _, ref := range []store.EditionRef{before, after} {
		if ref.Number > 0 {
			links = append(links, textLink{URL: a.editionURL(ref.Number),
				Text: fmt.Sprintf("Edition %d (%s)", ref.Number, digest.DateLine(ref.Date))})
		}
	}
	switch len(links) {
	case 0:
		text += " No edition has been published yet."
	case 1:
		text += " The nearest is:"
	default:
		text += " The nearest are:"
	}
	a.errorPage(w, r, http.StatusNotFound, layout{Site: a.site, Title: "No such edition · " + a.name},
		message{Heading: "No such edition", Text: text, Links: append(links, a.wayBack()...)})
}

func (a *Archive) editionPage(w http.ResponseWriter, r *http.Request, v validators, e *renderedEdition, page editionPage, canonical string) {
	page.Body = e.Body
	title := editionTitle(e)
	l := layout{
		Site:        a.site,
		Title:       title + " · " + a.name,
		Description: e.Description,
		Canonical:   canonical,
		OGType:      "article",
		OGTitle:     title,
	}
	if !e.Date.IsZero() {
		l.Published = e.Date.Format("2006-01-02")
	}
	a.page(w, r, v, a.pages.edition, l, page)
}

// editionTitle is an edition's title, or "Edition N" when it has none.
func editionTitle(e *renderedEdition) string {
	if e.Title != "" {
		return e.Title
	}
	return "Edition " + strconv.Itoa(e.Number)
}

// editionList is every published edition, newest first: /editions.
func (a *Archive) editionList(w http.ResponseWriter, r *http.Request) {
	p, ok := a.publishedPage(w, r, editionsPerPage, a.site.EditionsURL)
	if !ok {
		return
	}
	n, pages, total := p.n, p.pages, p.total
	page := editionsPage{Editions: a.editionItems(p.list)}
	switch total {
	case 0:
		page.Summary = "No edition has been published yet."
	case 1:
		page.Summary = "One edition."
	default:
		page.Summary = fmt.Sprintf("%d editions, newest first.", total)
	}
	l := layout{Site: a.site, Title: pagedTitle("All editions", n, a.name), OGType: "website", OGTitle: "All editions of " + a.name,
		Canonical: a.link("/editions", pageQuery(n)), Description: "Every published edition of " + a.name + ", newest first."}
	page.Pager, l.PrevURL, l.NextURL = a.listPager(n, pages, func(p int) string { return a.link("/editions", pageQuery(p)) }, "Newer editions", "Older editions")
	a.page(w, r, p.v, a.pages.editions, l, page)
}

// publishedEditions is one page of the published editions, newest first.
type publishedEditions struct {
	v        validators
	n, pages int // this page's number, of pages
	total    int // editions on every page
	list     []store.EditionSummary
}

// publishedPage begins a paged list of the published editions (/editions,
// /feed.atom), perPage to a page: it reads the page number, answers a
// conditional request, and loads the page; first is the list's first
// page, to offer for a page past the end. It returns false when it has
// answered.
func (a *Archive) publishedPage(w http.ResponseWriter, r *http.Request, perPage int, first string) (publishedEditions, bool) {
	n, err := pageNumber(r)
	if err != nil {
		a.badRequest(w, r, err)
		return publishedEditions{}, false
	}
	v, done := a.revalidate(w, r, func(v validators) bool { return n <= pageCount(v.editions, perPage) })
	if done {
		return publishedEditions{}, false
	}
	p, err := a.listPage(r.Context(), v, n, perPage)
	if err != nil {
		a.serverError(w, r, "list editions", err)
		return publishedEditions{}, false
	}
	if n > p.pages {
		a.noSuchPage(w, r, n, p.pages, first)
		return publishedEditions{}, false
	}
	return p, true
}

// listPage loads page n of the published editions, perPage to a page, as
// of the archive's version v; a page past the end lists none.
func (a *Archive) listPage(ctx context.Context, v validators, n, perPage int) (publishedEditions, error) {
	list, total, err := a.store.PublishedEditions(ctx, (n-1)*perPage, perPage)
	if err != nil {
		return publishedEditions{}, err
	}
	return publishedEditions{v: v, n: n, pages: pageCount(total, perPage), total: total, list: list}, nil
}

// listAgain reads page p.n of the published editions again, with the
// archive's version now: what p listed changed while it was being shown.
// The page keeps p's encoding for the reader (v.gzip).
func (a *Archive) listAgain(ctx context.Context, p publishedEditions, perPage int) (publishedEditions, error) {
	v, err := a.archiveValidators(ctx)
	if err != nil {
		return p, fmt.Errorf("read the archive version again: %w", err)
	}
	v.gzip = p.v.gzip
	again, err := a.listPage(ctx, v, p.n, perPage)
	if err != nil {
		return p, fmt.Errorf("list editions again: %w", err)
	}
	if p.n > again.pages {
		return p, fmt.Errorf("page %d of the editions is gone: there are %d", p.n, again.pages)
	}
	return again, nil
}

// listPager links page n of pages to its neighbours: lower pages are newer.
func (a *Archive) listPager(n, pages int, at func(int) string, newer, older string) (p pager, prev, next string) {
	p = pager{Label: "Pages"}
	if pages > 1 {
		p.Position = fmt.Sprintf("Page %d of %d", n, pages)
	}
	if n > 1 {
		prev = at(n - 1)
		p.NewerURL, p.NewerText = prev, newer
	}
	if n < pages {
		next = at(n + 1)
		p.OlderURL, p.OlderText = next, older
	}
	return p, prev, next
}

// sector is the published stories of one sector: /sectors/SLUG.
func (a *Archive) sector(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	n, err := pageNumber(r)
	if err != nil {
		a.badRequest(w, r, err)
		return
	}
	sec, ok := a.sectors.Lookup(slug)
	if !ok {
		// A name, alias or unique prefix finds the sector as chat does;
		// the page lives at its slug.
		if found, err := a.sectors.Resolve(slug); err == nil {
			// Found, not moved: the sectors are configuration and may change.
			http.Redirect(w, r, a.sectorURL(found.Slug, n), http.StatusFound)
			return
		} else {
			a.noSuchSector(w, r, slug, err)
			return
		}
	}
	// A sector's first page always exists; a later one when it was kept.
	v, done := a.revalidate(w, r, func(validators) bool { return n == 1 })
	if done {
		return
	}
	stories, total, err := a.store.PublishedInSector(r.Context(), sec.Slug, (n-1)*storiesPerPage, storiesPerPage)
	if err != nil {
		a.serverError(w, r, "list the stories of "+sec.Slug, err)
		return
	}
	pages := pageCount(total, storiesPerPage)
	if n > pages {
		a.noSuchPage(w, r, n, pages, a.sectorURL(sec.Slug, 1))
		return
	}
	name := digest.OneLine(sec.Name)
	page := storiesPage{Heading: name}
	if total == 0 {
		page.Note = "No stories in " + name + " yet."
	} else {
		page.Lede = fmt.Sprintf("%s from published editions, the latest first.", storyCountCap(total))
	}
	for _, st := range stories {
		page.Stories = append(page.Stories, a.publishedStoryView(st))
	}
	l := layout{Site: a.site, Title: pagedTitle(name, n, a.name), OGType: "website", OGTitle: name + " · " + a.name,
		Canonical: a.sectorURL(sec.Slug, n), Description: "The latest " + name + " stories in " + a.name + "."}
	page.Pager, l.PrevURL, l.NextURL = a.listPager(n, pages, func(p int) string { return a.sectorURL(sec.Slug, p) }, "Later stories", "Earlier stories")
	a.page(w, r, v, a.pages.stories, l, page)
}

// pagedTitle is the <title> of page n of a list: a later page says its
// number, so that the title a screen reader reads first, a tab and the
// browser's history tell the pages of one list apart.
func pagedTitle(name string, n int, site string) string {
	if n > 1 {
		return fmt.Sprintf("%s · page %d · %s", name, n, site)
	}
	return name + " · " + site
}

// searchRetryAfter is the Retry-After, in seconds, of a search answered
// that the search is busy.
const searchRetryAfter = "5"

// controlsAsSpaces makes each control character of a search that stands
// for nothing but itself (NUL, DEL, NEL, the C0 controls but ESC) a space.
// Cleaning drops them, which would join the words either side ("a%00b"
// searched "ab", a word nobody typed); a tab and a line break are spaces
// already. ESC and the C1 controls that start a terminal's sequence are
// left for cleaning to drop whole, so that a colour code around a word
// searches the word.
func controlsAsSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != 0x1b) || r == 0x7f || r == 0x85 {
			return ' '
		}
		return r
	}, s)
}

// refuseSearch answers words the search refuses with chat's sentence, 400.
func (a *Archive) refuseSearch(w http.ResponseWriter, r *http.Request, l layout, sentence string) {
	a.errorPage(w, r, http.StatusBadRequest, l, message{Heading: "Search", Text: sentence,
		Links: []textLink{{URL: a.site.HomeURL, Text: "The latest edition"}}})
}

// foundCount says how many stories a search found, as its page's first
// sentence: a reader saw ten stories and a pager, and could not tell
// eleven from a thousand.
func foundCount(answer bot.PublicSearch) string {
	if answer.Uncounted {
		return fmt.Sprintf("More than %s found.", digest.Plural(answer.Total, "story", "stories"))
	}
	return storyCountCap(answer.Total) + " found."
}

func storyCountCap(n int) string {
	return digest.UpperFirst(digest.Plural(n, "story", "stories"))
}

// search is /shared search as a page: /search?q=WORDS, and its later
// results at &page=N. A search that finds the gate full for its wait is
// answered 503 with Retry-After (searchGate).
func (a *Archive) search(w http.ResponseWriter, r *http.Request) {
	qs, err := param(r, "q")
	if err != nil {
		a.badRequest(w, r, err)
		return
	}
	// A search box sent empty (or with only spaces) asks nothing: it gets
	// the search page, as /search does, not an error for a reader who
	// pressed Search too soon. A control character is a space there too
	// (controlsAsSpaces).
	asked := len(qs) > 0 && strings.TrimSpace(controlsAsSpaces(qs[0])) != ""
	if len(qs) > 1 {
		a.badRequest(w, r, badRequest{"Give one search, not several."})
		return
	}
	// A bad page (0, -1, a word, several) is refused as the other lists
	// refuse it, whether or not there are words to search.
	n, err := pageNumber(r)
	if err != nil {
		a.badRequest(w, r, err)
		return
	}
	var words string
	if asked {
		// Words that are not UTF-8 come from a form or a link made for
		// a page in Windows-1252 ("caf%E9" is "café" there): dropped,
		// the search was for other words than the reader's.
		words = controlsAsSpaces(digest.RepairUTF8(qs[0]))
	}
	ctx := r.Context()
	l := layout{Site: a.site, Title: "Search · " + a.name, NoIndex: true, Query: digest.CleanText(words)}
	if !asked {
		// Nothing searched has one page, as a search with no match does.
		if n > 1 {
			a.noSuchPage(w, r, n, 1, a.site.SearchURL)
			return
		}
		v, done := a.revalidate(w, r, nil)
		if done {
			return
		}
		l.Canonical, l.OGType, l.OGTitle = a.site.SearchURL, "website", "Search "+a.name
		a.page(w, r, v, a.pages.message, l, message{Heading: "Search the archive",
			Text: "Type words in the search box to find stories in every published edition, best match first. A minus before a word leaves out the stories that have it: devolution -wales."})
		return
	}
	// Bad input is refused as chat refuses it, and a page the reader has
	// is confirmed, before the search waits for its turn: neither reads
	// the archive's stories, and neither should be told the search is busy.
	if refusal := bot.SearchRefusal(words); refusal != "" {
		a.refuseSearch(w, r, l, refusal)
		return
	}
	v, done := a.revalidate(w, r, nil)
	if done {
		return
	}
	leave, ok := a.searching.enter(ctx)
	if !ok {
		if ctx.Err() != nil { // the reader went away
			return
		}
		w.Header().Set("Retry-After", searchRetryAfter)
		a.errorPage(w, r, http.StatusServiceUnavailable, l, message{Heading: "Search is busy",
			Text:  "Many searches are running at once. Please try again in a few seconds.",
			Links: []textLink{{URL: a.site.HomeURL, Text: "The latest edition"}}})
		return
	}
	answer, err := func() (bot.PublicSearch, error) {
		defer leave() // a search that panics gives its slot back too
		return a.bot.SearchPublished(ctx, words, n)
	}()
	if err != nil {
		a.serverError(w, r, "search", err)
		return
	}
	if answer.Refusal != "" { // SearchRefusal said none: kept, should the two ever differ
		a.refuseSearch(w, r, l, answer.Refusal)
		return
	}
	at := func(p int) string {
		q := url.Values{"q": {words}}
		if p > 1 {
			q.Set("page", strconv.Itoa(p))
		}
		return a.link("/search", q)
	}
	if n > answer.Pages {
		a.noSuchPage(w, r, n, answer.Pages, at(1))
		return
	}
	// The words the search read, as chat heads its answer: the page's own
	// cleaning of what was typed could differ from the search's (an escape
	// sequence gone whole from the heading, in part from the search) and
	// head "Nothing matches “[31m”" with "Search: ".
	shown := digest.OneLine(answer.Words)
	page := storiesPage{Heading: "Search: " + shown, Lede: answer.Note}
	if len(answer.Stories) == 0 {
		page.Note = answer.Empty
	} else {
		page.Lede = strings.TrimSpace(foundCount(answer) + " " + answer.Note)
	}
	for _, e := range answer.InEditions {
		page.Editions = append(page.Editions, textLink{URL: a.editionURL(e.Number),
			Text: fmt.Sprintf("Edition %d, %s", e.Number, digest.DateLine(e.Date))})
	}
	if answer.DidYouMean != "" {
		// Chat's suggestion, as a link that runs it.
		page.DidYouMean = textLink{URL: a.link("/search", url.Values{"q": {answer.DidYouMean}}), Text: answer.DidYouMean}
	}
	for _, it := range answer.Stories {
		v := a.storyView(it.Story)
		v.Excerpt = it.Excerpt
		page.Stories = append(page.Stories, v)
	}
	// The next page is a page number, not an offset: the address reads as
	// what it is, and a number bounded by maxPage cannot ask for a
	// position no page starts at. The pager stands as the other lists':
	// earlier (here, better) results on the left, more on the right.
	page.Pager = pager{Label: "Search results"}
	switch {
	case answer.Uncounted:
		// Many stories have every word, and the search counts those with
		// some of them only for a page that reaches them: the position,
		// without a count that would be wrong. (Pages still exceeds n.)
		page.Pager.Position = fmt.Sprintf("Page %d", n)
	case answer.Pages > 1:
		page.Pager.Position = fmt.Sprintf("Page %d of %d", n, answer.Pages)
	}
	if n > 1 {
		l.PrevURL = at(n - 1)
		page.Pager.OlderURL, page.Pager.OlderText = l.PrevURL, "Previous results"
	}
	if n < answer.Pages {
		l.NextURL = at(n + 1)
		page.Pager.NewerURL, page.Pager.NewerText = l.NextURL, "More results"
	}
	l.Title = pagedTitle("Search: "+clip(shown, 60), n, a.name)
	a.page(w, r, v, a.pages.stories, l, page)
}

// sentenceEnd are the marks a sentence may put after an address that ends
// it, which no page's address ends with.
const sentenceEnd = ".,;:!?)'\""

// withoutSentenceEnd sends a reader who followed an address that ended a
// sentence in a mail or a message ("sign up at https://…/subscribe."),
// which many clients link with its full stop, to the address without
// the marks, as notFound does one with a trailing slash.
func (a *Archive) withoutSentenceEnd(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.EscapedPath()
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && len(p) > 1 && strings.ContainsAny(p[len(p)-1:], sentenceEnd) {
			a.redirectTrimmed(w, r, p)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// redirectTrimmed redirects to path p without the slashes and sentence
// marks at its end, in its case (inItsCase), query kept. The redirect is
// to the public base, never to a host the path names.
func (a *Archive) redirectTrimmed(w http.ResponseWriter, r *http.Request, p string) {
	to := a.link(a.inItsCase(r, "/"+strings.Trim(strings.TrimRight(p, sentenceEnd+"/"), "/")), nil)
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	redirect(w, r, to)
}

// inItsCase is path (escaped) in lower case when that is an address of
// the archive's and path is not ("/Editions/5"), as a newsletter set in
// title case prints it; else path. A redirect goes there at once, not by
// a second one.
func (a *Archive) inItsCase(r *http.Request, path string) string {
	if lower := strings.ToLower(path); lower != path && a.serves(r, lower) {
		return lower
	}
	return path
}

// notFound answers every GET the routes do not know.
func (a *Archive) notFound(w http.ResponseWriter, r *http.Request) {
	// "/editions/6/", as people type and some sites link: the page's
	// address is without the slash, and a reader who adds one is sent
	// there, as a well-made site does, not told the page does not exist.
	if p := r.URL.EscapedPath(); len(p) > 1 && strings.HasSuffix(p, "/") {
		a.redirectTrimmed(w, r, p)
		return
	}
	// A page's address in other case: the reader is sent there, as a
	// sector's slug in capitals is. Only the archive's own addresses
	// are: the bot's others ("/healthz") are not the archive's to answer.
	if p := r.URL.EscapedPath(); a.inItsCase(r, p) != p {
		a.redirectTrimmed(w, r, p)
		return
	}
	a.errorPage(w, r, http.StatusNotFound, layout{Site: a.site, Title: "Not found · " + a.name},
		message{Heading: "Page not found", Text: "There is no page at this address.", Links: a.wayBack()})
}

// serves reports whether one of the archive's routes, not its catch-all,
// answers a GET of path (escaped, starting with "/").
func (a *Archive) serves(r *http.Request, path string) bool {
	u, err := url.ParseRequestURI(path)
	if err != nil {
		return false
	}
	_, pattern := a.paths.Handler(&http.Request{Method: http.MethodGet, URL: u, Host: r.Host})
	return pattern != ""
}

func (a *Archive) noSuchEdition(w http.ResponseWriter, r *http.Request, raw string) {
	text := "There is no edition " + echo(raw, 20)
	if !strings.HasSuffix(text, "…") { // a clipped number's ellipsis ends the sentence
		text += "."
	}
	// The latest edition's number, without loading its stories.
	if latest, _, err := a.store.PublishedEditions(r.Context(), 0, 1); err == nil && len(latest) > 0 {
		text += fmt.Sprintf(" The latest is edition %d.", latest[0].Number)
	} else if err == nil {
		text += " No edition has been published yet."
	}
	a.errorPage(w, r, http.StatusNotFound, layout{Site: a.site, Title: "No such edition · " + a.name},
		message{Heading: "No such edition", Text: text, Links: a.wayBack()})
}

func (a *Archive) noSuchPage(w http.ResponseWriter, r *http.Request, n, pages int, first string) {
	typed := strconv.Itoa(n)
	if n > maxPage {
		typed = hugePage(r) // as typed: pageNumber stands it in with maxPage+1
	}
	text := fmt.Sprintf("There is no page %s: there is only one page.", typed)
	if pages > 1 {
		text = fmt.Sprintf("There is no page %s: there are %d pages.", typed, pages)
	}
	a.errorPage(w, r, http.StatusNotFound, layout{Site: a.site, Title: "No such page · " + a.name},
		message{Heading: "No such page", Text: text, Links: []textLink{{URL: first, Text: "The first page"}}})
}

// noSuchSector answers an address whose slug names no sector. It quotes
// the slug as the address held it, not the resolver's cleaned input,
// which has lost what made the address wrong ("hea%00lth" was quoted
// "health", a sector there is).
func (a *Archive) noSuchSector(w http.ResponseWriter, r *http.Request, slug string, err error) {
	msg := message{Heading: "No such sector"}
	var unknown *digest.UnknownSectorError
	var ambiguous *digest.AmbiguousSectorError
	switch {
	case errors.As(err, &unknown) && (unknown.Meant() != "" || len(unknown.Candidates) > 0):
		slugs := unknown.Candidates
		if meant := unknown.Meant(); meant != "" {
			slugs = []string{meant}
		}
		msg.Text = fmt.Sprintf("There is no sector “%s”. Did you mean %s?", echo(slug, 40), a.offerSectors(&msg, slugs))
	case errors.As(err, &ambiguous):
		msg.Text = fmt.Sprintf("“%s” could be %s.", echo(slug, 40), a.offerSectors(&msg, ambiguous.Candidates))
	default:
		msg.Text = "There is no such sector. The sectors are listed at the foot of this page."
	}
	a.errorPage(w, r, http.StatusNotFound, layout{Site: a.site, Title: "No such sector · " + a.name}, msg)
}

// offerSectors links msg to each sector of slugs and returns their names,
// the last after "or", for the sentence that offers them.
func (a *Archive) offerSectors(msg *message, slugs []string) string {
	names := make([]string, len(slugs))
	for i, slug := range slugs {
		names[i] = a.sectorName(slug)
		msg.Links = append(msg.Links, textLink{URL: a.sectorURL(slug, 1), Text: names[i]})
	}
	return joinOr(names)
}

func joinOr(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

func (a *Archive) sectorName(slug string) string {
	if s, ok := a.sectors.Lookup(slug); ok {
		return digest.OneLine(s.Name)
	}
	return slug
}

func (a *Archive) wayBack() []textLink {
	if a.linksOnly {
		return nil
	}
	return append(a.latestEdition(), textLink{URL: a.site.EditionsURL, Text: "All editions"})
}

// latestEdition is the one link back of a page that has no other: none
// where the archive's pages are off (web.enabled = false).
func (a *Archive) latestEdition() []textLink {
	if a.linksOnly {
		return nil
	}
	return []textLink{{URL: a.site.HomeURL, Text: "The latest edition"}}
}

func (a *Archive) badRequest(w http.ResponseWriter, r *http.Request, err error) {
	text := "The address has a parameter this site cannot use."
	var br badRequest
	if errors.As(err, &br) {
		text = br.reason
	}
	a.errorPage(w, r, http.StatusBadRequest, layout{Site: a.site, Title: "Bad request · " + a.name},
		message{Heading: "Bad request", Text: text, Links: a.wayBack()})
}

// serverError logs what failed for the operator and tells the reader one
// sentence.
func (a *Archive) serverError(w http.ResponseWriter, r *http.Request, doing string, err error) {
	if r.Context().Err() != nil {
		return // the reader left; nobody to answer
	}
	a.log.ErrorContext(r.Context(), "web page failed", "path", r.URL.Path, "doing", doing, "err", err)
	status, msg := http.StatusInternalServerError, message{Heading: "Something went wrong",
		Text: "Something went wrong on our side; please try again later. The operator can see the details in the log."}
	if errors.As(err, new(*store.DamagedError)) {
		// No retry mends it: the reader is told the archive is out of
		// service (503, as /readyz says) rather than asked to try again.
		status, msg = http.StatusServiceUnavailable, message{Heading: "The archive is out of service",
			Text: "The archive's database is damaged, so this page cannot be shown until the operator restores it from a backup. The log names the file and how."}
	}
	body, rerr := a.pages.execute(a.pages.message, layout{Site: a.site, Title: msg.Heading + " · " + a.name, NoIndex: true, Main: msg})
	if rerr != nil {
		body = []byte(msg.Text + "\n")
	}
	writeError(w, status, body)
}

// messagePage is a 200 page that says one thing.
func (a *Archive) messagePage(w http.ResponseWriter, r *http.Request, v validators, msg message) {
	a.page(w, r, v, a.pages.message, layout{Site: a.site, Title: a.name, Canonical: a.link(r.URL.Path, nil),
		OGType: "website", OGTitle: a.name}, msg)
}

func (a *Archive) errorPage(w http.ResponseWriter, r *http.Request, status int, l layout, msg message) {
	l.NoIndex = true
	a.dynamicPage(w, r, status, a.pages.message, l, msg)
}

// page renders a 200 page, showing main in layout l, with the archive's
// validators.
func (a *Archive) page(w http.ResponseWriter, r *http.Request, v validators, t *template.Template, l layout, main any) {
	if body, ok := a.render(w, r, t, l, main); ok {
		a.respond(w, r, v, "text/html; charset=utf-8", body)
	}
}

// dynamicPage renders a page that depends on the request, answered with
// status and never cached (writeError's no-store): it is this reader's.
func (a *Archive) dynamicPage(w http.ResponseWriter, r *http.Request, status int, t *template.Template, l layout, main any) {
	if body, ok := a.render(w, r, t, l, main); ok {
		writeError(w, status, body)
	}
}

// render shows main in layout l with template t; when it cannot, it
// answers 500 and returns false.
func (a *Archive) render(w http.ResponseWriter, r *http.Request, t *template.Template, l layout, main any) ([]byte, bool) {
	l.Main = main
	body, err := a.pages.execute(t, l)
	if err != nil {
		a.serverError(w, r, "render page", err)
		return nil, false
	}
	return body, true
}

// timeOrStart is t, or when t is zero, when the archive started.
func (a *Archive) timeOrStart(t time.Time) time.Time {
	if t.IsZero() {
		return a.started
	}
	return t
}

// renderedEdition is a published edition as the pages and the feed show it.
// Once made it is never changed: the editionCache shares it.
type renderedEdition struct {
	ID          int64
	Number      int
	Title       string // "" when the edition has none
	Date        time.Time
	Description string
	Body        template.HTML // digest.RenderHTMLBody
}

// size is roughly how many bytes e holds, for the cache's bound.
func (e *renderedEdition) size() int {
	return 256 + len(e.Title) + len(e.Description) + len(e.Body)
}

// renderEdition loads and renders published edition number; the error
// wraps store.ErrNotFound when there is no such edition.
func (a *Archive) renderEdition(ctx context.Context, number int) (*renderedEdition, error) {
	e, err := a.bot.PublishedEdition(ctx, number)
	if err != nil {
		return nil, err
	}
	// The footer tells a reader of the archive how to get the edition
	// here: the sign-up page, or without email the Atom feed; never a
	// chat command.
	e.Subscribe = "follow it with the Atom feed at " + a.site.FeedURL
	if a.site.SubscribeURL != "" {
		e.Subscribe = digest.SignUpAt(a.site.SubscribeURL)
	}
	body, err := digest.RenderHTMLBody(e)
	if err != nil {
		return nil, err
	}
	return &renderedEdition{ID: e.ID, Number: e.Number, Title: digest.OneLine(e.Title), Date: e.Date,
		Description: editionDescription(e), Body: body}, nil
}
