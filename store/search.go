package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/terms"
)

// The SQL functions the search index's triggers call (migration 0005),
// registered on the Store's own driver, so every connection the Store opens
// has them and nothing else in the process sees them:
//
//   - sharednews_index_terms(text): the stems of text and the pairs of
//     them in a row, separated by spaces (terms.IndexRow), for the
//     full-text index;
//   - sharednews_stems_not_in(a1, a2, a3, a4, b1, b2, b3, b4): the JSON
//     array of the distinct stems of the texts a that the texts b lack,
//     numbers left out, for the vocabulary's story counts;
//
// and the one keyStoredLinks calls:
//
//   - sharednews_canonical_link(link): digest.Canonicalize's link for a
//     stored link under today's rules, NULL for what is no link (an
//     imported story's archive key).
const (
	indexTermsFunc    = "sharednews_index_terms"
	stemsNotInFunc    = "sharednews_stems_not_in"
	stemsNotInTexts   = 4
	canonicalLinkFunc = "sharednews_canonical_link"
)

// newDriver returns a SQLite driver whose connections can compute the
// search index's terms and a stored link's canonical form.
func newDriver() (*sqlite.Driver, error) {
	d := &sqlite.Driver{}
	err := d.RegisterDeterministicScalarFunction(indexTermsFunc, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		return terms.IndexRow(text(args[0])), nil
	})
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", indexTermsFunc, err)
	}
	err = d.RegisterDeterministicScalarFunction(stemsNotInFunc, 2*stemsNotInTexts, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		lacking := map[string]bool{}
		for _, a := range args[stemsNotInTexts:] {
			terms.EachStem(text(a), func(s string) { lacking[s] = true })
		}
		var out []string
		for _, a := range args[:stemsNotInTexts] {
			terms.EachStem(text(a), func(s string) {
				if !lacking[s] && !terms.IsNumber(s) {
					lacking[s] = true // once
					out = append(out, s)
				}
			})
		}
		b, err := json.Marshal(out)
		if err != nil {
			return nil, err
		}
		if out == nil {
			return "[]", nil
		}
		return string(b), nil
	})
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", stemsNotInFunc, err)
	}
	err = d.RegisterDeterministicScalarFunction(canonicalLinkFunc, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		link, err := digest.Canonicalize(text(args[0]))
		if err != nil {
			return nil, nil
		}
		return link, nil
	})
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", canonicalLinkFunc, err)
	}
	return d, nil
}

// text is a SQL value as story text: NULL and numbers are empty.
func text(v driver.Value) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}

// connector opens connections to one database with the Store's driver,
// each watched for damage (see watchedConn).
type connector struct {
	driver *sqlite.Driver
	dsn    string
	damage damage
	ckpt   *checkpointer // told the pages each commit wrote to the log
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.driver.Open(c.dsn)
	if err != nil {
		return nil, c.damage.saw(err)
	}
	return &watchedConn{Conn: conn, d: c.damage, ckpt: c.ckpt}, nil
}

func (c connector) Driver() driver.Driver { return c.driver }

// TermMatch is a full-text query over the stems of the stories' headline,
// summary, source and commentary (package terms), as package search builds
// it. A story matches when it has at least one pattern of every group, or
// with AnyGroup, of any group.
type TermMatch struct {
	Groups   [][]TermPattern
	AnyGroup bool
	// PublishedOnly limits the search to the stories of published
	// editions: what the public web archive may show.
	PublishedOnly bool
	// From and To, when To is set, limit the search to stories dated
	// (SearchDoc.Date) from From up to but not including To.
	From, To time.Time
	// Exclude are patterns no story matched may have (a search's
	// "-word"): the index is asked for the newest stories without them,
	// not the newest with the words, of which those with them would be
	// dropped after.
	Exclude []TermPattern
}

// TermPattern is a stem, or a phrase of stems in a row within one field.
// With Prefix, the last stem matches any stem that begins with it.
type TermPattern struct {
	Stems  []string
	Prefix bool
}

// queried is p's stems as the question to the index has them: without
// NULs (SQLite reads a query as C text, which ends at one), and without
// those left empty. A pattern with none is left out of the question.
func (p TermPattern) queried() []string {
	var stems []string
	for _, s := range p.Stems {
		if s = strings.ReplaceAll(s, "\x00", ""); s != "" {
			stems = append(stems, s)
		}
	}
	return stems
}

