// Package search answers a search of the archive: what `/shared search`
// and the web page `/search` both show. It reads the query (small words
// left out unless quoted, quoted phrases, hyphenated names whole), finds
// the stories in the store's stem index (a word also in its other
// spelling, in words that mean the same, written together with the
// word typed next to it, and as two words written apart; a word no story
// has also as a prefix; a sector's name typed whole, the stories filed
// under it: WithSectors; a year, or a month and its year alone, the
// stories dated then), ranks them
// (package relevance), says when only some words matched, and suggests a
// spelling from the archive's own words when nothing or little matches.
//
// Indexing, matching and ranking all split and stem words with package
// terms, so a word that matched is a word that counts.
package search

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/relevance"
	"github.com/sharednews/sharednews/stemmer"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/terms"
)

// Archive is what a search reads; *store.Store is one.
type Archive interface {
	SearchMatches(ctx context.Context, m store.TermMatch, limit int) ([]store.SearchDoc, error)
	Vocabulary(ctx context.Context, from, to string, limit int) ([]store.TermCount, error)
	VocabularyOf(ctx context.Context, stems []string) ([]store.TermCount, error)
	StoriesByID(ctx context.Context, ids []int64) ([]digest.Story, error)
	SearchStoryByURL(ctx context.Context, url string, publishedOnly bool) (digest.Story, error)
	SearchFiled(ctx context.Context, sector string, publishedOnly bool, limit int) ([]store.SearchDoc, error)
	SearchMonth(ctx context.Context, month time.Time, publishedOnly bool, limit int) ([]store.SearchDoc, error)
	SearchMonthEveryYear(ctx context.Context, month time.Month, publishedOnly bool, limit int) ([]store.SearchDoc, error)
	EditionTexts(ctx context.Context) ([]store.EditionText, error)
}

// candidates is how many of the newest matching stories a search ranks:
// ranking costs the same however many stories match. Reading and ranking
// them is most of a search's time when many stories match: at 100,000
// stories 150 made searches 20–40% faster than 250 (the phrase search of
// BenchmarkSearchLargeArchive from 2.3 to 1.4 ms on the 2-core machine),
// with the same quality scores (TestSearchQuality). A search whose words
// are in fewer stories than this still ranks every one of them; for a
// commoner search, recency chose which were ranked at 250 too.
const candidates = 150

// Field weights for ranking: a word in the headline says most about what a
// story is about; the editor's commentary and the source say least, and the
// heading of the section it is filed under, named in the search, and the
// period it is dated in, named so (Query.Dated), no more (and only after the stories
// that say the words: relevance.Field.Aside).
const (
	headlineWeight   = 10
	summaryWeight    = 4
	commentaryWeight = 2
	sourceWeight     = 1
	sectionWeight    = 1
)

// Result is the answer to a search.
type Result struct {
	Query Query
	Hits  []Hit
	// Partial is set when no story has every part of the query (the hits
	// have some of them), or the query has a word too long to be one.
	Partial bool
	// Missing are the parts, as typed, that no hit has, and the words too
	// long to be words (Query.TooLong).
	Missing []string
	// Apart are the words joined with hyphens, as typed, that no story
	// writes so: Query is the search with them written apart.
	Apart []string
	// Suggestion is a spelling the archive knows, set when nothing or
	// little matched and it finds stories.
	Suggestion *Suggestion
	// OtherPeriods is set when the query names a period (Query.Period)
	// and there are hits but none is of it.
	OtherPeriods bool
	// Followed is the query as typed when nothing matched it and the
	// hits are its Suggestion's: Query is then the suggestion's.
	Followed string
	// Address is, when no story has the link the query is (Query.Link),
	// the words of the link's address that were searched instead
	// (addressWords): Followed is then the link as typed and Query the
	// words'.
	Address string
	// Offset is how many better hits come before Hits (SearchFrom).
	Offset int
	// Total is how many stories the search ranks, and so could show
	// with a limit large enough (unless Uncounted): Hits are those from
	// Offset on. It is not how many stories of the archive have the
	// words: a search ranks the newest candidates of a common word
	// (candidates), and a story past them is shown by no limit. More is
	// set when Total exceeds Offset plus the limit asked for.
	Total int
	More  bool
	// Uncounted is set when Total counts only the stories with every
	// part (and those a sector or period named adds): many have every
	// part, the page ends before them, and those with some of the parts,
	// which rank after them, are not gathered (rankedApart). More is then
	// set, and a page that reaches past them counts them.
	Uncounted bool
	// completeBefore is how many of the Offset hits before Hits have
	// every part some story has (Note's count).
	completeBefore int
}

// Hit is one story found.
type Hit struct {
	Story digest.Story
	// Matched are the parts of the query, as typed, that the story has.
	Matched []string
	// Excerpt is, when the story's headline and summary lack a part it
	// matched, the sentence of the editor's words about it (commentary, or
	// what was written below it in a past edition) where that part stands,
	// on one line and at most MaxExcerptRunes; "" otherwise.
	Excerpt string
}

// Suggestion is a query with misspelt words replaced by words of the
// archive.
type Suggestion struct {
	Query       string       // the whole query, corrected
	Corrections []Correction // the words replaced
}

// Correction is one word replaced.
type Correction struct {
	Typed, Suggested string
}

// slip reports whether every word the suggestion replaces is one slip of
// the keyboard from it (a letter missed, added, changed or two swapped),
// as "colaboration" is from "collaboration": a search that matched
// nothing is answered with such a suggestion's stories. A word two edits
// away is as likely a real word the archive lacks ("corner", offered
// "cover"), and so is one that is the suggestion's stem with another
// ending ("former", offered "formed", whose stem is "form"): the reader
// is only asked about those.
func (sug *Suggestion) slip() bool {
	if sug == nil {
		return false
	}
	for _, c := range sug.Corrections {
		typed, suggested := strings.ToLower(c.Typed), strings.ToLower(c.Suggested)
		if digest.EditDistance(typed, suggested) > 1 {
			return false
		}
		// "former": "form" and "er", an ending English makes words
		// with. ("devoluton" is "devolut", the stem of "devolution",
		// and "on": a slip.)
		endings := [...]string{"er", "ers", "ed", "ing", "ings", "s", "es", "ly", "or", "ors", "ment", "ments"}
		if rest, ok := strings.CutPrefix(typed, terms.Stem(suggested)); ok && slices.Contains(endings[:], rest) {
			return false
		}
	}
	return true
}

// Searcher searches one archive.
type Searcher struct {
	archive       Archive
	publishedOnly bool
	sectors       []sectorName // WithSectors
	// exclude are the patterns of the query's exclusions (Query.Excluded),
	// on the copy of a Searcher that answers that query (SearchFrom).
	exclude []store.TermPattern
}

// sectorName is a sector's name as a search reads it.
type sectorName struct {
	slug, name string
	stems      []string // of the name's words, small words left out
}

// New returns a Searcher over every story of the archive except rejected
// ones and submissions not yet decided: what /shared search sees.
func New(archive Archive) *Searcher {
	return &Searcher{archive: archive}
}

// NewPublished returns a Searcher over the stories of published editions
// only: what the public web archive may show.
func NewPublished(archive Archive) *Searcher {
	return &Searcher{archive: archive, publishedOnly: true}
}

// WithSectors returns a Searcher like s that also reads the name of a
// sector typed whole ("Highway Code", "blue light services"), or most of a
// longer one ("blue light": namedSectors), as naming the stories filed
// under it: they count as having those words, in their
// section's heading, and rank after the stories with as many of the words
// that say them (relevance.Field.Aside). A sector's aliases are not read
// so ("police", "digital"): they are everyday words, which would bring a
// whole sector into a search for them.
func (s *Searcher) WithSectors(sectors []digest.Sector) *Searcher {
	c := *s
	c.sectors = nil
	for _, sec := range sectors {
		n := sectorName{slug: sec.Slug, name: digest.OneLine(sec.Name)}
		n.stems = terms.PhraseStems(n.name)
		if len(n.stems) > 0 {
			c.sectors = append(c.sectors, n)
		}
	}
	return &c
}

// matches asks the archive for the newest limit stories that match m, in
// the Searcher's scope.
func (s *Searcher) matches(ctx context.Context, m store.TermMatch, limit int) ([]store.SearchDoc, error) {
	m.PublishedOnly = s.publishedOnly
	m.Exclude = s.exclude
	docs, err := s.archive.SearchMatches(ctx, m, limit)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return docs, nil
}

// Search answers the query typed as raw with at most limit stories, best
// first. A query with nothing to search for gets a Result whose
// Query.Problem says why; err is for the store failing.
func (s *Searcher) Search(ctx context.Context, raw string, limit int) (Result, error) {
	return s.SearchFrom(ctx, raw, 0, limit)
}

