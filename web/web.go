// Package web is the newsletter's public archive: published editions laid
// out like the newsletter, lists of editions and of a sector's stories, the
// search, and an Atom feed, served read-only by the bot's HTTP server.
//
// Every page is rendered from what chat shows (bot.PublishedEdition and the
// edition HTML of package digest), so the web and the channels never
// disagree. Nothing here reads a draft, the queue or a rejected story: the
// store's public queries cannot reach them.
package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// Options configures the archive.
type Options struct {
	// PublicURL is the address readers use (http.public_url); every link
	// the pages and the feed write starts with it.
	PublicURL string
	SiteName  string // bot.name
	Bot       *bot.Bot
	Store     *store.Store
	Logger    *slog.Logger
	// Build identifies the running program (its version); with the
	// program's own build ID it keeps a new release's pages from matching
	// an old ETag.
	Build string
	// Settings stands for the configuration the pages may show (a hash of
	// it): a change gives every page new validators, as a new program does.
	Settings string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Email, when set, serves the email edition's sign-up, confirmation
	// and unsubscribe pages (email.enabled).
	Email EmailList
	// Unsubscribe, when Email is not set, serves the unsubscribe links of
	// mails sent before the email edition was turned off.
	Unsubscribe UnsubscribeLinks
	// LinksOnly serves Unsubscribe's links alone, without the archive's
	// pages (web.enabled = false): the links never expire, and mail
	// providers POST them whenever a reader asks.
	LinksOnly bool
}

// Archive serves the public pages. Make it with New and add its routes to
// a server with Mount.
type Archive struct {
	base    string // PublicURL without a trailing "/"
	origin  string // scheme://host of PublicURL, for Content-Security-Policy
	name    string
	bot     *bot.Bot
	store   *store.Store
	sectors digest.Sectors
	log     *slog.Logger
	pages   *pageTemplates
	style   stylesheet
	site    *site
	cache   *pageCache
	// editions keeps published editions as rendered, across versions.
	editions *editionCache
	// entryVersions and entryWriter keep feed entries in the database,
	// for the processes that come after this one.
	entryVersions entryVersions
	entryWriter   *entryWriter
	// fingerprint is everything besides the stored archive that changes
	// what a page says: the configuration shown, the program.
	fingerprint string
	// started is since when the pages have had this fingerprint
	// (store.PagesSince): the earliest a page's Last-Modified can be.
	started time.Time
	now     func() time.Time
	feedID  string // urn:uuid of the feed, from the site's identity
	email   EmailList
	unsub   UnsubscribeLinks // email, or Options.Unsubscribe
	// crossOrigin tells the sign-up's forms sent from the site's own
	// pages from those another site's page made a browser send
	// (fromThisSite). The public URL's origin is trusted by name: behind
	// a reverse proxy the Host a request arrives with is the back end's.
	crossOrigin *http.CrossOriginProtection
	// linksOnly is Options.LinksOnly: routes has the unsubscribe links
	// alone.
	linksOnly bool
	// zipper compresses the pages sent to readers who take gzip.
	zipper *gzipper
	// searching bounds the searches running at once.
	searching *searchGate
	// paths routes the archive's own addresses only, without the
	// catch-all: notFound asks it whether an address in other case is
	// one of them.
	paths *http.ServeMux
}

