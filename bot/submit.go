package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/pagemeta"
	"github.com/sharednews/sharednews/store"
)

// submit answers /shared submit URL [SECTOR] [NOTE…].
func (b *Bot) submit(ctx context.Context, req Request, cmd Command) Reply {
	raw := cmd.Arg(0)
	if raw == "" {
		return badArgs("Give the link to the story.")
	}
	link, err := digest.Canonicalize(digest.TypedLink(raw))
	if err != nil {
		hint := schemeHint(raw, err)
		if hint == "" {
			hint = b.laterLinkHint(req, cmd, err)
		}
		return badArgs(urlProblem(err) + hint)
	}
	if meant := spacedLink(cmd, link); meant != "" {
		return badArgs(fmt.Sprintf("That link seems to have a space in it: did you mean `%s`? Submit it again without the space.", meant))
	}
	if why := splitLink(cmd); why != "" {
		return badArgs(why)
	}
	sector, noteFrom, found := b.leadingSector(cmd, 1)
	if arg := sectorWord(cmd.Arg(1)); !found && arg != "" && !cmd.Args[1].Literal {
		_, err := b.sectors.Resolve(arg)
		var unknown *digest.UnknownSectorError
		if errors.As(err, &unknown) && unknown.Suggestion != "" {
			// Close to a sector name: most likely a typo, not the note's first word.
			return problem(sectorProblem(err) + " Sectors: " + b.sectorSlugs() + ".")
		}
	}
	// One paragraph for the editors, as a reason is: `\n` typed is a space.
	note := strings.TrimSpace(escapedBreaks.ReplaceAllString(cmd.Rest(noteFrom), " "))
	if r, bad := tooLong("A note", note, maxNoteRunes); bad {
		return r
	}

	onWire := false
	if existing, err := b.store.StoryByURL(ctx, link); err == nil {
		// A story only on the newswire is no duplicate: submitting it
		// recommends it to the editors (store.Submit queues it).
		if existing.State != digest.StateNewswire {
			return Reply{Body: b.duplicateSentence(existing)}
		}
		onWire = true
	} else if !errors.Is(err, store.ErrNotFound) {
		return b.failure(ctx, "check for duplicates", err)
	}
	since := b.now().Add(-time.Hour)
	// The limit keeps members from flooding the editors' queue; an editor
	// submitting (keeping a held-back newswire entry, or a story found
	// elsewhere) is working that queue, and could approve it anyway.
	unlimited := b.isEditor(req.Caller)
	if !unlimited {
		if n, err := b.store.SubmissionsSince(ctx, req.Caller.Person, since); err != nil {
			return b.failure(ctx, "check submission limit", err)
		} else if n >= b.cfg.Submissions.PerUserPerHour {
			return problem(b.rateLimitSentence())
		}
	}

	story := digest.Story{
		URL:        link,
		Headline:   link,
		Source:     hostSource(link),
		Submitter:  req.Caller.Person,
		SubmitNote: note,
		Sector:     sector.Slug,
	}
	var readProblem string
	// A newswire story keeps the feed's text and sector (the member's
	// sector, if they chose one, replaces it): nothing to read or suggest.
	if !onWire {
		if r, refused := b.fillSubmission(ctx, &story, &readProblem); refused {
			return r
		}
	}

	saved, err := b.store.Submit(ctx, store.Submission{Story: story, Limit: b.cfg.Submissions.PerUserPerHour, Since: since, Unlimited: unlimited})
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup):
		return Reply{Body: b.duplicateSentence(dup.Existing)}
	case errors.Is(err, store.ErrRateLimited):
		return problem(b.rateLimitSentence())
	case err != nil:
		return b.failure(ctx, "queue the story", err)
	}
	carded := b.PostReviewCards(ctx, saved)

	if readProblem != "" {
		return success(fmt.Sprintf("Queued as #%d. I couldn't read the page (%s), so for now its headline is the link; the editor can edit it.",
			saved.ID, readProblem))
	}
	if !carded {
		// Its card is missing from a review channel (the failure is
		// logged with its remedy): the queue is where the editor sees it.
		return Reply{Body: says(Success, "Thanks! Queued as #%d: %s (%s). It is in the review queue, where the editor sees it with `%s queue`.",
			saved.ID, quote(saved.Headline), b.sectorName(saved.Sector), b.CommandWord(req.Channel.Platform))}
	}
	return Reply{Body: says(Success, "Thanks! Queued as #%d: %s (%s). The editor will review it.",
		saved.ID, quote(saved.Headline), b.sectorName(saved.Sector))}
}