// ErrEmptyMatch is returned for a TermMatch with nothing to match.
var ErrEmptyMatch = errors.New("empty full-text query")

// expression writes m in FTS5's query language, its phrases as word
// pairs or not (ftsPattern). Every stem is quoted, so nothing a user typed
// is ever read as FTS5 syntax.
func (m TermMatch) expression(pairs bool) (string, error) {
	var groups []string
	for _, g := range m.Groups {
		var alts []string
		for _, p := range g {
			stems := p.queried()
			if len(stems) == 0 {
				continue
			}
			alts = append(alts, ftsPattern(stems, p.Prefix, pairs))
		}
		if len(alts) > 0 {
			groups = append(groups, "("+strings.Join(alts, " OR ")+")")
		}
	}
	if len(groups) == 0 {
		return "", ErrEmptyMatch
	}
	join := " AND "
	if m.AnyGroup {
		join = " OR "
	}
	expr := strings.Join(groups, join)
	var not []string
	for _, p := range m.Exclude {
		if stems := p.queried(); len(stems) > 0 {
			not = append(not, ftsPattern(stems, false, pairs))
		}
	}
	if len(not) > 0 {
		// NOT binds tighter than AND and OR: the groups are bracketed.
		expr = "(" + expr + ") NOT (" + strings.Join(not, " OR ") + ")"
	}
	return expr, nil
}

// ftsPattern is a pattern's stems as FTS5's query language has them. With
// pairs, a phrase of words that are not numbers is asked as the phrase of
// their pairs (terms.IndexRow), which the index holds in the text's order
// for the stories IndexWordPairs has written: the same stories, without
// FTS5 reading the positions of every story that has all the words, which
// for common ones is most of the archive ("shared services": the 17,484
// generated stories of 100,000 with both, for none with them in a row). A
// phrase with a number, or whose last word is a prefix, is asked as a
// phrase of its words.
func ftsPattern(stems []string, prefix, pairs bool) string {
	if prefix {
		return ftsPhrase(stems) + " *"
	}
	if !pairs || len(stems) < 2 || slices.ContainsFunc(stems, terms.IsNumber) {
		return ftsPhrase(stems)
	}
	joined := make([]string, 0, len(stems)-1)
	for i := 1; i < len(stems); i++ {
		joined = append(joined, terms.Pair(stems[i-1], stems[i]))
	}
	return ftsPhrase(joined)
}

// ftsPhrase is stems as an FTS5 phrase: in a row, quoted.
func ftsPhrase(stems []string) string {
	return `"` + strings.ReplaceAll(strings.Join(stems, " "), `"`, `""`) + `"`
}

// SearchDoc is a story a search matched, with the text ranking weighs.
type SearchDoc struct {
	ID                        int64
	Headline, Summary, Source string
	// Commentary is the editor's text about the story: its commentary
	// and, after a blank line, what the editor wrote below it in a past
	// edition (digest.Story.Afterword), as the index holds them.
	Commentary string
	// Date is when the story was decided (an imported one: its edition's
	// date), or for one not decided, when it arrived.
	Date time.Time
}

// storyDate is SearchDoc.Date as SQL over stories s, in Unix seconds.
const storyDate = `CASE WHEN s.decided_at > 0 THEN s.decided_at ELSE s.created_at END`

// The text the index holds for the commentary (migration 0018): the
// story's commentary, then its afterword after a blank line when it has
// one, as SQL over stories s joined by joinAfterwords.
const (
	joinAfterwords    = ` LEFT JOIN story_afterwords a ON a.story_id = s.id`
	indexedCommentary = `s.commentary || coalesce(a.text, '')`
)

// searchable is which stories a search sees, as SQL over the columns of
// stories named with prefix p ("s." for stories s, "" for stories without
// an alias): every story except rejected ones and submissions the editor
// has not decided yet (a feed's story waiting in the queue is news
// already public, as one its filters left on the newswire is), or only
// published ones. One text for both, so that a search by words and one by
// month see the same stories.
func searchable(p string, publishedOnly bool) string {
	if publishedOnly {
		return p + `state = 'published'`
	}
	return `(` + p + `state IN ('newswire', 'approved', 'published') OR ` + p + `state = 'queued' AND ` + p + `submitter_id = '')`
}