// SearchFrom answers as Search does with the hits after the best offset
// of them, at most limit: a later page of the same answer. A search's
// ranking does not depend on offset or limit, only how much of it is read
// (search), so the pages of one query, asked in turn, show each story once.
func (s *Searcher) SearchFrom(ctx context.Context, raw string, offset, limit int) (Result, error) {
	q := Parse(raw)
	res := Result{Query: q}
	if q.Problem != "" || limit <= 0 || offset < 0 {
		return res, nil
	}
	w := pageWindow{offset: offset, limit: limit}
	if q.Link != "" {
		return s.searchLink(ctx, res, w)
	}
	if len(q.Excluded) > 0 {
		// The index is asked for stories without the exclusions (so the
		// newest candidates are not all ones to drop); the stories found
		// other ways (a sector or a period named) are dropped in gather.
		c := *s
		c.exclude = nil
		for _, p := range q.Excluded {
			for _, form := range excludedForms(p) {
				c.exclude = append(c.exclude, store.TermPattern{Stems: form})
			}
		}
		s = &c
	}
	res, err := s.searchWords(ctx, q, w)
	if err != nil || res.Total > 0 || !res.Suggestion.slip() {
		return res, err
	}
	// Nothing matched, but a spelling the archive knows does: answer with
	// its stories, as a search engine would, rather than make the reader
	// type again; the answer says so (Note) and still offers the
	// suggestion. A query some of whose words matched has hits, and
	// keeps them.
	followed, err := s.searchWords(ctx, Parse(res.Suggestion.Query), w)
	if err != nil || followed.Total == 0 {
		return res, err
	}
	followed.Followed = q.Text
	followed.Suggestion = res.Suggestion
	return followed, nil
}

// pageWindow is the part of a search's ranking that its Result shows: from
// the best offset on, at most limit hits.
// whole asks for every story ranked, whatever the page: the stories with
// some of the parts too, which a page that ends before them does not read.
type pageWindow struct {
	offset, limit int
	whole         bool
}

// searchWords answers q, a query of words, and searches again with the
// words joined with hyphens written apart when no story writes them so.
func (s *Searcher) searchWords(ctx context.Context, q Query, w pageWindow) (Result, error) {
	res, _, err := s.search(ctx, q, w)
	if err != nil {
		return res, err
	}
	// Words joined with hyphens that no story writes so, in a row or as
	// one ("Malvern-Wychavon" where stories have "Malvern and
	// Wychavon"), are searched again apart, as a search engine would,
	// and the answer says so; unless a word of them is in no story
	// ("anti-social" apart is "social", not what was asked). When every
	// word is in some story but none has them all ("Peterborough-based"),
	// the stories with some of them are the answer, noted as partial as
	// any search's: "Nothing matches" was untrue where "Peterborough"
	// alone finds stories.
	text, joined, pieces := writtenApart(q, res.Missing)
	if len(joined) == 0 {
		return res, nil
	}
	// Every story ranked is looked at, not only those shown, so that
	// each page of the answer makes the same choice: those with some of
	// the words too, when the stories ranked did not have them.
	again, ranked, err := s.search(ctx, Parse(text), w)
	has := func(r relevance.Ranked) bool { return hasEvery(r, again.Query, pieces) }
	if err == nil && again.Uncounted && !slices.ContainsFunc(ranked, has) {
		again, ranked, err = s.search(ctx, Parse(text), pageWindow{offset: w.offset, limit: w.limit, whole: true})
		// The answer is the page's, as any other page's: More and Total
		// as counted now, every story ranked.
	}
	if err != nil || !slices.ContainsFunc(ranked, has) && (len(again.Hits) == 0 || !everyPieceKnown(again, pieces)) {
		return res, err
	}
	again.Apart = joined
	return again, nil
}

// everyPieceKnown reports whether some story has each of words, the words
// of a hyphenated name written apart, that res's query searches.
func everyPieceKnown(res Result, words []string) bool {
	for _, p := range res.Query.Parts {
		if slices.Contains(words, p.Typed) && slices.Contains(res.Missing, p.Typed) {
			return false
		}
	}
	return true
}

// hasEvery reports whether the story ranked as r has every part of q
// typed as one of words: apart, a name must still be in one story
// ("price-cap" is not "price" in one story and "cap" in another).
func hasEvery(r relevance.Ranked, q Query, words []string) bool {
	for j, p := range q.Parts {
		if slices.Contains(words, p.Typed) && !r.Matched[j] {
			return false
		}
	}
	return true
}

// search answers q, a query of words, with the hits in w; it also
// returns every story it ranked, best first.
//
// Its ranking is one for every page: the stories find gathered first
// (with every part, and those the query's sector or period adds), ranked
// among themselves, then, when find put them off (found.deferred), the
// stories with some of the parts, ranked with all of them, in their order.
// The first are ranked apart so that a page that ends before their end
// reads no more than those; a later page gathers and ranks both, and
// leaves the first where the first page put them.
func (s *Searcher) search(ctx context.Context, q Query, w pageWindow) (Result, []relevance.Ranked, error) {
	res := Result{Query: q, Offset: w.offset}
	g, err := s.gather(ctx, q, true)
	if err != nil {
		return res, nil, err
	}
	for _, p := range g.parts {
		if !p.known {
			res.Missing = append(res.Missing, p.part.Typed)
		}
	}
	if g.found.all < littleMatches || len(res.Missing) > 0 {
		if res.Suggestion, err = s.suggest(ctx, q, g.parts); err != nil {
			return res, nil, err
		}
	}
	// A word too long to be one is in no story; after the suggestion,
	// which has nothing to offer for it.
	res.Missing = append(res.Missing, q.TooLong...)
	said := q.Period.said()
	ranked := s.rank(q, g.parts, suggested(res), g.asides, said, g.found.docs)
	docs := g.found
	if g.found.deferred && (w.whole || w.offset+w.limit >= len(ranked)) {
		// The page reaches past the stories ranked apart: the rest follow
		// them, in the order a ranking of every story gathered gives.
		all, err := s.gather(ctx, q, false)
		if err != nil {
			return res, nil, err
		}
		rest := s.rank(q, all.parts, suggested(res), all.asides, said, all.found.docs)
		first := make(map[int64]bool, len(ranked))
		for _, r := range ranked {
			first[r.ID] = true
		}
		for _, r := range rest {
			if !first[r.ID] {
				ranked = append(ranked, r)
			}
		}
		docs.add(all.found.docs)
	} else if g.found.deferred {
		// The stories with some of the parts are not counted, but there
		// are more stories than the page holds all the same.
		res.Uncounted = true
	}
	// More means a larger limit would show more: more stories are ranked
	// than the window holds. Those are the candidates find gathered and
	// rank kept, partial matches after the complete ones included; the
	// stories of a common word older than its newest candidates are
	// ranked by no search, so they are not counted.
	res.Total = len(ranked)
	end := min(w.offset+w.limit, len(ranked))
	res.More = len(ranked) > end
	shown := ranked[:end] // the hits of this page and those before it
	page := shown[min(w.offset, end):]
	if res.Hits, err = s.hits(ctx, q, page); err != nil {
		return res, nil, err
	}
	addExcerpts(res.Hits, g.parts, docs.docs)
	// The sentences about the hits read the stories up to the end of the
	// page: a page says what the first one said of the same stories.
	res.Partial = len(q.TooLong) > 0 || slices.ContainsFunc(shown, func(r relevance.Ranked) bool { return r.Required < len(q.Parts) })
	res.completeBefore = completeRanked(q, res.Missing, shown[:len(shown)-len(page)])
	// rank marked each candidate of the period (Period.of) as preferred.
	res.OtherPeriods = len(shown) > 0 && !q.Period.To.IsZero() &&
		!slices.ContainsFunc(shown, func(r relevance.Ranked) bool { return r.Preferred })
	return res, ranked, nil
}

// gathered is what a search ranks: the parts as the archive knows them,
// the candidates, and their asides.
type gathered struct {
	parts  []matchPart
	found  found
	asides asides
}

// gather finds the candidates for q's parts (find; mayDefer as there)
// and adds those its capitals, period, sectors and dates bring.
func (s *Searcher) gather(ctx context.Context, q Query, mayDefer bool) (gathered, error) {
	g := gathered{parts: make([]matchPart, len(q.Parts)), asides: asides{}}
	for i, p := range q.Parts {
		g.parts[i] = newMatchPart(p)
	}
	if err := s.addWrittenApart(ctx, g.parts); err != nil {
		return g, err
	}
	var err error
	if g.found, err = s.find(ctx, g.parts, mayDefer); err != nil {
		return g, err
	}
	if err = s.addSpelledOut(ctx, g.parts, &g.found); err != nil {
		return g, err
	}
	if err = s.addPeriod(ctx, q.Period, g.parts, &g.found); err != nil {
		return g, err
	}
	if err = s.addFiled(ctx, g.parts, &g.found, g.asides); err != nil {
		return g, err
	}
	if err = s.addDated(ctx, q, g.parts, &g.found, g.asides); err != nil {
		return g, err
	}
	if err = s.addMonth(ctx, q, g.parts, &g.found, g.asides); err != nil {
		return g, err
	}
	if len(q.Excluded) > 0 {
		g.found.exclude(q.Excluded)
	}
	return g, nil
}

// exclude drops the candidates that have an excluded word or phrase
// (Query.Excluded) in any field the index holds, keeping the count of
// those with every part. The index's questions by words leave them out
// already (Searcher.exclude); the stories of a sector or a period named
// (addFiled, addPeriod, addDated) are read without it, and dropped here.
func (f *found) exclude(excluded []Part) {
	// The forms of every excluded part, worked out once, not per story.
	var forms [][]string
	for _, p := range excluded {
		forms = append(forms, excludedForms(p)...)
	}
	kept, all := f.docs[:0], 0
	for i, d := range f.docs {
		if slices.ContainsFunc(forms, func(form []string) bool { return hasPhrase(d, form) }) {
			continue
		}
		if i < f.all {
			all++
		}
		kept = append(kept, d)
	}
	f.docs, f.all = kept, all
}