// leadingSector reads a sector named by the typed words from argument i
// on, so that a name of several words typed as it reads ("local government
// Good read") is the sector and what follows is free text: the longest run
// of two or more words that is a sector's slug, name or alias exactly (a
// prefix there would take the note's words: "health and wellbeing"), else
// the one word (below). It returns the sector, the argument
// after it, and whether one was found; a word given as a literal field
// (Discord's note) is never part of it.
func (b *Bot) leadingSector(cmd Command, i int) (digest.Sector, int, bool) {
	if i >= len(cmd.Args) || cmd.Args[i].Literal {
		return digest.Sector{}, i, false
	}
	end, most := i, b.sectors.MaxWords()
	for end < len(cmd.Args) && end-i < most && !cmd.Args[end].Literal {
		end++
	}
	for j := end; j > i+1; j-- {
		words := make([]string, 0, j-i)
		for _, a := range cmd.Args[i:j] {
			words = append(words, a.Text)
		}
		words[len(words)-1] = sectorWord(words[len(words)-1])
		if s, ok := b.sectors.Named(strings.Join(words, " ")); ok {
			return s, j, true
		}
	}
	// One word: a sector's slug, name or alias exactly, or the first word
	// of one ("local" Good read). Any other start of a name counts only
	// when nothing follows it ("submit URL heal"): before a note it would
	// take the note's first word ("in my view", "Leader of the council"
	// are not International and Collaborative Leadership). And a
	// two-letter alias ("he", "fe") counts before a note only in capitals:
	// "He said…" begins a sentence, "HE funding…" names one.
	word := sectorWord(cmd.Args[i].Text)
	if i+1 == len(cmd.Args) {
		if s, err := b.sectors.Resolve(word); err == nil {
			return s, i + 1, true
		}
		return digest.Sector{}, i, false
	}
	if casualShortWord(word) {
		return digest.Sector{}, i, false
	}
	if s, ok := b.sectors.Named(word); ok {
		return s, i + 1, true
	}
	if s, ok := b.sectors.StartingWith(word); ok {
		return s, i + 1, true
	}
	return digest.Sector{}, i, false
}

// casualShortWord reports whether w is a word of one or two letters not
// written in capitals: "he", "He", not "HE".
func casualShortWord(w string) bool {
	return utf8.RuneCountInString(w) <= 2 && w != strings.ToUpper(w)
}

// sectorWord is the last word of a sector's name as typed before a note,
// without the comma, colon or semicolon that sets the note off ("health,
// a good read").
func sectorWord(w string) string { return strings.TrimRight(w, ",;:") }