// SearchMatches returns the newest limit searchable stories that match m,
// newest first. For a news archive recency is the right way to choose which
// matches to rank when a word is in tens of thousands of stories, and it
// keeps a search's cost the same however many stories match.
func (s *Store) SearchMatches(ctx context.Context, m TermMatch, limit int) ([]SearchDoc, error) {
	// A search for several words reads the vocabulary's counts of their
	// stems (to choose how to read, fewMatches): the patterns with a stem
	// no story has are left out of the question to the index, and when
	// every pattern of a word is, the index is not asked. The vocabulary
	// counts every stem the index holds but numbers (checkSearchIndex),
	// so the matches are the same; FTS5 steps each pattern of a group
	// through the stories it passes, and the forms a search adds in case
	// a story writes them ("kentpayroll", "chiefer") are mostly in none.
	few := false
	var total int64 // the highest story ID, when few is asked
	if !m.AnyGroup && (len(m.Groups) >= 2 || m.phrasesOnly()) {
		var counts map[string]int64
		var err error
		counts, total, err = s.stemCounts(ctx, m)
		if err != nil {
			return nil, err
		}
		var none bool
		if m, none = m.inStories(counts); none {
			return nil, nil
		}
		// A group of phrases alone is guessed few as well: the words of
		// a phrase are in a row in few of the stories that have them
		// ("shared services": 0 of the 17,484 generated stories of
		// 100,000 with both), and FTS5 reads the entries of every one of
		// those, a third faster forwards; one in many stories is read
		// forwards only until manyAhead.
		few = fewMatches(m, counts, total, limit) || m.phrasesOnly()
	}
	parts, err := s.indexParts(ctx, m)
	if err != nil {
		return nil, err
	}
	scope := searchable("s.", m.PublishedOnly)
	var scopeArgs []any
	// lo and hi bound the story IDs the index is asked about: those of a
	// period's months, or every story's.
	lo, hi := int64(1), total
	bounded := false
	if !m.To.IsZero() {
		// Only a search that names a period pays for the comparison. The
		// index is asked only for matches between the first and last
		// story IDs of the period's months: otherwise a common word and
		// a month years back would read every newer match of the word.
		first, last, err := s.idsOfMonths(ctx, m.From, m.To)
		if err != nil {
			return nil, err
		}
		if !first.Valid {
			return nil, nil
		}
		lo, hi, bounded = first.Int64, last.Int64, true
		scope += ` AND ` + storyDate + ` >= ? AND ` + storyDate + ` < ?`
		scopeArgs = []any{m.From.Unix(), m.To.Unix()}
	}
	// ask is the question to the index for part p, and its arguments after
	// the expression: the part's IDs within the period's.
	ask := func(p indexPart) (string, []any) {
		from, to := max(lo, p.from), p.to
		if bounded && (to == 0 || hi < to) {
			to = hi
		}
		switch {
		case to > 0:
			return ` AND t.rowid BETWEEN ? AND ?`, []any{from, to}
		case from > 1:
			return ` AND t.rowid >= ?`, []any{from}
		}
		return "", nil
	}
	exprs := make([]string, len(parts))
	for i, p := range parts {
		exprs[i] = p.expr
	}
	what := strings.Join(exprs, " | ")
	newest := func(n int) ([]SearchDoc, error) {
		var docs []SearchDoc
		for i := len(parts) - 1; i >= 0 && len(docs) < n; i-- { // the newest part first
			ids, idArgs := ask(parts[i])
			more, err := s.querySearchDocs(ctx, n-len(docs), `SELECT `+searchDocColumns+`
				FROM story_terms t JOIN stories s ON s.id = t.rowid`+joinAfterwords+`
				WHERE story_terms MATCH ?`+ids+` AND `+scope+`
				ORDER BY t.rowid DESC LIMIT `+limitParam, slices.Concat([]any{parts[i].expr}, idArgs, scopeArgs, []any{n - len(docs)})...)
			if err != nil {
				return nil, fmt.Errorf("search for %s: %w", what, err)
			}
			docs = append(docs, more...)
		}
		s.watch.searchRead("newest", len(docs))
		return docs, nil
	}
	// FTS5 reads an index backwards (newest first) about a third slower
	// than forwards, and a search whose words are each in many stories
	// but seldom together reads all of them either way: there the matches
	// are read forwards, as long as they are few enough to be all of
	// them, and the newest taken (few, above).
	if few {
		// The index alone: the IDs of every match, in the scope or not,
		// as long as there are fewer than most; then the stories of the
		// newest of them that are in it, read by ID, limit at most.
		most := limit + limit/fewMatchesMore + 1
		var found []int64
		for _, p := range parts { // the oldest part first
			ids, idArgs := ask(p)
			err = eachRow(ctx, preparedQueryer{s}, func(r *sql.Rows) error {
				var id int64
				if err := r.Scan(&id); err != nil {
					return err
				}
				found = append(found, id)
				if manyAhead(len(found), id, lo, hi, most) {
					return errManyMatches
				}
				return nil
			}, `SELECT rowid FROM story_terms t WHERE story_terms MATCH ?`+ids+`
				ORDER BY rowid ASC LIMIT `+limitParam, slices.Concat([]any{p.expr}, idArgs, []any{most - len(found)})...)
			if err != nil || len(found) >= most {
				break
			}
		}
		if err != nil && !errors.Is(err, errManyMatches) {
			return nil, fmt.Errorf("search for %s: %w", what, err)
		}
		s.watch.searchRead("forwards", len(found))
		if err == nil && len(found) < most {
			return s.searchDocsByID(ctx, found, scope, scopeArgs, limit)
		}
	}
	return newest(limit)
}