// excludedForms are the stems, each in a row, of the stories an excluded
// part leaves out: its own, and for one word typed without quotes the
// other forms a search for the word finds it by (matchPart.variants:
// "merger" for "merge", "propos" for "proposal"; terms.OtherSpellings:
// "center" for "centre"), so that `councils -merge` leaves out every story
// `merge` finds, "Council mergers" too. A quoted word is that word alone,
// or the word its initials said apart spell (-"A and E" is -"A&E").
func excludedForms(p Part) [][]string {
	forms := append([][]string{p.Stems}, p.Expansions...)
	if len(p.Stems) != 1 || p.Quoted {
		return forms
	}
	word := p
	word.Phrase = false
	for _, v := range newMatchPart(word).variants() {
		forms = append(forms, []string{v})
	}
	for _, s := range terms.OtherSpellings(p.Stems[0]) {
		forms = append(forms, []string{s})
	}
	return forms
}

// hasPhrase reports whether the story has stems in a row in one of its
// fields, as the index holds them (terms.EachIndexed: a word, or a
// hyphenated compound written whole).
func hasPhrase(d store.SearchDoc, stems []string) bool {
	for _, text := range [...]string{d.Headline, d.Summary, d.Source, d.Commentary} {
		var tokens []string
		terms.EachIndexed(text, func(token string) { tokens = append(tokens, token) })
		for i := 0; i+len(stems) <= len(tokens); i++ {
			if slices.Equal(tokens[i:i+len(stems)], stems) {
				return true
			}
		}
	}
	return false
}

// completeRanked counts the stories ranked that have every part of q
// that some story has (those not in missing), as Note's partial counts
// its hits.
func completeRanked(q Query, missing []string, ranked []relevance.Ranked) int {
	n := 0
	for _, r := range ranked {
		matched, others := 0, 0
		for j, p := range q.Parts {
			if !slices.Contains(missing, p.Typed) {
				others++
			}
			if r.Matched[j] {
				matched++
			}
		}
		if matched == others {
			n++
		}
	}
	return n
}

// said returns the period as a story's text writes it, as terms that
// order the stories with as many parts: the month in full or short,
// then the year ("April 2015", "Apr 2015"; "Sept 2015" too). Someone who
// types "Care Act April 2015" asks about that month, and a story saying it
// is about it whenever it was written (announcing "the new duties start
// in April 2015"): it is of the period (of) as the stories dated then are,
// and the words it has count for it too, so it ranks before those that
// are only dated then. Such a story is ranked when it is among the
// candidates (the newest with the parts); the index is not asked for it
// apart, which would cost every search naming a month another query. nil
// without a period.
func (p Period) said() []relevance.Term {
	if p.To.IsZero() {
		return nil
	}
	year := strconv.Itoa(p.From.Year())
	var out []relevance.Term
	for _, f := range monthForms(p.From.Month()) {
		var stems []string
		terms.Each(f+" "+year, func(w terms.Word) { stems = append(stems, terms.Stem(w.Text)) })
		out = append(out, relevance.Term{Stems: stems, Optional: true})
	}
	return out
}

// of reports whether d is of the period: dated in it, or saying it in its
// headline, summary or the editor's words (said: Period.said).
func (p Period) of(said []relevance.Term, d store.SearchDoc) bool {
	if p.Has(d.Date) {
		return true
	}
	if len(said) == 0 {
		return false
	}
	year := strconv.Itoa(p.From.Year())
	for _, text := range [...]string{d.Headline, d.Summary, d.Commentary} {
		if !strings.Contains(text, year) { // most texts: no need to read their words
			continue
		}
		for _, t := range said {
			if _, _, ok := relevance.Locate(t, text); ok {
				return true
			}
		}
	}
	return false
}

// suggested returns the stems of the words res's suggestion puts in place
// of words no story has: a misspelt word typed among words the archive
// has ("Camdem council") leaves hits ranked by the others alone, and the
// stories with the word the reader most likely meant should lead them.
func suggested(res Result) []string {
	if res.Suggestion == nil {
		return nil
	}
	var stems []string
	for _, c := range res.Suggestion.Corrections {
		if slices.Contains(res.Missing, c.Typed) {
			terms.Each(c.Suggested, func(w terms.Word) { stems = append(stems, terms.Stem(w.Text)) })
		}
	}
	return stems
}

// writtenApart returns q's text with the hyphens of its missing parts
// that are joined runs (Query.joined) written as spaces, wherever those
// are typed; those parts as typed; and the words written apart, as typed.
func writtenApart(q Query, missing []string) (text string, joined, pieces []string) {
	var apart [][]string // the stems of each such part
	for _, p := range q.Parts {
		if p.Phrase && !p.Quoted && slices.Contains(missing, p.Typed) &&
			slices.ContainsFunc(q.joined, func(r joinedRun) bool { return r.words[0].Start == p.Start }) {
			apart = append(apart, p.Stems)
			joined = append(joined, p.Typed)
		}
	}
	if len(joined) == 0 {
		return q.Text, nil, nil
	}
	var b strings.Builder
	last := 0
	for _, r := range q.joined {
		if !slices.ContainsFunc(apart, func(a []string) bool { return slices.Equal(a, r.stems) }) {
			continue
		}
		for k := 1; k < len(r.words); k++ {
			b.WriteString(q.Text[last:r.words[k-1].End])
			b.WriteByte(' ')
			last = r.words[k].Start
		}
		for _, w := range r.words {
			pieces = append(pieces, q.Text[w.Start:w.End])
		}
	}
	b.WriteString(q.Text[last:])
	return b.String(), joined, pieces
}

// littleMatches is how few stories make a search worth a spelling
// suggestion.
const littleMatches = 3

// matchPart is a query part as the index is asked for it.
type matchPart struct {
	part   Part
	prefix bool // an unknown word matched as the start of longer words
	// words are, for a prefix, the index's stems that begin with it when
	// there are at most maxPrefixStems: the index is asked for them by
	// name (nil: for every stem beginning so).
	words []string
	known bool // some searchable story has it
	// apart: an unknown word matched as the two words the archive writes
	// apart ("healthcare" as "health care"; see trySplit), or a quoted
	// phrase as its words written together or apart otherwise
	// (tryWrittenOtherwise).
	apart bool
	// named: a word of a sector's name typed whole, which the stories
	// filed under it have in their section's heading (addFiled), or of a
	// Dated period, which the stories dated then have in their edition's
	// date line (addDated).
	named bool
}

// maxPrefixStems is how many of the index's stems a word typed as the
// start of longer ones may stand for and be asked for one by one ("exec":
// "execut", "execution", …). FTS5 answers a prefix query only once it has
// gathered every entry of every stem it covers, each time it is asked;
// stems named one by one are read only as far as the newest matches, which
// made "chief exec" 45% faster at 100,000 stories. Past this many stems the
// prefix query is the cheaper of the two.
const maxPrefixStems = 32

func newMatchPart(p Part) matchPart { return matchPart{part: p, known: true} }

// variants are stems that stand for the same word with or without an
// agent ending, which the stemmer keeps apart ("merger" and "merge",
// "leader" and "lead"; not "officer" and "office": terms.IsOwnErNoun), with or without a derivational ending it keeps
// (derivedForms), and for a county named after its county town, the town
// ("gloucester" for "Gloucestershire"); each counts for the word at a
// lower weight.
func (m matchPart) variants() []string {
	if m.part.Phrase || m.prefix {
		return nil
	}
	s := m.part.Stems[0]
	var out []string
	if len(s) >= 3 && isLowerASCII(s) {
		// Not for a noun in -er that is no doer of the shorter word
		// ("officer" and "office"), either way.
		agent := s + "er"
		if strings.HasSuffix(s, "e") {
			agent = s + "r"
		}
		if !terms.IsOwnErNoun(agent) {
			out = append(out, agent)
		}
		if len(s) >= 6 && strings.HasSuffix(s, "er") && !terms.IsOwnErNoun(s) {
			out = append(out, s[:len(s)-2])
		}
		out = append(out, derivedForms(m.part.Words[0], s)...)
	}
	if town := countyTown(m.part.Words[0]); town != "" {
		out = append(out, town)
	}
	return out
}