// fillSubmission fills a new submission's text from what the newswire held
// back under its link, or else from the page itself, and suggests its
// sector. It returns the refusal when the link itself is not acceptable;
// readProblem is set when the page could not be read.
func (b *Bot) fillSubmission(ctx context.Context, story *digest.Story, readProblem *string) (Reply, bool) {
	if held, err := b.store.HeldBackByURL(ctx, story.URL); err == nil {
		// The newswire held this link back as a duplicate of another
		// story; submitting it keeps it, as the feed gave it, with the
		// sector suggested when it was read: suggesting again here
		// would lose the feed's sector hint, which only the poller has.
		if keepHeldBack(story, held); story.SuggestedSector != "" && story.Sector != "" {
			return Reply{}, false
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return b.failure(ctx, "look up held-back entries", err), true
	} else {
		var refusal string
		if *readProblem, refusal = b.readPage(ctx, story); refusal != "" {
			return problem(refusal), true
		}
	}
	story.SuggestedSector = b.suggester.Suggest(ctx, *story)
	if story.Sector == "" {
		story.Sector = story.SuggestedSector
	}
	return Reply{}, false
}

// keepHeldBack fills a submission of a link the newswire held back with
// the entry as its feed gave it: headline, summary, source, publication
// time, suggested sector, and that sector unless the submitter chose one.
func keepHeldBack(story *digest.Story, held store.HeldBack) {
	story.Headline, story.Summary, story.Source = held.Entry.Headline, held.Entry.Summary, held.Entry.Source
	story.PublishedAt = held.Entry.PublishedAt
	story.SuggestedSector = held.Entry.SuggestedSector
	if story.Sector == "" {
		story.Sector = held.Entry.Sector
	}
}

// readPage fills headline, summary and source from the page. It returns a
// short reason when the page could not be read; the story keeps the link
// as its headline then. refusal is the answer, when not "", to a link
// that is not submitted at all: one that is not acceptable (it leads to a
// private address or a non-web scheme) or whose page does not exist (a
// typo: pagemeta.ErrNotFound), as opposed to a page that is there but
// hard to read (a wall, a bot blocker, a site that is down or slow, a
// network that is missing), which editors can still open and judge.
func (b *Bot) readPage(ctx context.Context, story *digest.Story) (reason, refusal string) {
	if b.pages == nil {
		return "fetching pages is switched off", ""
	}
	ctx, cancel := context.WithTimeout(ctx, b.cfg.Submissions.FetchTimeout.Duration)
	defer cancel()
	meta, err := b.pages.Fetch(ctx, story.URL)
	if err != nil {
		b.log.InfoContext(ctx, "submitted page not read", "url", story.URL, "err", err)
		reason = "the site could not be reached"
		var fe *pagemeta.FetchError
		if errors.As(err, &fe) && fe.Reason != "" {
			reason = fe.Reason
		}
		switch {
		case errors.Is(err, pagemeta.ErrBlockedAddress) || errors.Is(err, pagemeta.ErrScheme):
			refusal = fmt.Sprintf("That link cannot be submitted: %s. Nothing was queued.", reason)
		case errors.Is(err, pagemeta.ErrNotFound) && fe != nil:
			refusal = fmt.Sprintf("I couldn't find that page (%s). Check the link and submit it again.", missingPage(story.URL, fe))
		}
		return reason, refusal
	}
	if meta.Title != "" {
		// The source line names the site: its name at the end of the
		// title is no part of the headline an editor would keep.
		story.Headline = digest.Shorten(digest.WithoutSiteName(meta.Title, meta.SiteName), maxHeadlineRunes)
	}
	story.Summary = digest.Shorten(meta.Description, maxSummaryRunes)
	if meta.SiteName != "" {
		story.Source = meta.SiteName
	}
	if meta.Title == "" {
		return "the page has no title", ""
	}
	return "", ""
}

// missingPage says why the page at link, which fe says does not exist (its
// site answered 404 or 410), could not be found: "https://x.org/nwes/1
// answered 404 Not Found". It names the link the member gave, never where
// a redirect led: that address is the remote site's words. A long link is
// shown by its start (maxLinkShown).
func missingPage(link string, fe *pagemeta.FetchError) string {
	link = digest.Shorten(link, maxLinkShown)
	if fe.Redirected {
		return fmt.Sprintf("%s redirects to a page that answered %d %s", link, fe.Status, http.StatusText(fe.Status))
	}
	return fmt.Sprintf("%s answered %d %s", link, fe.Status, http.StatusText(fe.Status))
}

// maxLinkShown is the most characters of a link a sentence shows. A link
// may have 2,048 (digest.MaxURLLength): the whole of one would bury the
// sentence's advice, and where a platform holds less (a Discord message
// holds 2,000) the advice would be cut off.
const maxLinkShown = 200

func (b *Bot) rateLimitSentence() string {
	return fmt.Sprintf("You have submitted %d links in the last hour, the most allowed; please try again later.",
		b.cfg.Submissions.PerUserPerHour)
}

// duplicateSentence tells a submitter where the story already is.
func (b *Bot) duplicateSentence(s digest.Story) Message {
	by := b.byline(", submitted by ", s.Submitter, s.CreatedAt)
	switch s.State {
	case digest.StateQueued:
		return says(Problem, "Already in the queue as #%d%s.", s.ID, by)
	case digest.StateApproved:
		return says(Problem, "Already approved for the next edition as #%d%s.", s.ID, by)
	case digest.StatePublished:
		if s.EditionNumber > 0 {
			return says(Problem, "Already published in edition %d (story #%d).", s.EditionNumber, s.ID)
		}
		return says(Problem, "Already published (story #%d).", s.ID)
	case digest.StateRejected:
		// Said as a rejection, not as a story still waiting; and not
		// "submitted" either, as a newswire story rejected by command never
		// was. An editor can change their mind, so the member knows whom to ask.
		when := ""
		if !s.DecidedAt.IsZero() {
			when = " on " + b.shortDate(s.DecidedAt)
		}
		return says(Problem, "Already rejected by the editor%s (story #%d); an editor can still approve it with `approve %d`.", when, s.ID, s.ID)
	default:
		return says(Problem, "Already on the newswire as #%d; an editor can approve it with `approve %d`.", s.ID, s.ID)
	}
}

// hostSource names a site by its host until the page tells us better.
func hostSource(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// splitLink says why the typed link cannot be what the member meant when
// it was cut or run on by something they could not see, else "". An
// invisible character pasted into it (a zero-width space, a control
// character) ends a word as a space does, so "https://example.org/<ZWSP>news/1"
// queued the site's home page with "news/1" for a note; and a line break
// typed as `\n` right after it ("…/1\nhealth") was read into the link,
// which then named a page that does not exist.
func splitLink(cmd Command) string {
	if len(cmd.Args) == 0 || cmd.Args[0].Literal {
		return ""
	}
	first := cmd.Args[0]
	if loc := escapedBreak.FindStringIndex(first.Text); loc != nil {
		return fmt.Sprintf("That link runs into a line break typed as `\\n`: put a space after the link, before the sector or note: `%s`.",
			quoteCode(first.Text[:loc[0]]+" "+first.Text[loc[1]:]))
	}
	if len(cmd.Args) < 2 || cmd.Args[1].Literal || cmd.raw[first.start] != first.Text[0] {
		return "" // a quoted link ends at its quote
	}
	gap := cmd.raw[first.start+len(first.Text) : cmd.Args[1].start]
	if gap == "" || strings.ContainsFunc(gap, unicode.IsSpace) {
		return ""
	}
	return fmt.Sprintf("That link has an invisible character in it, pasted with it, after `%s`: did you mean `%s`? Submit it again without it.",
		quoteCode(first.Text), quoteCode(first.Text+cmd.Args[1].Text))
}

// spacedLink is, for a link whose site name has no dot ("https://exa")
// followed by a word that completes it ("mple.org/"), the link as it was
// meant: a space pasted into it, from a PDF or a line-wrapped email. Else
// "". Without it the first piece was queued as the link ("https://exa/",
// a site that does not exist) and the rest taken for the note. A site
// name without a dot is no public page, so nothing a member means is
// refused; "localhost" and IP addresses are left as typed.
func spacedLink(cmd Command, link string) string {
	u, err := url.Parse(link)
	if err != nil || len(cmd.Args) < 2 || cmd.Args[1].Literal {
		return ""
	}
	host := u.Hostname()
	if _, numeric := digest.NumericHost(host); numeric || strings.Contains(host, ".") || strings.EqualFold(host, "localhost") {
		return ""
	}
	joined, err := digest.Canonicalize(digest.TypedLink(cmd.Arg(0) + cmd.Arg(1)))
	if err != nil {
		return ""
	}
	j, err := url.Parse(joined)
	if err != nil || !strings.Contains(j.Hostname(), ".") || !domainEnding(j.Hostname()) {
		return ""
	}
	return joined
}