// New checks the options and makes the archive. ctx bounds reading the
// site's identity from the store and rendering the newest editions ahead.
func New(ctx context.Context, opts Options) (*Archive, error) {
	if opts.Bot == nil || opts.Store == nil {
		return nil, errors.New("web archive: bot and store are required")
	}
	u, err := url.Parse(opts.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("web archive: public URL %q must be an absolute http(s) URL without query or fragment", opts.PublicURL)
	}
	identity, err := opts.Store.SiteIdentity(ctx)
	if err != nil {
		return nil, fmt.Errorf("web archive: %w", err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	pages, err := parsePageTemplates()
	if err != nil {
		return nil, fmt.Errorf("web archive: %w", err)
	}
	a := &Archive{
		base:      strings.TrimRight(opts.PublicURL, "/"),
		origin:    u.Scheme + "://" + u.Host,
		name:      digest.OneLine(opts.SiteName),
		bot:       opts.Bot,
		store:     opts.Store,
		sectors:   opts.Bot.Sectors(),
		log:       opts.Logger,
		pages:     pages,
		style:     newStylesheet(),
		started:   now().UTC().Truncate(time.Second),
		now:       now,
		feedID:    feedID(identity),
		email:     opts.Email,
		unsub:     opts.Unsubscribe,
		linksOnly: opts.LinksOnly,
	}
	if opts.Email != nil {
		a.unsub = opts.Email
	}
	a.crossOrigin = http.NewCrossOriginProtection()
	if err := a.crossOrigin.AddTrustedOrigin(a.origin); err != nil {
		return nil, fmt.Errorf("web archive: public URL %q: %w", opts.PublicURL, err)
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.name == "" {
		a.name = "Shared News"
	}
	a.cache = newPageCache(pageCacheBytes)
	a.searching = newSearchGate()
	a.zipper = &gzipper{}
	a.editions = newEditionCache(editionCacheBytes, entryCacheBytes)
	a.site = a.newSite()
	a.paths = http.NewServeMux()
	for _, r := range a.routes() {
		if strings.Contains(r.pattern, " ") {
			a.paths.Handle(r.pattern, r.handler)
		}
	}
	a.entryWriter = &entryWriter{store: a.store, log: a.log}
	if a.linksOnly {
		// No page is served to be dated or kept: the pages' fingerprint
		// stays as the last run that served them recorded it, and their
		// readers' copies stay valid once the pages are on again.
		return a, nil
	}
	program, err := programID()
	if err != nil {
		// Entries are then kept in memory only.
		a.log.WarnContext(ctx, "web archive: cannot identify the program, so feed entries are not kept in the database", "err", err)
	}
	a.fingerprint = fingerprint(a, opts.Build, program, opts.Settings)
	if a.started, err = opts.Store.PagesSince(ctx, a.fingerprint, a.started); err != nil {
		return nil, fmt.Errorf("web archive: %w", err)
	}
	a.entryVersions = newEntryVersions(a, program)
	a.warm(ctx)
	return a, nil
}

// warm makes ready the entries of the feed's first page (read from the
// database where a process before kept them, else rendered) and the latest
// edition, the home page's, so that the first readers after a start do not
// wait for them. It is best effort: a failure is logged, and the pages
// report it when asked.
func (a *Archive) warm(ctx context.Context) {
	list, _, err := a.store.PublishedEditions(ctx, 0, entriesPerFeedPage)
	if err == nil && len(list) > 0 {
		_, err = a.keptEdition(ctx, list[0])
	}
	if err == nil {
		for _, s := range list {
			if _, err = a.keptEntry(ctx, s); err != nil {
				break
			}
		}
	}
	if err != nil {
		a.log.WarnContext(ctx, "web archive: could not render the newest editions ahead", "err", err)
	}
}

// fingerprint hashes what a page depends on besides the stored archive:
// the program (its version and build ID) and the configuration. A program
// that cannot be identified counts as new at each start, as every start
// did before the fingerprint was kept (store.PagesSince).
func fingerprint(a *Archive, build, program, settings string) string {
	if program == "" {
		program = "started " + a.started.String()
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%t\x00", build, program, settings, a.base, a.name, a.style.hash, a.email != nil)
	for _, s := range a.sectors {
		fmt.Fprintf(h, "%s\x00%s\x00", s.Slug, s.Name)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// route is one entry of the archive's routing table.
type route struct {
	pattern string
	handler http.HandlerFunc
	// cached: the route's pages are a function of the archive's version,
	// so each address is rendered once per version.
	cached bool
}

// routes is the whole table, in one place: a page added later (the email
// sign-up) goes here. "GET" patterns answer HEAD too.
func (a *Archive) routes() []route {
	if a.linksOnly {
		// The pages are off: no catch-all either, so that every other
		// address is the server's, as with no archive at all. The
		// stylesheet is the one the links' answers use.
		return append(a.emailRoutes(), route{"GET " + stylesheetPath, a.stylesheet, false})
	}
	return append(a.emailRoutes(), []route{
		{"GET /{$}", a.home, true},
		{"GET /editions", a.editionList, true},
		{"GET /editions/{number}", a.edition, true},
		{"GET /sectors/{slug}", a.sector, true},
		{"GET /search", a.search, false},
		{"GET /feed.atom", a.feed, true},
		{"GET " + stylesheetPath, a.stylesheet, false},
		// Every other address: a page that does not exist, or the
		// site's 405 (Mount gives each path above its own).
		{"/", a.elsewhere, false},
	}...)
}

// Mux is where routes are mounted: *http.ServeMux, or the bot's server.
type Mux interface {
	Handle(pattern string, h http.Handler)
}

// Mount adds every route of the archive to mux, each answering with the
// archive's security headers.
//
// Every other method at a route's path is answered with the site's 405
// page (methodNotAllowed) naming the methods the path takes, by the
// path's pattern without a method: the route's is the more specific
// ("GET /editions/{number}"), and the bot's others at that path too
// (a chat platform's POST endpoint), so it answers only what they do
// not. ServeMux's own 405 would be plain text without the site's
// headers. The archive's catch-all is method-less too ("/", elsewhere):
// a "GET /" would conflict with each path's method-less pattern.
func (a *Archive) Mount(mux Mux) {
	allow := map[string][]string{}
	var paths []string
	for _, r := range a.routes() {
		var h http.Handler = r.handler
		if r.cached {
			h = markCacheable(h)
		}
		mux.Handle(r.pattern, a.secure(a.withoutSentenceEnd(h)))
		method, path, hasMethod := strings.Cut(r.pattern, " ")
		if !hasMethod {
			continue // it answers every method itself
		}
		if _, seen := allow[path]; !seen {
			paths = append(paths, path)
		}
		allow[path] = append(allow[path], method)
		if method == http.MethodGet {
			allow[path] = append(allow[path], http.MethodHead)
		}
	}
	for _, p := range paths {
		methods := strings.Join(allow[p], ", ")
		mux.Handle(p, a.secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a.methodNotAllowed(w, r, methods)
		})))
	}
}

// elsewhere answers an address no route has: a GET or HEAD is a page that
// does not exist, any other method the site's 405.
func (a *Archive) elsewhere(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		a.methodNotAllowed(w, r, "GET, HEAD")
		return
	}
	a.notFound(w, r)
}

// methodNotAllowed answers 405 with the site's error page, naming the
// methods the address takes in Allow.
func (a *Archive) methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	a.errorPage(w, r, http.StatusMethodNotAllowed, layout{Site: a.site, Title: "Method not allowed · " + a.name},
		message{Heading: "Method not allowed", Text: "This address takes " + allow + " requests only, not " + clip(r.Method, 20) + ".", Links: a.wayBack()})
}

// link is the absolute URL of path (which starts with "/") with query.
func (a *Archive) link(path string, query url.Values) string {
	u := a.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return u
}