// derivedForms returns the stems of the word, folded, whose stem is stem
// with or without a derivational ending that the stemmer, lighter than
// Porter's, leaves on (package stemmer): a noun in -ation, or an adjective
// in -ative, and its verb ("transformat" to "transform", "consultat" to
// "consult"; a word that merely ends in -ate keeps it, as "candidate" is
// not "candid" nor "habitat" "habit", and so does a noun of a verb in -ate,
// takesAtion: "cooperation" is not "cooper"), -bility and
// -ble ("disability" and "disabl"), -ship and -er or -or ("partnership"
// and "partner"), and -al and the word it is made from ("proposal" and
// "propos", "regional" and "region"; either way only after -os, -ov, -ew
// and -ion, as "digital" is not made from "digit"); and the noun and verb
// of latinNouns ("devolution" and "devolve"), the noun in -ness and its
// adjective (nessForms: "homelessness" and "homeless"), and the noun in
// -ency or -ence and its adjective (encyForms: "efficiency" and
// "efficient", "compliance" and "compliant"),
// whose stems differ by more than an ending the stemmer cuts. People type
// one where the headline has the other. A stem shorter than minDerivedRunes letters, cut or not,
// is none ("format" is not "form", nor "climate" "clim"). An ending is
// added only to the words that take it (-ship after -er and -or; -al
// after -os, -ov, -ew and -ion), and -ation never, as nearly every verb
// would take it: each costs every search with such a word a look-up in
// the index, and -ation on every word made searches at 100,000 stories up
// to 80% slower (BenchmarkSearchLargeArchive).
func derivedForms(word, stem string) []string {
	n := len(stem)
	if n < minDerivedRunes {
		return nil
	}
	// The ending cut, or written as the stemmer leaves it ("disability"
	// is its own stem, as "proposal" and "partnership" are).
	keep := func(s string) []string {
		if len(s) < minDerivedRunes {
			return nil
		}
		return []string{s}
	}
	out := derivedEnding(stem, isAtionWord(word), keep)
	if other := latinNounOrVerb(word, stem); other != "" {
		out = append(out, keep(other)...)
	}
	out = append(out, nessForms(word, stem)...)
	return append(out, encyForms(stem)...)
}

// encyForms returns, for a noun in -ency or -ancy, or in -ence or -ance,
// the stem of its adjective in -ent or -ant ("efficient" for
// "efficiency", "redundant" for "redundancy", "compliant" for
// "compliance", "resilient" for "resilience"), and for such an adjective
// of seven letters or more, its nouns' stems, each ending as the index
// holds it ("efficiency" and "efficienc", "transparency" and
// "transparenc"): the stemmer cuts none of these endings, and people type
// "efficiency" for the story that says "more efficient", "compliance" for
// "councils not compliant". Not where the two are no longer one word
// (notEncyNouns: an agency is no agent, assistance no assistant, a
// resident no residence, a patient no patience), nor for a stem of fewer
// than four letters before the ending.
func encyForms(stem string) []string {
	for _, e := range [...]struct {
		adjective string
		nouns     [2]string // -ency, and -ence as the index holds it ("complianc")
	}{{"ent", [2]string{"ency", "enc"}}, {"ant", [2]string{"ancy", "anc"}}} {
		// One noun of a family that means otherwise leaves out both:
		// "current" is neither "currency" nor "currence".
		other := func(base string) bool {
			return slices.Contains(notEncyNouns[:], base+e.nouns[0]) || slices.Contains(notEncyNouns[:], base+e.nouns[1])
		}
		for _, noun := range e.nouns {
			if base, ok := strings.CutSuffix(stem, noun); ok && len(base) >= 4 {
				if other(base) {
					return nil
				}
				return []string{base + e.adjective}
			}
		}
		if base, ok := strings.CutSuffix(stem, e.adjective); ok && len(stem) >= 7 && !strings.HasSuffix(stem, "ment") {
			if other(base) {
				return nil
			}
			return []string{base + e.nouns[0], base + e.nouns[1]}
		}
	}
	return nil
}

// notEncyNouns are the stems of nouns in -ency, -ancy, -ence and -ance
// that mean other than their adjective in -ent or -ant (or than the word
// that merely ends so: "commence" is no "comment"), checked against a
// British word list for the nouns of public-sector news.
var notEncyNouns = [...]string{
	"agency", "currency", "emergency", "constituency",
	"assistanc", "attendanc", "ambulanc", "entranc", "instanc",
	"patienc", "residenc", "presenc", "evidenc", "incidenc", "differenc",
	"correspondenc", "consequenc", "subsequenc", "intelligenc", "commenc",
}

// nessForms returns, for a noun in -ness, the stem of its adjective
// ("homeless" for "homelessness", "effect", as "effective" is held, for
// "effectiveness", "ready" for "readiness"), and for an adjective in
// -less, the stem of its noun ("homelessness" for "homeless"): the
// stemmer cuts neither, and councils' news writes "homeless families"
// where an officer types "homelessness", and the other way round. An
// adjective shorter than minDerivedRunes is none ("business" is no
// "busy", "witness" no "wit", "illness" no "ill"). Not for every
// adjective, which would cost every search a look-up: only -less, whose
// noun is the one news writes.
func nessForms(word, stem string) []string {
	if base, ok := strings.CutSuffix(stem, "ness"); ok {
		if y, ok := strings.CutSuffix(base, "i"); ok {
			base = y + "y" // "readiness", "loneliness"
		}
		if len(base) < minDerivedRunes || !isLowerASCII(base) {
			return nil
		}
		return []string{terms.Stem(base)}
	}
	if strings.HasSuffix(word, "less") && len(word) > len("less") {
		return []string{terms.Stem(word + "ness")}
	}
	return nil
}

// derivedEnding is derivedForms's ending cut or added (keep), for a stem
// whose word is a noun in -ation or an adjective in -ative when ation is
// set.
func derivedEnding(stem string, ation bool, keep func(string) []string) []string {
	n := len(stem)
	switch {
	case strings.HasSuffix(stem, "bility"):
		return keep(terms.Stem(stem[:n-6] + "ble"))
	case strings.HasSuffix(stem, "bl"):
		return keep(stem[:n-2] + "bility")
	case strings.HasSuffix(stem, "ship"):
		// The word left is whole ("apprentice", "relation"); the index
		// holds its stem, as it does the -ble of -bility.
		return keep(terms.Stem(stem[:n-4]))
	case strings.HasSuffix(stem, "at"):
		if !ation || !takesAtion(stem[:n-2]) {
			return nil
		}
		return keep(stem[:n-2])
	case strings.HasSuffix(stem, "al"):
		// Cut only where it would be added: many words merely end in
		// -al ("digital" is no "digit", "several" no "severe").
		if !takesAl(stem[:n-2]) {
			return nil
		}
		return keep(stem[:n-2])
	}
	var out []string
	if strings.HasSuffix(stem, "er") || strings.HasSuffix(stem, "or") {
		out = append(out, stem+"ship")
	}
	if takesAl(stem) {
		out = append(out, stem+"al")
	}
	return out
}

// latinNoun is a noun's ending in -ion, as its stem ends (package
// stemmer), and the ending of its verb's stem, where the two differ by
// more than an ending the stemmer cuts: "devolution" is "devolut" and
// "devolve" "devolv", "reduction" "reduct" and "reduce" "reduc",
// "decision" is its own stem and "decide" "decid". People type either
// for the other ("devolution" for the story of "devolved powers",
// "reduce" for "reductions in the cost"). Typed is how the noun ends as
// typed, singular: a stem is read as the noun's only when the word is
// one (the stem "product" is also the noun "product"). Each pair was
// checked against a British word list for the words it joins; left out
// are those whose noun's ending is also an adjective's that the stemmer
// cuts to the same stem ("-ension": "intend" and "intensive", "offend"
// and "offensive"), and -ention and -usion ("attention" is no
// "attend", "inclusion" no "include").
type latinNoun struct{ noun, verb, typed string }

var latinNouns = [...]latinNoun{
	{"olut", "olv", "olution"},       // devolution, resolution, evolution
	{"duct", "duc", "duction"},       // reduction, production, introduction
	{"ecision", "ecid", "ecision"},   // decision
	{"ovision", "ovid", "ovision"},   // provision
	{"ivision", "ivid", "ivision"},   // division, subdivision
	{"cript", "crib", "cription"},    // description, prescription, subscription
	{"sumpt", "sum", "sumption"},     // consumption, assumption
	{"ervent", "erven", "ervention"}, // intervention
	{"miss", "mit", "mission"},       // admission, submission, permission
	{"etent", "etain", "etention"},   // retention, detention
	{"pans", "pand", "pansion"},      // expansion
}

// notLatinNouns are nouns that latinNouns would read as another word's:
// a commission is not what is committed.
var notLatinNouns = [...]string{"commiss"}

// latinNounOrVerb returns, for a noun of latinNouns (word as typed and
// folded, stem its stem), the stem of its verb, and for a verb's stem,
// the stem of its noun; "" for any other word.
func latinNounOrVerb(word, stem string) string {
	word = strings.TrimSuffix(word, "s")
	for _, l := range latinNouns {
		if base, ok := strings.CutSuffix(stem, l.noun); ok && strings.HasSuffix(word, l.typed) {
			if slices.Contains(notLatinNouns[:], stem) {
				return ""
			}
			return base + l.verb
		}
		if base, ok := strings.CutSuffix(stem, l.verb); ok && !strings.HasSuffix(word, l.typed) {
			if slices.Contains(notLatinNouns[:], base+l.noun) {
				return ""
			}
			return base + l.noun
		}
	}
	return ""
}

// isAtionWord reports whether a folded word is a noun in -ation or an
// adjective in -ative, singular or plural: the words whose stem in -at is
// a verb's with an ending.
func isAtionWord(word string) bool {
	word = strings.TrimSuffix(word, "s")
	return strings.HasSuffix(word, "ation") || strings.HasSuffix(word, "ative")
}