// indexPart is a question to the search index about the stories with IDs
// from from to to (0: every later one).
type indexPart struct {
	expr     string
	from, to int64
}

// indexParts is m as questions to the search index, oldest stories
// first. A phrase is asked as the phrase of its word pairs of the stories
// whose pairs are written (search_pairs.through, IndexWordPairs), and as a
// phrase of its words of the newer ones; a question without a phrase is
// one part.
func (s *Store) indexParts(ctx context.Context, m TermMatch) ([]indexPart, error) {
	words, err := m.expression(false)
	if err != nil {
		return nil, err
	}
	pairs, err := m.expression(true)
	if err != nil {
		return nil, err
	}
	if pairs == words {
		return []indexPart{{expr: words, from: 1}}, nil
	}
	var through, newest int64
	if err := s.db.QueryRowContext(ctx, `SELECT through, (SELECT coalesce(max(id), 0) FROM stories) FROM search_pairs`).Scan(&through, &newest); err != nil {
		return nil, fmt.Errorf("read how far the search index's pairs are written: %w", err)
	}
	switch {
	case through <= 0:
		return []indexPart{{expr: words, from: 1}}, nil
	case through >= newest:
		return []indexPart{{expr: pairs, from: 1}}, nil
	}
	return []indexPart{{expr: pairs, from: 1, to: through}, {expr: words, from: through + 1}}, nil
}

// errManyMatches ends SearchMatches' forward read once manyAhead.
var errManyMatches = errors.New("many more matches than expected")

// manyMatchesSeen is how many matches the forward read of SearchMatches
// has read before it judges, from how far into the IDs they reach, that
// there are many more than most (manyAhead).
const manyMatchesSeen = 32

// manyAhead reports whether n matches read forwards, the last of them
// story id, of the IDs from lo to hi, run at a rate that makes at least
// twice most in all: words that go together in many more stories than
// their counts suggest ("councils sharing a chief executive": guessed 66
// of 100,000 generated stories, in 500). The forward read then stops, as
// it would at most, and the newest are read instead: it reaches most only
// some 40% into the IDs, where 32 matches are 6% into them. Twice, and 32
// at least, so that matches that bunch together early ("alpha beta" in
// the first 12 of 50 stories with either, TestSearchMatchesReadForwardsInScope)
// are still read to the end: reading them backwards is a third slower.
// The stories found are the same either way (the newest limit in scope).
func manyAhead(n int, id, lo, hi int64, most int) bool {
	if n < manyMatchesSeen || n >= most || hi <= lo {
		return false
	}
	read := max(id-lo+1, 1)
	return float64(n)*float64(hi-lo+1)/float64(read) >= 2*float64(most)
}

