package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/wordscan"
	"github.com/sharednews/sharednews/terms"
)

// The search index (story_terms, migration 0005) and the vocabulary's
// story counts (search_vocabulary) are written here for new stories, in
// the transaction that inserts them: each story's stems are computed once,
// in Go, and a transaction writes the index rows of all its stories with
// one statement and adds to each stem's count once, however many of its
// stories have that stem (migration 0011 dropped the insert triggers that
// did this a story and a column at a time). Edits and deletes of stories
// still reach the index through 0005's triggers, which use the same terms
// functions through SQL.
//
// The pairs of words the index also holds for phrases (terms.IndexRow,
// migration 0036) are not written here: they double what FTS5 does for
// each story, and the newswire's writer is the first pass's bottleneck.
// IndexWordPairs writes them later, in steps, for the stories after
// search_pairs.through, and a phrase is asked of the stories after it as
// a phrase of its words (indexParts). Edits reach the index through the
// triggers' SQL function, which writes the pairs at once.

// storyText is the text of a new story that the search index holds, and
// its terms once computed (nil until then).
type storyText struct {
	id                                    int64
	headline, summary, source, commentary string
	terms                                 *storyTerms
}

// storyTerms is what the index holds for one story, computed in Go (and,
// for the newswire, before the write transaction: see PrepareEntries).
type storyTerms struct {
	// body is the index row's one column (migration 0031: terms.Index of
	// the headline, summary, source and commentary, in that order, with
	// fieldMark between them) as a JSON string followed by the row's
	// closing "]": what follows the rowid in the row indexStories passes
	// to SQLite.
	body []byte
	// stems are the story's stems that the vocabulary counts (numbers
	// are not in it: terms.IsNumber), each once whichever fields have it,
	// separated by single spaces (one string rather than one per stem:
	// entries wait for the database with their terms). Both are left to
	// the readers that prepare entries: the one writer only counts them.
	stems string
}

// fieldMark stands between two fields of a story in the index's one
// column, as migration 0031's SQL writes it: CompoundMark, which no query
// has, so that no phrase runs from one field into the next.
const fieldMark = terms.CompoundMark

// termsOf computes the terms the index holds for a story's text: for each
// field, terms.Index of it, stemmed once for the column and the stems.
// seen is scratch space for telling the stems apart, reused from story to
// story (nil: termsOf makes its own).
func termsOf(headline, summary, source, commentary string, seen *stemSet) *storyTerms {
	if seen == nil {
		seen = &stemSet{}
	}
	fields := [4]string{headline, summary, source, commentary}
	size := len(headline) + len(summary) + len(source) + len(commentary)
	seen.reset(size)
	row := make([]byte, 0, size+16)
	// A Builder, whose String is not a copy: the stems are at most the
	// text's size, and this ran for every entry of every feed read.
	var distinct strings.Builder
	distinct.Grow(size)
	row = append(row, '"')
	for i, text := range fields {
		if i > 0 {
			row = append(row, ' ')
			row = append(row, fieldMark...)
		}
		terms.EachIndexed(text, func(token string) {
			if len(row) > 1 {
				row = append(row, ' ')
			}
			row = append(row, token...)
			if token != terms.CompoundMark && !terms.IsNumber(token) && seen.add(token) {
				if distinct.Len() > 0 {
					distinct.WriteByte(' ')
				}
				distinct.WriteString(token)
			}
		})
	}
	if body := row[1:]; !plainJSON(body) {
		row = appendJSONString(row[:0], string(body))
	} else {
		row = append(row, '"')
	}
	row = append(row, ']')
	return &storyTerms{body: row, stems: distinct.String()}
}