// takesAtion reports whether verb, the stem left when -ation is cut from a
// noun, is a verb that -ation is added to whole, as "transform" and
// "consult" are, rather than the start of a verb in -ate, whose stem the
// noun already shares ("cooperation" and "cooperate"). As Porter's
// algorithm cuts -ate, it wants a stem of measure 2 or more (package
// stemmer): "foundation" is not made from "found", nor "plantation" from
// "plant"; and it refuses a stem in -er, nearly always a verb in -erate
// ("cooperate", "generate", "operate", "tolerate"; "cooperation" is not
// "cooper"), so "consideration" and "alteration" no longer find
// "consider" and "alter".
func takesAtion(verb string) bool {
	return stemmer.Measure(verb) >= 2 && !strings.HasSuffix(verb, "er")
}

// takesAl reports whether a stem is one that -al is made from: it ends in
// -os, -ov, -ew or -ion ("propos", "approv", "renew", "region").
func takesAl(stem string) bool {
	for _, end := range [...]string{"os", "ov", "ew", "ion"} {
		if strings.HasSuffix(stem, end) {
			return true
		}
	}
	return false
}

// minDerivedRunes is the shortest stem derivedForms cuts an ending from or
// adds one to: "consult", "adapt", "accus"; not "form" or "clim".
const minDerivedRunes = 5

// countyTown returns, for a county named after its county town
// ("gloucestershire", "aberdeenshire"), the stem of the town's name:
// people search for the county where a story names the town, whose
// council is often the county's partner ("Gloucester councils" are the
// city's and the county's). "" for any other word, and for a name that
// leaves fewer than minCountyTownRunes ("Cheshire"). A story about the
// town is not taken for one about the whole county the other way round.
// Nor is a county whose name without -shire is no town (notCountyTowns).
func countyTown(word string) string {
	town, ok := strings.CutSuffix(word, "shire")
	if !ok || utf8.RuneCountInString(town) < minCountyTownRunes || slices.Contains(notCountyTowns[:], town) {
		return ""
	}
	return terms.Stem(town)
}

// notCountyTowns are the -shire counties' names without -shire that name
// no town, though long enough to be one: Wiltshire is not named after a
// "Wilt", nor Berkshire a "Berk" (both words that stories have: "Wiltshire"
// found "verges wilt in the heatwave"); Hampshire, Lancashire and
// Shropshire are named after Southampton, Lancaster and Shrewsbury.
var notCountyTowns = [...]string{"berk", "hamp", "lanca", "shrop", "wilt"}

// minCountyTownRunes is the shortest county town countyTown gives: "york"
// for "Yorkshire", "derby" for "Derbyshire", but no "che" for "Cheshire".
const minCountyTownRunes = 4

func (m matchPart) patterns() []store.TermPattern {
	if len(m.words) > 0 {
		ps := make([]store.TermPattern, len(m.words))
		for i, w := range m.words {
			ps[i] = store.TermPattern{Stems: []string{w}}
		}
		return ps
	}
	ps := []store.TermPattern{{Stems: m.part.Stems, Prefix: m.prefix}}
	if m.part.Whole != "" {
		ps = append(ps, store.TermPattern{Stems: []string{m.part.Whole}})
	}
	for _, s := range m.alternatives() {
		ps = append(ps, store.TermPattern{Stems: []string{s}})
	}
	for _, e := range m.part.Expansions {
		ps = append(ps, store.TermPattern{Stems: e})
	}
	for _, e := range m.part.Synonyms {
		ps = append(ps, store.TermPattern{Stems: e})
	}
	for _, v := range m.variants() {
		ps = append(ps, store.TermPattern{Stems: []string{v}})
	}
	return ps
}

func (m matchPart) term() relevance.Term {
	return relevance.Term{Stems: m.part.Stems, Variants: m.variants(), Prefix: m.prefix, Whole: m.part.Whole,
		Alternatives: m.alternatives(), Phrases: m.part.Expansions, Synonyms: m.part.Synonyms, Capitals: m.part.Capitals}
}

// alternatives are the other ways of writing the part's word that count as
// the word: its other spelling, the word written together with a word
// typed next to it, and the acronym of the words it was typed among.
func (m matchPart) alternatives() []string {
	if len(m.part.Joined) == 0 && m.part.Acronym == "" {
		return m.part.Spellings
	}
	out := append(slices.Clone(m.part.Spellings), m.part.Joined...)
	if m.part.Acronym != "" {
		out = append(out, m.part.Acronym)
	}
	return out
}

// found is what find matched.
type found struct {
	docs []store.SearchDoc // candidates, each once
	all  int               // how many of them have every part the archive has
	seen map[int64]bool    // the IDs of docs, from the first add
	// deferred is set when find did not gather the stories with some
	// of the parts, which it would have without mayDefer.
	deferred bool
}

// add appends the candidates of more that f does not have yet.
func (f *found) add(more []store.SearchDoc) {
	if f.seen == nil {
		f.seen = make(map[int64]bool, len(f.docs)+len(more))
		for _, d := range f.docs {
			f.seen[d.ID] = true
		}
	}
	for _, d := range more {
		if !f.seen[d.ID] {
			f.seen[d.ID] = true
			f.docs = append(f.docs, d)
		}
	}
}

// find returns the candidates for the parts. It asks for stories with
// every part. Failing that, it matches unknown words as the start of longer
// ones ("exec" for "executive") or as two words written apart ("healthcare"
// for "health care"), marks the parts no story has, and asks
// again for stories with every part the archive has. When that finds fewer
// than candidates stories, stories with some of the parts follow; with
// mayDefer, only when it finds fewer than rankedApart, and otherwise it
// leaves them and sets deferred (search ranks those it found apart, and
// first).
//
// What it gathers does not depend on how many hits are asked for, so
// that every page of an answer (SearchFrom) ranks the same stories and
// More tells whether a larger limit would show more. (It used to stop at
// the limit: a search with exactly as many complete matches as it showed
// ranked no partial match, and could not tell that one would follow.)
func (s *Searcher) find(ctx context.Context, parts []matchPart, mayDefer bool) (found, error) {
	docs, err := s.match(ctx, parts, false)
	if err != nil {
		return found{}, err
	}
	known := parts
	if len(docs) == 0 {
		// A query of one part has just been asked whether a story has it.
		if known, err = s.recognise(ctx, parts, len(parts) == 1); err != nil {
			return found{}, err
		}
		if known = withoutLoneSaints(parts, known); len(known) == 0 {
			return found{}, nil
		}
		if len(known) < len(parts) || slices.ContainsFunc(known, func(p matchPart) bool { return p.prefix || p.apart }) {
			if docs, err = s.match(ctx, known, false); err != nil {
				return found{}, err
			}
		}
	}
	f := found{docs: docs, all: len(docs)}
	if len(docs) >= candidates || len(known) < 2 {
		return f, nil
	}
	if mayDefer && len(docs) >= rankedApart {
		f.deferred = true
		return f, nil
	}
	// Stories with some of the parts: the newest for each part on its own,
	// so that a rare word is not crowded out by a common one.
	perPart := max(candidates/len(known), minCandidatesPerPart)
	for _, p := range known {
		if p.saint() {
			continue // "St" alone is any saint's place: see withoutLoneSaints
		}
		if err := s.addMatches(ctx, store.TermMatch{Groups: [][]store.TermPattern{p.patterns()}}, perPart, &f); err != nil {
			return found{}, err
		}
	}
	return f, nil
}

// saint reports whether the part is the word "Saint" or "St" alone, which
// begins a place's name and names no place on its own.
func (m matchPart) saint() bool {
	return !m.part.Phrase && !m.part.Quoted && len(m.part.Stems) == 1 && terms.IsSaint(m.part.Stems[0])
}

// withoutLoneSaints marks unknown each "St" or "Saint" typed before a word
// no story has, and returns the known parts left: "St Helens", in an
// archive without Helens, listed the stories of St Albans and St Ives as
// partial matches, as if "St" were half of what was asked.
func withoutLoneSaints(parts, known []matchPart) []matchPart {
	dropped := false
	for i := range parts {
		if parts[i].known && parts[i].saint() && i+1 < len(parts) && !parts[i+1].known {
			parts[i].known, dropped = false, true
		}
	}
	if !dropped {
		return known
	}
	known = known[:0]
	for _, p := range parts {
		if p.known {
			known = append(known, p)
		}
	}
	return known
}

// addSpelledOut adds to f, when a part is a small word typed in capitals
// (Part.Capitals: "IT"), the newest candidates with every known part that
// have it in its other forms ("ICT", "information technology"): the index
// folds case, so the newest stories with the word as it folds may all say
// the pronoun "it", which ranking then drops, and leave none of those.
func (s *Searcher) addSpelledOut(ctx context.Context, parts []matchPart, f *found) error {
	var m store.TermMatch
	spelled := false
	for _, p := range parts {
		if !p.known {
			continue
		}
		ps := p.patterns()
		if p.part.Capitals && !p.prefix && len(p.words) == 0 {
			ps = slices.DeleteFunc(ps, func(t store.TermPattern) bool { return slices.Equal(t.Stems, p.part.Stems) })
			if len(ps) == 0 {
				return nil // a word with no other forms
			}
			spelled = true
		}
		m.Groups = append(m.Groups, ps)
	}
	if !spelled {
		return nil
	}
	return s.addMatches(ctx, m, candidates, f)
}

// addMatches adds to f the newest limit stories that match m.
func (s *Searcher) addMatches(ctx context.Context, m store.TermMatch, limit int, f *found) error {
	docs, err := s.matches(ctx, m, limit)
	if err != nil {
		return err
	}
	f.add(docs)
	return nil
}