// searchDocsByID returns the newest limit of the stories with the given
// IDs that are in scope (SQL over stories s, joined by joinAfterwords,
// with its arguments), newest first.
func (s *Store) searchDocsByID(ctx context.Context, ids []int64, scope string, args []any, limit int) ([]SearchDoc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("read the stories found: %w", err)
	}
	docs, err := s.querySearchDocs(ctx, limit, `SELECT `+searchDocColumns+`
		FROM stories s`+joinAfterwords+`
		WHERE s.id IN (SELECT value FROM json_each(?)) AND `+scope+`
		ORDER BY s.id DESC LIMIT `+limitParam, slices.Concat([]any{string(list)}, args, []any{limit})...)
	if err != nil {
		return nil, fmt.Errorf("read the stories found: %w", err)
	}
	s.watch.searchRead("by id", len(docs))
	return docs, nil
}

// fewMatchesMore is, as a share of limit (1/fewMatchesMore), how many more
// matches than limit SearchMatches reads forwards, when it expects few,
// before it reads the newest instead: the guess (fewMatches) takes a
// query's words as independent, and words that go together ("chief
// executive") match more often. Reading every match forwards costs what
// reading the newest limit of them backwards does when they are about a
// third more than limit (backwards is a third slower), and more the more
// there are: "councils sharing a chief executive", guessed 66 of 100,000
// generated stories and in 500, read them all forwards in 2.5 ms (4.9 with
// their text, as before) where the newest 150 take 1.5 (with their text).
const fewMatchesMore = 3