// appendJSONString appends s to b as a JSON string. Stems are letters,
// digits and marks, which JSON takes as they are; anything else (never
// seen) goes through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	if !plainJSONString(s) {
		q, err := json.Marshal(s)
		if err != nil {
			panic(err) // a string always marshals
		}
		return append(b, q...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainJSON reports whether b is valid UTF-8 with nothing JSON must
// escape in a string.
func plainJSON(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if x := wordscan.Load(b, i); wordscan.Below(x, 0x20)|wordscan.Equal(x, '"')|wordscan.Equal(x, '\\') != 0 {
			return false
		}
	}
	for _, c := range b[i:] {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.Valid(b)
}

// plainJSONString is plainJSON for a string.
func plainJSONString(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if x := wordscan.Load(s, i); wordscan.Below(x, 0x20)|wordscan.Equal(x, '"')|wordscan.Equal(x, '\\') != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.ValidString(s)
}

// indexStories adds new stories to the search index and counts their stems
// in the vocabulary. It must run in the transaction that inserted them.
//
// The index rows go in with one statement whatever their number: FTS5
// writes what it holds in memory to disk as a new segment when the next
// writing statement starts, so a statement per story would write a segment
// per story and keep merging them.
func (s *Store) indexStories(ctx context.Context, tx *sql.Tx, stories []storyText) error {
	if len(stories) == 0 {
		return nil
	}
	// The rows are a JSON array of [rowid, body] arrays, written from
	// the stories' prepared bodies.
	size, stemBytes := 2, 0
	for i := range stories {
		st := &stories[i]
		if st.terms == nil {
			st.terms = termsOf(st.headline, st.summary, st.source, st.commentary, nil)
		}
		size += len(st.terms.body) + 24
		stemBytes += len(st.terms.stems)
	}
	// A Builder, whose String is not a copy: the rows hold the text of
	// every story of the transaction.
	var rows strings.Builder
	rows.Grow(size)
	rows.WriteByte('[')
	// Each stem once, with the number of the stories that have it (a
	// stemSet rather than a map: a transaction counts thousands).
	var distinct stemSet
	// Stories share most of their stems: feedbench's transactions of
	// 200 stories have about 930 distinct in 50 KB of stems. The table
	// grows if this is too few.
	distinct.reset(stemBytes / 16)
	counts := make([]int, 0, len(distinct.slots)/2)
	var id [20]byte
	for i, st := range stories {
		if i > 0 {
			rows.WriteByte(',')
		}
		rows.WriteByte('[')
		rows.Write(strconv.AppendInt(id[:0], st.id, 10))
		rows.WriteByte(',')
		rows.Write(st.terms.body)
		for stems := st.terms.stems; stems != ""; {
			// Single spaces between stems that hold none (see
			// storyTerms): cut at each, no Unicode white space to
			// look for.
			stem, rest, _ := strings.Cut(stems, " ")
			if k, added := distinct.place(stem); added {
				counts = append(counts, 1)
			} else {
				counts[k]++
			}
			stems = rest
		}
	}
	rows.WriteByte(']')
	if err := s.runJSONText(ctx, tx, insertIndexRows, rows.String(), nil); err != nil {
		return fmt.Errorf("index stories for search: %w", err)
	}
	// In the index's order, so that the upserts walk its pages once.
	order := make([]int32, len(distinct.stems))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(distinct.stems[a], distinct.stems[b]) })
	// [[stem, count], ...]; stems are written as the index's body is.
	vocab := make([]byte, 0, 16*len(order)+2)
	vocab = append(vocab, '[')
	for i, k := range order {
		stem := distinct.stems[k]
		if i > 0 {
			vocab = append(vocab, ',')
		}
		vocab = append(vocab, '[')
		vocab = appendJSONString(vocab, stem)
		vocab = append(vocab, ',')
		vocab = strconv.AppendInt(vocab, int64(counts[k]), 10)
		vocab = append(vocab, ']')
	}
	vocab = append(vocab, ']')
	if err := s.runJSONText(ctx, tx, countVocabulary, string(vocab), nil); err != nil {
		return fmt.Errorf("count the search vocabulary: %w", err)
	}
	return nil
}

// The statements of indexStories each take one JSON array of rows (see
// runJSONText).
const (
	insertIndexRows = `INSERT INTO story_terms (rowid, body)
		SELECT value->>0, value->>1 FROM jsonb_each(?)`
	// WHERE true: SQLite's grammar needs it between a SELECT and ON CONFLICT.
	countVocabulary = `INSERT INTO search_vocabulary (stem, stories)
		SELECT value->>0, value->>1 FROM jsonb_each(?) WHERE true
		ON CONFLICT (stem) DO UPDATE SET stories = stories + excluded.stories`
)

// textOf is the text of story st, stored as id, that the index holds.
func textOf(id int64, st digest.Story) storyText {
	return storyText{id: id, headline: st.Headline, summary: st.Summary, source: st.Source, commentary: st.Commentary}
}