// addPeriod adds to f, when the query names a period, the newest
// candidates of that period with any part the archive has: among many
// matches, the newest of all may all be later ones.
func (s *Searcher) addPeriod(ctx context.Context, period Period, parts []matchPart, f *found) error {
	if period.To.IsZero() {
		return nil
	}
	m := store.TermMatch{AnyGroup: true, From: period.From, To: period.To}
	for _, p := range parts {
		if p.known {
			m.Groups = append(m.Groups, p.patterns())
		}
	}
	if len(m.Groups) == 0 {
		return nil
	}
	return s.addMatches(ctx, m, candidates, f)
}

// asides are, by story ID, texts about a story that a search counts as
// its words, after its own (relevance.Field.Aside): the heading of the
// section it is filed under, the month it is dated.
type asides map[int64][]string

// addFiled adds to f, for each sector whose name the parts have whole
// (namedSectors), the newest candidates filed under it, and marks the
// parts of the name known when there are any: the stories have those
// words in their section's heading, which it adds to their asides,
// whether f had them already or not. (The sector is asked of the store
// only here, so that a search that names no sector reads no more than
// before.)
func (s *Searcher) addFiled(ctx context.Context, parts []matchPart, f *found, a asides) error {
	for _, n := range s.namedSectors(parts) {
		// As many as find asks for stories with every part, when the
		// name is the whole query; else as many as for one part of
		// several, as these have only some of the parts.
		limit := candidates
		if slices.ContainsFunc(parts, func(p matchPart) bool { return !names(n, p) }) {
			limit = max(candidates/len(parts), minCandidatesPerPart)
		}
		docs, err := s.archive.SearchFiled(ctx, n.slug, s.publishedOnly, limit)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		if len(docs) == 0 {
			continue
		}
		f.add(docs)
		for _, d := range docs {
			a[d.ID] = append(a[d.ID], n.name)
		}
		for i := range parts {
			if names(n, parts[i]) {
				parts[i].known, parts[i].named = true, true
			}
		}
	}
	return nil
}

// addDated adds to f, for a query with a Dated period, the newest
// candidates dated in it: every story of a period typed alone, newest
// month first; with other words, those with any of the others. Every
// candidate dated in the period, whichever search found it, has the
// period's words as an aside, and when there is one, the period's parts
// are known: a story's date is what its edition's date line says, and a
// story whose own text says them ranks first.
func (s *Searcher) addDated(ctx context.Context, q Query, parts []matchPart, f *found, a asides) error {
	d := q.Dated
	if d.To.IsZero() {
		return nil
	}
	own := func(p matchPart) bool { return p.part.Start >= d.Start && p.part.End <= d.End }
	if others := slices.DeleteFunc(slices.Clone(parts), own); len(others) > 0 {
		// With other words: the period's stories with any of them, as for
		// a month typed among words.
		if err := s.addPeriod(ctx, d, others, f); err != nil {
			return err
		}
	} else {
		for month := d.To.AddDate(0, -1, 0); !month.Before(d.From) && len(f.docs) < candidates; month = month.AddDate(0, -1, 0) {
			docs, err := s.archive.SearchMonth(ctx, month, s.publishedOnly, candidates)
			if err != nil {
				return fmt.Errorf("search: %w", err)
			}
			f.add(docs)
		}
	}
	dated := false
	for _, doc := range f.docs {
		if d.Has(doc.Date) {
			a[doc.ID] = append(a[doc.ID], d.Typed)
			dated = true
		}
	}
	if dated {
		for i := range parts {
			if own(parts[i]) {
				parts[i].known, parts[i].named = true, true
			}
		}
	}
	return nil
}

// addMonth adds to f, for a query that is a month's name alone
// (Query.Month), the newest stories dated in that month of any year, and
// gives every candidate dated in it the name typed as an aside, as
// addDated does for a month with its year: the stories whose own text
// says the month rank first, then those of its editions, newest first.
func (s *Searcher) addMonth(ctx context.Context, q Query, parts []matchPart, f *found, a asides) error {
	if q.Month == 0 || len(parts) != 1 {
		return nil
	}
	docs, err := s.archive.SearchMonthEveryYear(ctx, q.Month, s.publishedOnly, candidates)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	f.add(docs)
	dated := false
	for _, doc := range f.docs {
		if !doc.Date.IsZero() && doc.Date.UTC().Month() == q.Month {
			a[doc.ID] = append(a[doc.ID], parts[0].part.Typed)
			dated = true
		}
	}
	if dated {
		parts[0].known, parts[0].named = true, true
	}
	return nil
}

// namedSectors returns the sectors whose name the parts say (names): every
// word of it (small words aside) typed as a word, or most of a longer
// name, or a phrase typed that has the name or most of it in a row:
// "Highway Code", "code highway", "\"Highway Code\"", "blue light" for Blue
// Light Services, "social care" for Health & Social Care.
func (s *Searcher) namedSectors(parts []matchPart) []sectorName {
	var out []sectorName
	for _, n := range s.sectors {
		said := 0
		for _, stem := range n.stems {
			if slices.ContainsFunc(parts, func(p matchPart) bool { return len(p.part.Stems) == 1 && p.part.Stems[0] == stem }) {
				said++
			}
		}
		if n.mostOf(said) || slices.ContainsFunc(parts, func(p matchPart) bool { return len(p.part.Stems) > 1 && names(n, p) }) {
			out = append(out, n)
		}
	}
	return out
}

// mostOf reports whether said of the name's words are enough to name it:
// all of them, or, of a name of three words or more, all but one. A name
// is typed short ("blue light", "higher education"), but one word of it
// alone is an everyday word ("code", "care") that would bring a whole
// sector into a search for it.
func (n sectorName) mostOf(said int) bool {
	return said == len(n.stems) || said >= 2 && said >= len(n.stems)-1
}

// names reports whether p is a word of the sector's name, or a phrase that
// says enough of it (mostOf) in a row.
func names(n sectorName, p matchPart) bool {
	if len(p.part.Stems) == 1 {
		return slices.Contains(n.stems, p.part.Stems[0])
	}
	for i := range n.stems {
		if hasPrefix(n.stems[i:], p.part.Stems) {
			return n.mostOf(len(p.part.Stems))
		}
	}
	return false
}

// hasPrefix reports whether s begins with prefix.
func hasPrefix(s, prefix []string) bool {
	return len(prefix) <= len(s) && slices.Equal(s[:len(prefix)], prefix)
}

// rankedApart is how many stories with every part make a search rank
// them apart from, and before, those with some of the parts, which it then
// gathers only for a page past them (search). It is the page chat and the
// web show, and what a search gathered before it had pages: a search found
// stories with some of the parts only when those with every part did not
// fill the page. With every part in 10 to 149 of 100,000 stories, the
// first page then asks the index one question, not five, and ranks 17
// stories, not 217 (BenchmarkSearchLargeArchive, "Kent payroll Camden
// training": 2.01 ms at the fastest of 13 runs, 3.3 when it gathered
// them all, 1.99 before pages). Gathering and ranking those
// with some of the parts changes the order of those with every part:
// ranking weighs a word by how few of its candidates have it
// (relevance.Rank), and among stories with every part alone each word is
// in all of them.
const rankedApart = 10

// minCandidatesPerPart is the fewest stories with one part that a search
// with several ranks.
const minCandidatesPerPart = 50

// recognise marks each part the archive has as known, tries an unknown
// word as the start of longer words, and returns the known parts. With
// none, no story has any of the parts as they are: a query of one part,
// whose stories the index has just been asked for, is not asked again
// (a phrase of common words no story has, "\"shared services\"" at
// 100,000 stories, takes a few milliseconds each time).
func (s *Searcher) recognise(ctx context.Context, parts []matchPart, none bool) ([]matchPart, error) {
	var known []matchPart
	for i := range parts {
		p := &parts[i]
		var err error
		if none {
			p.known = false
		} else if p.known, err = s.has(ctx, *p); err != nil {
			return nil, err
		}
		if !p.known && !p.part.Quoted && !p.part.Phrase && !p.part.Month && prefixLongEnough(p.part.Words[0]) {
			if p.known, err = s.tryPrefix(ctx, p); err != nil {
				return nil, err
			}
		}
		if !p.known && !p.part.Quoted && !p.part.Phrase && !p.part.Month {
			if p.known, err = s.trySplit(ctx, p); err != nil {
				return nil, err
			}
		}
		if !p.known && p.part.Quoted {
			if p.known, err = s.tryWrittenOtherwise(ctx, p); err != nil {
				return nil, err
			}
		}
		if p.known {
			known = append(known, *p)
		}
	}
	return known, nil
}

// tryPrefix matches p as the start of longer words, and reports whether
// some searchable story has one. The vocabulary says which stems begin
// with it (counting every story, searchable or not): none, and the index
// need not be asked. A number is asked of the index as a prefix.
func (s *Searcher) tryPrefix(ctx context.Context, p *matchPart) (bool, error) {
	if terms.IsNumber(p.part.Stems[0]) { // the vocabulary has no numbers
		p.prefix, p.words = true, nil
		known, err := s.has(ctx, *p)
		p.prefix = known
		return known, err
	}
	stems, err := s.beginningWith(ctx, p.part.Stems[0], maxPrefixStems+1)
	if err != nil {
		return false, fmt.Errorf("search: %w", err)
	}
	if len(stems) == 0 {
		return false, nil
	}
	p.prefix, p.words = true, nil
	if len(stems) <= maxPrefixStems {
		for _, tc := range stems {
			p.words = append(p.words, tc.Stem)
		}
	}
	known, err := s.has(ctx, *p)
	if !known {
		p.prefix, p.words = false, nil
	}
	return known, err
}