// stemCounts returns how many stories the vocabulary counts for each stem
// of m's patterns (a stem no story has is not in counts), and the number
// of stories (the highest ID: as many, or more when some were deleted).
func (s *Store) stemCounts(ctx context.Context, m TermMatch) (map[string]int64, int64, error) {
	var stems []string
	for _, g := range m.Groups {
		for _, p := range g {
			stems = append(stems, p.Stems...)
		}
	}
	list, err := json.Marshal(stems)
	if err != nil {
		return nil, 0, fmt.Errorf("estimate a search's matches: %w", err)
	}
	var total int64
	counts := map[string]int64{}
	err = eachRow(ctx, preparedQueryer{s}, func(r *sql.Rows) error {
		var stem sql.NullString
		var n int64
		if err := r.Scan(&stem, &n); err != nil {
			return err
		}
		if !stem.Valid {
			total = n
		} else if n > 0 {
			counts[stem.String] = n
		}
		return nil
	}, `SELECT NULL, coalesce(max(id), 0) FROM stories
		UNION ALL SELECT stem, stories FROM search_vocabulary WHERE stem IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, 0, fmt.Errorf("estimate a search's matches: %w", err)
	}
	return counts, total, nil
}

// uncounted reports whether the vocabulary does not count stem, the i-th
// of pattern p's: the last of a prefix, the compound mark and a number
// (the index has them, the vocabulary not), and an empty one or one
// holding a NUL, which the question to the index leaves out or changes
// (TermPattern.queried).
func uncounted(p TermPattern, i int, stem string) bool {
	return stem == "" || p.Prefix && i == len(p.Stems)-1 || stem == terms.CompoundMark || terms.IsNumber(stem) ||
		strings.Contains(stem, "\x00")
}

// inStories returns m without the patterns that have a stem the
// vocabulary counts in no story (counts, from stemCounts), which match
// nothing, and without those the question to the index leaves out anyway
// (no stem left: TermPattern.queried); none reports that a group that had
// a pattern to ask has none left, so that m matches nothing. A group with
// none to ask is left out, as expression leaves it out. m's groups are
// not changed.
func (m TermMatch) inStories(counts map[string]int64) (out TermMatch, none bool) {
	out = m
	out.Groups = make([][]TermPattern, 0, len(m.Groups))
	for _, g := range m.Groups {
		kept := make([]TermPattern, 0, len(g))
		asked := false
		for _, p := range g {
			if len(p.queried()) == 0 {
				continue
			}
			asked = true
			present := true
			for i, stem := range p.Stems {
				if !uncounted(p, i, stem) && counts[stem] == 0 {
					present = false
					break
				}
			}
			if present {
				kept = append(kept, p)
			}
		}
		if asked && len(kept) == 0 {
			return out, true
		}
		if len(kept) > 0 {
			out.Groups = append(out.Groups, kept)
		}
	}
	return out, false
}

// phrasesOnly reports whether some group of m has only phrases (patterns
// of two or more stems to ask).
func (m TermMatch) phrasesOnly() bool {
	return slices.ContainsFunc(m.Groups, func(g []TermPattern) bool {
		return len(g) > 0 && !slices.ContainsFunc(g, func(p TermPattern) bool { return len(p.queried()) < 2 })
	})
}

// fewMatches reports whether m is likely to match at most half of limit
// stories: the number of stories times, for each group, the share of
// stories that have one of its patterns, from the vocabulary's story
// counts (a number, a prefix and the compound mark, which the vocabulary
// does not count, are taken to be in every story).
func fewMatches(m TermMatch, counts map[string]int64, total int64, limit int) bool {
	if total == 0 {
		return false
	}
	share := func(p TermPattern) float64 {
		n := total
		for i, stem := range p.Stems {
			if !uncounted(p, i, stem) {
				n = min(n, counts[stem])
			}
		}
		return float64(n) / float64(total)
	}
	expected := float64(total)
	for _, g := range m.Groups {
		var groupShare float64
		for _, p := range g {
			groupShare += share(p)
		}
		expected *= min(1, groupShare)
	}
	return expected <= float64(limit)/2
}

// searchDocColumns are the columns of stories s (joined by
// joinAfterwords) that querySearchDocs reads.
const searchDocColumns = `s.id, s.headline, s.summary, s.source, ` + indexedCommentary + `, ` + storyDate

// querySearchDocs runs query, whose columns are searchDocColumns and which
// returns at most limit rows, through the Store's prepared statements, and
// returns its rows (nil when there are none). A search reads up to 150
// such rows several times over: the slice is made once, at its size, and
// every row is scanned into the same targets, rather than a row's targets
// and the slice's growth each allocated as queryAll would.
func (s *Store) querySearchDocs(ctx context.Context, limit int, query string, args ...any) ([]SearchDoc, error) {
	var (
		out  = make([]SearchDoc, 0, min(max(limit, 0), maxSearchDocsAhead))
		d    SearchDoc
		date int64
	)
	dest := []any{&d.ID, &d.Headline, &d.Summary, &d.Source, &d.Commentary, &date}
	err := eachRow(ctx, preparedQueryer{s}, func(r *sql.Rows) error {
		if err := r.Scan(dest...); err != nil {
			return err
		}
		d.Date = fromUnix(date)
		out = append(out, d)
		return nil
	}, query, args...)
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

// maxSearchDocsAhead bounds the room querySearchDocs makes before it reads:
// a larger limit grows the slice as rows come.
const maxSearchDocsAhead = 1024

// SearchFiled returns the newest limit stories filed under the sector
// (approved and published ones, or published ones only), newest decided
// first, as SearchMatches returns stories: a search that names a sector
// ranks the stories filed under it, whatever their words. One sector a
// call, so that stories_news_sector gives them in order.
func (s *Store) SearchFiled(ctx context.Context, sector string, publishedOnly bool, limit int) ([]SearchDoc, error) {
	if limit <= 0 {
		return nil, nil
	}
	// The state test repeats stories_news_sector's own, so that the
	// published-only search reads that index too.
	scope := `s.state IN ('approved', 'published')`
	if publishedOnly {
		scope += ` AND ` + searchable("s.", true)
	}
	docs, err := s.querySearchDocs(ctx, limit, `SELECT `+searchDocColumns+`
		FROM stories s`+joinAfterwords+`
		WHERE s.sector = ? AND `+scope+`
		ORDER BY s.decided_at DESC, s.id DESC LIMIT `+limitParam, sector, limit)
	if err != nil {
		return nil, fmt.Errorf("search the stories filed under %s: %w", sector, err)
	}
	return docs, nil
}

// SearchMonth returns the newest limit searchable stories (or published
// ones only) dated (SearchDoc.Date) in the calendar month (UTC) of month,
// newest first, as SearchMatches returns stories: a search that is a month
// and its year alone ("November 2014") is about the stories of that
// month, whatever their words. The month index gives them in order.
func (s *Store) SearchMonth(ctx context.Context, month time.Time, publishedOnly bool, limit int) ([]SearchDoc, error) {
	if limit <= 0 {
		return nil, nil
	}
	scope := searchable("", publishedOnly)
	docs, err := s.querySearchDocs(ctx, limit, monthStories(scope), monthNumber(month), limit)
	if err != nil {
		return nil, fmt.Errorf("search the stories of %s: %w", month.UTC().Format("January 2006"), err)
	}
	return docs, nil
}

// SearchMonthEveryYear returns, as SearchMonth does, the newest limit
// searchable stories (or published ones only) dated in month of any year,
// newest first: a search that is a month's name alone ("November") is
// about the editions of that month, whichever year. The month index
// serves each year the archive has, between its first story's and its
// last's.
func (s *Store) SearchMonthEveryYear(ctx context.Context, month time.Month, publishedOnly bool, limit int) ([]SearchDoc, error) {
	if limit <= 0 {
		return nil, nil
	}
	var first, last sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MIN(`+storyMonth+`), MAX(`+storyMonth+`) FROM stories`).Scan(&first, &last); err != nil {
		return nil, fmt.Errorf("search the stories of %s: the archive's years: %w", month, err)
	}
	if !first.Valid {
		return nil, nil
	}
	var months []any
	for year := first.Int64 / 100; year <= last.Int64/100; year++ {
		months = append(months, year*100+int64(month))
	}
	scope := searchable("", publishedOnly)
	query := `SELECT ` + searchDocColumns + `
		FROM stories s` + joinAfterwords + `
		WHERE s.id IN (SELECT id FROM stories WHERE ` + storyMonth + ` IN (?` + strings.Repeat(", ?", len(months)-1) + `) AND ` + scope + `
			ORDER BY id DESC LIMIT ` + limitParam + `)
		ORDER BY s.id DESC`
	docs, err := s.querySearchDocs(ctx, limit, query, append(months, limit)...)
	if err != nil {
		return nil, fmt.Errorf("search the stories of %s: %w", month, err)
	}
	return docs, nil
}

// monthStories reads SearchMonth's stories in scope (SQL over stories
// without an alias) from a storyMonth number and a limit. The month is
// asked of stories without an alias, in a query of its own, so that the
// month index serves it (TestSearchMonthReadsTheMonthIndex).
func monthStories(scope string) string {
	return `SELECT ` + searchDocColumns + `
		FROM stories s` + joinAfterwords + `
		WHERE s.id IN (SELECT id FROM stories WHERE ` + storyMonth + ` = ? AND ` + scope + `
			ORDER BY id DESC LIMIT ` + limitParam + `)
		ORDER BY s.id DESC`
}

// storyMonth is the calendar month (UTC) of a story's date as search reads
// it (storyDate), as a number: 201405 for May 2014. It is a column
// (migration 0030), written by searchMonth and indexed with the story's
// ID (TestPeriodBoundsReadTheMonthIndex).
const storyMonth = `search_month`

// searchMonth is the value of storyMonth for a story decided at decided
// (zero if not) and created at created: monthNumber of its date, or nil
// (NULL) outside the years 0 to 9999, as migration 0030's SQL writes it
// for the stories before it and for a story whose dates change
// (TestSearchMonthIsEveryStorysDate).
func searchMonth(decided, created time.Time) any {
	date := unix(decided)
	if date <= 0 {
		date = unix(created)
	}
	if date < minSearchDate || date > maxSearchDate {
		return nil
	}
	return monthNumber(time.Unix(date, 0))
}

// The first and last second of the years 0 to 9999, in which SQLite's
// date functions work (migration 0030).
const (
	minSearchDate = -62167219200 // 0000-01-01T00:00:00Z
	maxSearchDate = 253402300799 // 9999-12-31T23:59:59Z
)

// monthIDs is the lowest and highest ID of the stories of the months in a
// JSON array of storyMonth numbers (NULL when they have none): for each
// month, the two ends of its run in the month index.
const monthIDs = `SELECT min((SELECT min(id) FROM stories WHERE ` + storyMonth + ` = m.value)),
	max((SELECT max(id) FROM stories WHERE ` + storyMonth + ` = m.value)) FROM json_each(?) m`