// trySplit matches p, a word no searchable story has, as two words of the
// archive that it writes together, in a row or written as one (as a
// hyphenated word is matched): "healthcare" finds stories that write
// "health care". It reports whether some searchable story has them. Only
// an unknown word is split, so this costs a search nothing until one is
// typed: the vocabulary is asked for the two halves of each place the word
// can be cut (MaxQueryRunes bounds how many), and the index, in turn, for
// each pair whose two stems it has, until some searchable story has one.
func (s *Searcher) trySplit(ctx context.Context, p *matchPart) (bool, error) {
	for _, c := range cuts(p.part.Words[0]) {
		stems := c.stems[:]
		inVocabulary, err := s.inVocabulary(ctx, stems)
		if err != nil {
			return false, err
		}
		if !inVocabulary {
			continue
		}
		apart := *p
		apart.part.Words, apart.part.Stems = c.words[:], stems
		apart.part.Phrase, apart.part.Whole = true, p.part.Stems[0]
		apart.part.Spellings, apart.part.Joined, apart.part.Expansions, apart.part.Synonyms = nil, nil, nil, nil
		known, err := s.has(ctx, apart)
		if err != nil {
			return false, err
		}
		if known {
			*p = apart
			p.apart = true
			return true, nil
		}
	}
	return false, nil
}

// tryWrittenOtherwise matches p, a quoted phrase or word that no
// searchable story has, as the same words written together or apart
// otherwise, which quotes do not make another phrase: two of its words in
// a row written as one ("health care partnership" for "Healthcare
// partnership", "e mail" for "email"), or one of its words written as two,
// as a hyphen writes it ("cooperation agreement" for "co-operation
// agreement", "wellbeing board" for "Well-being board", "healthcare
// workers" for "health care workers"). It reports whether some searchable
// story has the first such form whose words the index has; p is then
// that form. Unlike trySplit's, the halves may be small words or letters
// ("co", "e", "being"): they stand in a row with the rest of the phrase,
// not anywhere. Only a phrase no story has is asked, so this costs a
// search nothing until one is typed: the vocabulary is asked for each
// word written together and for the two halves of each place a word can
// be cut, and the index for each form whose stems it has, until a
// searchable story has one.
func (s *Searcher) tryWrittenOtherwise(ctx context.Context, p *matchPart) (bool, error) {
	words := p.part.Words
	try := func(form []string) (bool, error) {
		inVocabulary, err := s.inVocabulary(ctx, form)
		if err != nil || !inVocabulary {
			return false, err
		}
		other := *p
		other.part.Stems, other.part.Phrase, other.part.Whole = form, len(form) > 1, ""
		other.part.Spellings, other.part.Joined, other.part.Expansions, other.part.Synonyms = nil, nil, nil, nil
		known, err := s.has(ctx, other)
		if known {
			*p = other
			p.apart = true
		}
		return known, err
	}
	for k := 0; k+1 < len(words); k++ {
		joined := terms.Stem(words[k] + words[k+1])
		form := slices.Concat(p.part.Stems[:k], []string{joined}, p.part.Stems[k+2:])
		if known, err := try(form); known || err != nil {
			return known, err
		}
	}
	for k, word := range words {
		for i := range word {
			if i == 0 || terms.IsNumber(word) {
				continue
			}
			halves := []string{terms.Stem(word[:i]), terms.Stem(word[i:])}
			form := slices.Concat(p.part.Stems[:k], halves, p.part.Stems[k+1:])
			if known, err := try(form); known || err != nil {
				return known, err
			}
		}
	}
	return false, nil
}

// minSplitRunes is the shortest word an unknown word is split into: "web"
// and "site" for "website".
const minSplitRunes = 3

// cut is a word cut in two (cuts): the halves, folded, and their stems.
type cut struct{ words, stems [2]string }

// cuts returns each way to cut word, folded, into two words of
// minSplitRunes or more that are not small words ("health" and "care" for
// "healthcare"; not "e" and "mail", nor "well" and "being"), first cut
// first. A number is cut nowhere.
func cuts(word string) []cut {
	if utf8.RuneCountInString(word) < 2*minSplitRunes || terms.IsNumber(word) {
		return nil
	}
	var out []cut
	for i := range word {
		a, b := word[:i], word[i:]
		if utf8.RuneCountInString(a) < minSplitRunes || utf8.RuneCountInString(b) < minSplitRunes ||
			terms.IsSmall(a) || terms.IsSmall(b) {
			continue
		}
		out = append(out, cut{words: [2]string{a, b}, stems: [2]string{terms.Stem(a), terms.Stem(b)}})
	}
	return out
}

// addWrittenApart adds to each word typed whole, unquoted, the two words
// it is also written as, apart and in a row, where the archive has both
// (cuts: "health care" for "healthcare", "anti social" for "antisocial",
// "cyber security" for "cybersecurity", "ring fenced" for "ringfenced"):
// a story that writes them so has the word (Part.Expansions), as one that
// writes it with a hyphen does (the index holds that whole:
// terms.EachCompound), and as "health care" typed finds "healthcare"
// (Part.Joined). To a quoted phrase it adds the phrase with two of its
// words in a row written as one, where the archive has that word
// ("antisocial behaviour" for "anti-social behaviour" or "anti social
// behaviour" quoted, "wellbeing" for "well-being"), and with one of its
// words cut in two as cuts cuts one ("anti social behaviour" for
// "antisocial behaviour"), which quotes do not make another phrase. Every form of every part is asked of the
// vocabulary in one question; a word or phrase no story has is tried
// again by trySplit and tryWrittenOtherwise, which tell the answer so.
func (s *Searcher) addWrittenApart(ctx context.Context, parts []matchPart) error {
	type form struct {
		part  int
		stems []string
		asked []string // the stems the vocabulary must have
	}
	var forms []form
	var stems []string
	for i, p := range parts {
		switch {
		case p.part.Quoted && p.part.Phrase:
			words, phrase := p.part.Words, p.part.Stems
			for k := range words {
				// A word in a row with the next written as one, unless
				// that is either of them ("and" of "and e" in "A and E").
				if k+1 < len(words) {
					if joined := terms.Stem(words[k] + words[k+1]); joined != phrase[k] && joined != phrase[k+1] {
						forms = append(forms, form{part: i, asked: []string{joined},
							stems: slices.Concat(phrase[:k], []string{joined}, phrase[k+2:])})
						stems = append(stems, joined)
					}
				}
				for _, c := range cuts(words[k]) { // and a word written as two
					forms = append(forms, form{part: i, asked: c.stems[:],
						stems: slices.Concat(phrase[:k], c.stems[:], phrase[k+1:])})
					stems = append(stems, c.stems[:]...)
				}
			}
		case p.part.Phrase || p.part.Quoted || p.part.Month || p.part.Capitals || len(p.part.Words) != 1:
		default:
			for _, c := range cuts(p.part.Words[0]) {
				forms = append(forms, form{part: i, stems: c.stems[:], asked: c.stems[:]})
				stems = append(stems, c.stems[:]...)
			}
		}
	}
	if len(forms) == 0 {
		return nil
	}
	counted, err := s.archive.VocabularyOf(ctx, stems)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	has := func(stem string) bool {
		_, ok := slices.BinarySearchFunc(counted, stem, func(tc store.TermCount, stem string) int { return strings.Compare(tc.Stem, stem) })
		return ok
	}
	for _, f := range forms {
		if !slices.ContainsFunc(f.asked, func(stem string) bool { return !has(stem) }) {
			p := &parts[f.part].part // its slices are the Query's: not written into
			p.Expansions = append(slices.Clip(p.Expansions), f.stems)
		}
	}
	return nil
}

// inVocabulary reports whether the index has every one of stems.
func (s *Searcher) inVocabulary(ctx context.Context, stems []string) (bool, error) {
	for _, stem := range stems {
		if n, err := s.stories(ctx, stem); err != nil || n == 0 {
			return false, err
		}
	}
	return true, nil
}

// beginningWith returns the index's stems that begin with prefix, in byte
// order, at most limit of them, with how many stories have each.
func (s *Searcher) beginningWith(ctx context.Context, prefix string, limit int) ([]store.TermCount, error) {
	return s.archive.Vocabulary(ctx, prefix, prefixEnd(prefix), limit)
}

// prefixEnd is the first string after every string that begins with
// prefix, in byte order ("" when there is none: prefix is all 0xff bytes).
func prefixEnd(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}

// minPrefixRunes is the shortest unknown word matched as the start of
// longer words: "exec" finds "executive", "devo" "devolution", but three
// letters begin too many words to guess from: "Mon", in "Ynys Mon", found
// the stories of "money", "Monday" and "month", and "ex" would find
// anything.
const minPrefixRunes = 4

// prefixLongEnough reports whether word, unknown, is long enough to be
// matched as the start of longer words: minPrefixRunes, or three figures
// of a number ("202" for a year of the 2020s), which begin few others.
func prefixLongEnough(word string) bool {
	n := utf8.RuneCountInString(word)
	return n >= minPrefixRunes || n >= minPrefixRunes-1 && terms.IsNumber(word)
}