// idsOfMonths returns the lowest and highest ID of the stories dated in the
// calendar months (UTC) from from's up to the one before to, invalid when
// there are none: every story dated from from up to to has an ID between
// them. It costs two steps into the index a month (a search's period is
// one), however many stories a month has. The ends of the run of dates
// would not do: a story's ID says nothing of its date (an edition imported
// today has old dates and new IDs).
func (s *Store) idsOfMonths(ctx context.Context, from, to time.Time) (first, last sql.NullInt64, err error) {
	var months []int
	if to.After(from) {
		end := monthNumber(to.Add(-time.Nanosecond))
		start := from.UTC()
		for m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC); monthNumber(m) <= end; m = m.AddDate(0, 1, 0) {
			months = append(months, monthNumber(m))
		}
	}
	list, err := json.Marshal(months)
	if err == nil {
		err = s.queryRowPrepared(ctx, monthIDs, string(list)).Scan(&first, &last)
	}
	if err != nil {
		return first, last, fmt.Errorf("find the stories of a period: %w", err)
	}
	return first, last, nil
}

// monthNumber is t's calendar month in UTC as storyMonth writes it.
func monthNumber(t time.Time) int {
	t = t.UTC()
	return t.Year()*100 + int(t.Month())
}

// SearchStoryByURL returns the story stored under a canonical URL (under
// any of its spellings) if a search may show it (every searchable story, or only
// published ones), else ErrNotFound: a search for a link finds the story
// it names. A link with a single-page site's route that no story has finds
// the one stored under the page without it (storedWithoutRoute): the link
// a member submitted before the upgrade finds their story as it did then.
func (s *Store) SearchStoryByURL(ctx context.Context, url string, publishedOnly bool) (digest.Story, error) {
	cond := searchable("s.", publishedOnly)
	st, err := storyByLink(ctx, s.db, url, cond)
	if errors.Is(err, ErrNotFound) {
		return storedWithoutRoute(ctx, s.db, url, cond)
	}
	return st, err
}

// TermCount is a stem of the index and how many stories hold it.
type TermCount struct {
	Stem    string
	Stories int
}

// Vocabulary returns the stems of the stories' text from from (inclusive)
// to to (exclusive) in byte order, at most limit of them, with how many
// stories have each (rejected and queued ones included: the counts are the
// index's). Numbers are not in it (terms.IsNumber): the index has them, but
// nobody misspells one and most appear once.
func (s *Store) Vocabulary(ctx context.Context, from, to string, limit int) ([]TermCount, error) {
	out, err := queryAll(ctx, preparedQueryer{s}, func(r rowScanner) (TermCount, error) {
		var tc TermCount
		err := r.Scan(&tc.Stem, &tc.Stories)
		return tc, err
	}, `SELECT stem, stories FROM search_vocabulary
		WHERE stem >= ? AND stem < ? AND stories > 0 ORDER BY stem LIMIT `+limitParam, from, to, limit)
	if err != nil {
		return nil, fmt.Errorf("read search vocabulary %q–%q: %w", from, to, err)
	}
	return out, nil
}

// VocabularyOf returns, of stems, those the vocabulary counts in some
// story, with how many (as Vocabulary counts them), in byte order: one
// question for many stems, where Vocabulary asks for a range.
func (s *Store) VocabularyOf(ctx context.Context, stems []string) ([]TermCount, error) {
	if len(stems) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(stems)
	if err != nil {
		return nil, fmt.Errorf("read search vocabulary: %w", err)
	}
	out, err := queryAll(ctx, preparedQueryer{s}, func(r rowScanner) (TermCount, error) {
		var tc TermCount
		err := r.Scan(&tc.Stem, &tc.Stories)
		return tc, err
	}, `SELECT stem, stories FROM search_vocabulary
		WHERE stem IN (SELECT value FROM json_each(?)) AND stories > 0 ORDER BY stem`, string(list))
	if err != nil {
		return nil, fmt.Errorf("read search vocabulary: %w", err)
	}
	return out, nil
}

// StoriesByID loads stories by ID, in the order given; IDs that name no
// story are left out.
func (s *Store) StoriesByID(ctx context.Context, ids []int64) ([]digest.Story, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	// One statement for any number of IDs, passed as a JSON array, so that
	// it is prepared once rather than parsed on every search.
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("load stories by id: %w", err)
	}
	loaded, err := queryAll(ctx, preparedQueryer{s}, scanStory, `SELECT `+storyColumns+` FROM stories s
		WHERE s.id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("load stories by id: %w", err)
	}
	byID := make(map[int64]digest.Story, len(loaded))
	for _, st := range loaded {
		byID[st.ID] = st
	}
	out := make([]digest.Story, 0, len(loaded))
	for _, id := range ids {
		if st, ok := byID[id]; ok {
			out = append(out, st)
		}
	}
	return out, nil
}