// match returns the newest candidates with every part, or with any.
func (s *Searcher) match(ctx context.Context, parts []matchPart, anyPart bool) ([]store.SearchDoc, error) {
	return s.matches(ctx, termMatch(parts, anyPart), candidates)
}

// termMatch is the question to the index for parts: stories with every
// part, or any of them.
func termMatch(parts []matchPart, anyPart bool) store.TermMatch {
	m := store.TermMatch{AnyGroup: anyPart}
	for _, p := range parts {
		m.Groups = append(m.Groups, p.patterns())
	}
	return m
}

// has reports whether any searchable story has the part.
func (s *Searcher) has(ctx context.Context, p matchPart) (bool, error) {
	docs, err := s.matches(ctx, store.TermMatch{Groups: [][]store.TermPattern{p.patterns()}}, 1)
	return len(docs) > 0, err
}

// rank orders docs by the parts, then by the period the query names (the
// stories of it: Period.of), the names typed in a row, the stems of words
// suggested for missing ones (suggested) and the period as a story's text
// says it (said), which only order stories with as many parts. A story's
// asides (the heading of a sector the query names, a Dated period) count
// after its own text.
func (s *Searcher) rank(q Query, parts []matchPart, suggested []string, asides asides, said []relevance.Term, docs []store.SearchDoc) []relevance.Ranked {
	ts := make([]relevance.Term, 0, len(parts)+len(q.Names)+len(suggested)+len(said))
	for _, p := range parts {
		t := p.term()
		if !p.known && p.saint() {
			// A lone "St" (withoutLoneSaints) counts for no story: the
			// index has no stem with a space.
			t = relevance.Term{Stems: []string{" "}}
		}
		ts = append(ts, t)
	}
	for _, n := range q.Names {
		ts = append(ts, relevance.Term{Stems: n.Stems, Optional: true})
	}
	for _, stem := range suggested {
		ts = append(ts, relevance.Term{Stems: []string{stem}, Optional: true})
	}
	if run := typedRun(q); run != nil {
		ts = append(ts, relevance.Term{Stems: run, Optional: true})
	}
	ts = append(ts, said...)
	// A month typed with its year alone (Dated, a month long) asks for its
	// stories as a Period does: they, and those whose text says the month,
	// rank first among those with as many parts, not after the stories
	// that have its words apart ("in November … 2014"), or its year alone
	// when the month is a small word ("May 2014" has one part, "2014"). A
	// year's stories only have its word.
	var month Period
	var monthSaid []relevance.Term
	if d := q.Dated; !d.To.IsZero() && d.From.AddDate(0, 1, 0).Equal(d.To) {
		month, monthSaid = d, d.said()
	}
	rds := make([]relevance.Doc, len(docs))
	// Every doc's own four fields in one allocation; a doc with asides
	// appends them to a copy (the capacity ends with its own).
	fields := make([]relevance.Field, 0, 4*len(docs))
	for i, d := range docs {
		fields = append(fields,
			relevance.Field{Text: d.Headline, Weight: headlineWeight}, relevance.Field{Text: d.Summary, Weight: summaryWeight},
			relevance.Field{Text: d.Source, Weight: sourceWeight}, relevance.Field{Text: d.Commentary, Weight: commentaryWeight})
		rds[i] = relevance.Doc{ID: d.ID, Fields: fields[4*i : 4*i+4 : 4*i+4],
			Preferred: q.Period.of(said, d) || month.of(monthSaid, d)}
		for _, text := range asides[d.ID] {
			rds[i].Fields = append(rds[i].Fields, relevance.Field{Text: text, Weight: sectionWeight, Aside: true})
		}
	}
	// A candidate the index matched has some part as the index folds it,
	// but may have none as ranking reads it: "IT" typed in capitals is in
	// every story that says "it" (relevance.Term.Capitals). Ranked after
	// the rest, such candidates are no hits.
	ranked := relevance.Rank(ts, rds, len(rds))
	if i := slices.IndexFunc(ranked, func(r relevance.Ranked) bool { return r.Required == 0 }); i >= 0 {
		ranked = ranked[:i]
	}
	return ranked
}

// typedRun returns the stems of every word of q, its small words too,
// when it left some of them out and has other words: a story with the
// words in a row as typed ranks before those with its other words alone,
// as someone who types what they remember of a headline ("won't be
// sharing") means the story it is from. Nil for a query with no small
// word or nothing but small words.
func typedRun(q Query) []string {
	var run []string
	compounds := false
	terms.EachIndexed(q.Text, func(token string) {
		// The compounds written whole follow the words: no run.
		compounds = compounds || token == terms.CompoundMark
		if !compounds {
			run = append(run, token)
		}
	})
	small := 0
	for _, stem := range run {
		if terms.IsSmall(stem) {
			small++
		}
	}
	if small == 0 || small == len(run) {
		return nil
	}
	return run
}

// searchLink answers a query that is a link: the story stored under it
// (as the store finds one by link: under any of its spellings, or without a
// single-page site's route a release before dropped), if the Searcher may
// show it, else the stories with the words of its address
// (searchAddress); the one story under it is on the first page (offset 0)
// only.
func (s *Searcher) searchLink(ctx context.Context, res Result, w pageWindow) (Result, error) {
	offset := w.offset
	st, err := s.archive.SearchStoryByURL(ctx, res.Query.Link, s.publishedOnly)
	if errors.Is(err, store.ErrNotFound) {
		return s.searchAddress(ctx, res, w)
	}
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	res.Total, res.Offset = 1, offset
	if offset == 0 {
		res.Hits = []Hit{{Story: st, Matched: []string{res.Query.Text}}}
	}
	return res, nil
}

// searchAddress answers a link that no story is stored under with the
// stories that have the words of its address (addressWords), and res,
// without hits, when it has none or none has them. A reader pastes the
// article as they found it, where the archive keeps the link the editor
// shared (or, for an imported edition, none); a news site's address
// names the article in its headline's words.
func (s *Searcher) searchAddress(ctx context.Context, res Result, w pageWindow) (Result, error) {
	words := addressWords(res.Query.Link)
	q := Parse(words)
	if words == "" || q.Problem != "" || q.Link != "" {
		return res, nil
	}
	found, err := s.searchWords(ctx, q, w)
	if err != nil || found.Total == 0 {
		return res, err
	}
	// The words are the site's, not the reader's: no other spelling of
	// them is offered.
	found.Followed, found.Address, found.Suggestion = res.Query.Text, words, nil
	return found, nil
}

// addressWords returns the words of a link's slug, in lower case: the
// part of its path that is words joined by hyphens or underscores, as
// news sites name an article ("council-mergers-poor-services"), without a
// file's extension, the numbers at its end (an article's ID or date) and
// any number of more than four digits; "" when the path has no such part
// of two words or more. Of several such parts, the slug is the one with
// the most words that are not numbers, the last of those with as many: a
// site's template may follow the slug with a part of its own
// ("/councils-propose-shared-working/story-21345678-detail/story.html",
// as the Local World papers write), whose words are no article's, and a
// section's name ("higher-education-network") is shorter than most
// headlines. The site's name and the rest of the path (a section, a
// date) are not the article's words.
func addressWords(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	best, bestWords := "", 0
	for _, part := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		if ext := path.Ext(part); len(ext) > 1 && len(ext) <= 6 && !strings.ContainsFunc(ext[1:], notLetter) {
			part = strings.TrimSuffix(part, ext)
		}
		if !strings.ContainsAny(part, "-_") {
			continue
		}
		var words []string
		named := 0
		for _, w := range strings.FieldsFunc(strings.ToLower(part), func(r rune) bool { return r == '-' || r == '_' }) {
			number := !strings.ContainsFunc(w, notDigit)
			if number && len(w) > 4 {
				continue
			}
			if !number {
				named++
			}
			words = append(words, w)
		}
		for len(words) > 0 && !strings.ContainsFunc(words[len(words)-1], notDigit) {
			words = words[:len(words)-1]
		}
		if len(words) >= 2 && named >= bestWords {
			best, bestWords = strings.Join(words, " "), named
		}
	}
	return best
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

func notDigit(r rune) bool { return r < '0' || r > '9' }

// hits loads the ranked stories.
func (s *Searcher) hits(ctx context.Context, q Query, ranked []relevance.Ranked) ([]Hit, error) {
	if len(ranked) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	stories, err := s.archive.StoriesByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, 0, len(stories))
	for _, st := range stories {
		i := slices.Index(ids, st.ID)
		h := Hit{Story: st}
		for j, p := range q.Parts {
			if ranked[i].Matched[j] {
				h.Matched = append(h.Matched, p.Typed)
			}
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// addExcerpts sets each hit's Excerpt from its candidate's text.
func addExcerpts(hits []Hit, parts []matchPart, docs []store.SearchDoc) {
	if len(hits) == 0 {
		return
	}
	ts := make([]relevance.Term, len(parts))
	for i, p := range parts {
		ts[i] = p.term()
	}
	for i := range hits {
		if j := slices.IndexFunc(docs, func(d store.SearchDoc) bool { return d.ID == hits[i].Story.ID }); j >= 0 {
			hits[i].Excerpt = excerpt(docs[j], parts, ts, hits[i].Matched)
		}
	}
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
