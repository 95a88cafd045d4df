package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/terms"
)

// allWords is a TermMatch for every word of text, as package search builds
// the simplest query.
func allWords(text string) TermMatch {
	var m TermMatch
	terms.Each(text, func(w terms.Word) {
		m.Groups = append(m.Groups, []TermPattern{{Stems: []string{terms.Stem(w.Text)}}})
	})
	return m
}

// matchHeadlines runs m and returns the headlines found, newest first.
func matchHeadlines(t *testing.T, s *Store, m TermMatch) []string {
	t.Helper()
	docs, err := s.SearchMatches(context.Background(), m, 50)
	if err != nil {
		t.Fatalf("search %+v: %v", m, err)
	}
	return headlinesOf(docs)
}

// headlinesOf returns the documents' headlines, in their order.
func headlinesOf(docs []SearchDoc) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Headline)
	}
	return out
}

// checkHeadlinesBefore is checkHeadlines for a database an older release
// left, before it is migrated, and stops the test on a difference: it asks
// the index alone, as those releases did, where SearchMatches reads what
// later migrations made.
func checkHeadlinesBefore(t *testing.T, s *Store, query string, want ...string) {
	t.Helper()
	expr, err := allWords(query).expression(false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := queryAll(context.Background(), s.db, func(r rowScanner) (string, error) {
		var h string
		return h, r.Scan(&h)
	}, `SELECT s.headline FROM story_terms t JOIN stories s ON s.id = t.rowid
		WHERE story_terms MATCH ? ORDER BY t.rowid DESC`, expr)
	if err != nil {
		t.Fatalf("search %s: %v", expr, err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s before migrating: %q, want %q", query, got, want)
	}
}

func TestSearchMatchesStems(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	batch := []digest.Story{
		{URL: "https://e.org/1", Headline: "Councils share a chief executive", Summary: "Stoke-on-Trent and its neighbours.", Sector: "local-government", State: digest.StatePublished},
		{URL: "https://e.org/2", Headline: "Shared services", Summary: "A council shares its executive team.", Commentary: "Émigré café", Sector: "local-government", State: digest.StatePublished},
		{URL: "https://e.org/3", Headline: "Fire service news", Summary: "Stoke and Trent are far apart; on the other hand.", Sector: "blue-light", State: digest.StatePublished},
	}
	if err := s.AddStories(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		m    TermMatch
		want []string
	}{
		{"word forms meet", allWords("council sharing"), []string{"Shared services", "Councils share a chief executive"}},
		{"accents folded", allWords("EMIGRE CAFE"), []string{"Shared services"}},
		{"a phrase needs its words in a row", TermMatch{Groups: [][]TermPattern{{{Stems: []string{"stoke", "on", "trent"}}}}},
			[]string{"Councils share a chief executive"}},
		{"any group", TermMatch{AnyGroup: true, Groups: [][]TermPattern{{{Stems: []string{"fire"}}}, {{Stems: []string{"chief"}}}}},
			[]string{"Fire service news", "Councils share a chief executive"}},
		{"alternatives in a group", TermMatch{Groups: [][]TermPattern{{{Stems: []string{"zebra"}}, {Stems: []string{"fire"}}}}},
			[]string{"Fire service news"}},
		{"prefix", TermMatch{Groups: [][]TermPattern{{{Stems: []string{"exec"}, Prefix: true}}}},
			[]string{"Shared services", "Councils share a chief executive"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := matchHeadlines(t, s, tc.m); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSearchMatchesInPeriod: a period limits the matches to stories dated
// in it, each dated when it was decided, or when it arrived if it was not;
// every match has its date.
func TestSearchMatchesInPeriod(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	may := time.Date(2014, 5, 21, 9, 0, 0, 0, time.UTC)
	batch := []digest.Story{
		{URL: "https://e.org/1", Headline: "Councils merge in May", Sector: "local-government", State: digest.StatePublished,
			DecidedAt: may},
		{URL: "https://e.org/2", Headline: "Councils merge in July", Sector: "local-government", State: digest.StatePublished,
			DecidedAt: may.AddDate(0, 2, 0)},
		{URL: "https://e.org/3", Headline: "Councils merge on the newswire", Sector: "local-government", State: digest.StateNewswire,
			CreatedAt: may.AddDate(0, 0, 10)},
		{URL: "https://e.org/4", Headline: "Councils merge on 1 June", Sector: "local-government", State: digest.StatePublished,
			DecidedAt: time.Date(2014, 6, 1, 0, 0, 0, 0, time.UTC)},
	}
	if err := s.AddStories(ctx, batch); err != nil {
		t.Fatal(err)
	}
	m := allWords("councils merge")
	m.From, m.To = time.Date(2014, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2014, 6, 1, 0, 0, 0, 0, time.UTC)
	docs, err := s.SearchMatches(ctx, m, 50)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.Headline+" "+d.Date.Format("2006-01-02"))
	}
	if want := []string{"Councils merge on the newswire 2014-05-31", "Councils merge in May 2014-05-21"}; !slices.Equal(got, want) {
		t.Errorf("in May 2014: %q, want %q", got, want)
	}
	if got := matchHeadlines(t, s, allWords("councils merge")); len(got) != 4 {
		t.Errorf("without a period: %q", got)
	}
}

// TestSearchMatchesInPeriodAcrossMonths: a period may span months and a
// year's end, and a story's ID says nothing of its date (an edition
// imported later has older dates and newer IDs); a period with no story,
// or after every story, finds nothing.
func TestSearchMatchesInPeriodAcrossMonths(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	var batch []digest.Story
	for i, d := range []time.Time{day(2015, 1, 10), day(2014, 12, 20), day(2015, 2, 1), day(2014, 12, 1), day(2015, 1, 25), day(2014, 12, 31)} {
		batch = append(batch, digest.Story{URL: fmt.Sprintf("https://e.org/%d", i), Headline: "Councils merge " + d.Format("2 January 2006"),
			Sector: "local-government", State: digest.StatePublished, DecidedAt: d})
	}
	if err := s.AddStories(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		from, to time.Time
		want     []string // newest ID first
	}{
		{day(2014, 12, 15), day(2015, 1, 20), []string{"Councils merge 31 December 2014", "Councils merge 20 December 2014", "Councils merge 10 January 2015"}},
		{day(2014, 12, 1).Add(-12 * time.Hour), day(2015, 1, 1).Add(-12 * time.Hour), []string{"Councils merge 31 December 2014", "Councils merge 1 December 2014", "Councils merge 20 December 2014"}},
		{day(2015, 1, 1).Add(-12 * time.Hour), day(2015, 2, 1).Add(-12 * time.Hour), []string{"Councils merge 25 January 2015", "Councils merge 10 January 2015"}},
		{day(2014, 11, 1), day(2014, 11, 30), nil}, // a month with no story
		{day(2030, 5, 1), day(2030, 6, 1), nil},    // after every story
		{day(2015, 1, 20), day(2015, 1, 20), nil},  // an empty period
		{day(2015, 1, 20), day(2014, 12, 20), nil}, // backwards
	} {
		m := allWords("councils merge")
		m.From, m.To = c.from, c.to
		if got := matchHeadlines(t, s, m); !slices.Equal(got, c.want) {
			t.Errorf("from %s to %s: %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

// queryPlan is SQLite's plan for query with args, a line a step.
func queryPlan(t *testing.T, s *Store, query string, args ...any) []string {
	t.Helper()
	plan, err := queryAll(context.Background(), s.db, func(r rowScanner) (string, error) {
		var id, parent, unused int
		var detail string
		return detail, r.Scan(&id, &parent, &unused, &detail)
	}, `EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// storySteps fails the test unless, for what, times steps of plan read
// stories and each of them is want.
func storySteps(t *testing.T, what string, plan []string, want string, times int) {
	t.Helper()
	n := 0
	for _, step := range plan {
		if strings.Contains(step, "stories") {
			if step != want {
				t.Errorf("%s read %q", what, step)
			}
			n++
		}
	}
	if n != times {
		t.Errorf("%s read stories %d times, want %d; plan %q", what, n, times, plan)
	}
}

// TestPeriodBoundsReadTheMonthIndex: the first and last story of a month
// are found at the ends of its run in the month index (migration 0028's,
// of stories' search_month column since 0030).
func TestPeriodBoundsReadTheMonthIndex(t *testing.T) {
	s, _ := openTest(t)
	plan := queryPlan(t, s, monthIDs, "[201405]")
	// Twice: the period's first story and its last.
	storySteps(t, "the period's bounds", plan, "SEARCH stories USING COVERING INDEX stories_search_month (search_month=?)", 2)
}

// TestSearchMonthMigrationIndexesExistingStories: a database of the
// release before 0028 has stories; migrated, their months are in the new
// index (a period's search finds them by it) and 0027's index is gone.
func TestSearchMonthMigrationIndexesExistingStories(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "search_month_index")
	may := time.Date(2014, 5, 21, 9, 0, 0, 0, time.UTC)
	// As that release stored them (the program now also writes 0030's
	// column, which that schema lacks).
	for _, row := range [][]any{
		{"https://e.org/1", "Councils merge in May", "published", may.Unix(), 1},
		{"https://e.org/2", "Councils merge in July", "published", may.AddDate(0, 2, 0).Unix(), 1},
		{"https://e.org/3", "Councils merge on the newswire", "newswire", 0, may.Unix()},
	} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO stories (url, headline, sector, state, decided_at, created_at, updated_at)
			VALUES (?, ?, 'local-government', ?, ?, ?, 1)`, row...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var bounds []string
	for _, month := range []string{"[201405]", "[201407]", "[201406]"} {
		var first, last sql.NullInt64
		if err := s.db.QueryRowContext(ctx, monthIDs, month).Scan(&first, &last); err != nil {
			t.Fatal(err)
		}
		bounds = append(bounds, fmt.Sprintf("%s %v-%v", month, first, last))
	}
	if want := []string{"[201405] {1 true}-{3 true}", "[201407] {2 true}-{2 true}", "[201406] {0 false}-{0 false}"}; !slices.Equal(bounds, want) {
		t.Errorf("months' IDs %q, want %q", bounds, want)
	}
	var indexes int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'stories_search_date'`).Scan(&indexes); err != nil || indexes != 0 {
		t.Errorf("0027's index left: %d, %v", indexes, err)
	}
}

// TestSearchFiled: the stories filed under a sector, newest decided first:
// approved and published ones, or published ones only; not a newswire
// story, whose sector is the model's guess, nor a queued or rejected one,
// nor another sector's.
func TestSearchFiled(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	may := time.Date(2014, 5, 21, 9, 0, 0, 0, time.UTC)
	story := func(n int, headline, sector string, state digest.State, decided time.Time) digest.Story {
		return digest.Story{URL: fmt.Sprintf("https://e.org/%d", n), Headline: headline, Sector: sector, State: state,
			DecidedAt: decided, CreatedAt: may}
	}
	batch := []digest.Story{
		story(1, "Late payment penalties", "highway-code", digest.StatePublished, may),
		story(2, "Huddle connects councils", "highway-code", digest.StatePublished, may.AddDate(0, 1, 0)),
		story(3, "Cloud deal approved", "highway-code", digest.StateApproved, may.AddDate(0, 0, 1)),
		story(4, "Software on the newswire", "highway-code", digest.StateNewswire, time.Time{}),
		story(5, "Queued software story", "highway-code", digest.StateQueued, time.Time{}),
		story(6, "Rejected software story", "highway-code", digest.StateRejected, may),
		story(7, "Fire deaths fall", "blue-light", digest.StatePublished, may),
	}
	if err := s.AddStories(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		published bool
		limit     int
		want      []string
	}{
		{false, 10, []string{"Huddle connects councils", "Cloud deal approved", "Late payment penalties"}},
		{true, 10, []string{"Huddle connects councils", "Late payment penalties"}},
		{false, 1, []string{"Huddle connects councils"}},
	} {
		docs, err := s.SearchFiled(ctx, "highway-code", tc.published, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := headlinesOf(docs); !slices.Equal(got, tc.want) {
			t.Errorf("published only %v, limit %d: %q, want %q", tc.published, tc.limit, got, tc.want)
		}
	}
}

// withSubmitter is st submitted by a member.
func withSubmitter(st digest.Story) digest.Story {
	st.Submitter = digest.Person{Platform: "slack", ID: "U1", Name: "ana"}
	return st
}

// TestSearchMonth: the stories dated in a month, newest first: decided ones
// by the day they were decided, undecided newswire ones by the day they
// arrived; every searchable story (a feed's story in the queue among them),
// or published ones only; not a member's undecided submission or a
// rejected story, nor one of the months around it.
func TestSearchMonth(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	nov := time.Date(2014, 11, 20, 9, 0, 0, 0, time.UTC)
	story := func(n int, headline string, state digest.State, decided, created time.Time) digest.Story {
		return digest.Story{URL: fmt.Sprintf("https://e.org/%d", n), Headline: headline, Sector: "local-government",
			State: state, DecidedAt: decided, CreatedAt: created}
	}
	if err := s.AddStories(ctx, []digest.Story{
		story(1, "Published on the first", digest.StatePublished, time.Date(2014, 11, 1, 0, 0, 0, 0, time.UTC), nov.AddDate(0, -2, 0)),
		story(2, "Published in October", digest.StatePublished, time.Date(2014, 10, 31, 23, 59, 59, 0, time.UTC), nov),
		story(3, "Approved in November", digest.StateApproved, nov, nov),
		story(4, "Arrived on the newswire", digest.StateNewswire, time.Time{}, nov.AddDate(0, 0, 1)),
		story(5, "Queued in November", digest.StateQueued, time.Time{}, nov),
		withSubmitter(story(9, "Submitted in November", digest.StateQueued, time.Time{}, nov)),
		story(6, "Rejected in November", digest.StateRejected, nov, nov),
		story(7, "Published in December", digest.StatePublished, time.Date(2014, 12, 1, 0, 0, 0, 0, time.UTC), nov),
		story(8, "Published on the last day", digest.StatePublished, time.Date(2014, 11, 30, 23, 59, 59, 0, time.UTC), nov),
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		published bool
		limit     int
		want      []string
	}{
		{false, 10, []string{"Published on the last day", "Queued in November", "Arrived on the newswire", "Approved in November", "Published on the first"}},
		{true, 10, []string{"Published on the last day", "Published on the first"}},
		{false, 2, []string{"Published on the last day", "Queued in November"}},
		{false, 0, nil},
	} {
		docs, err := s.SearchMonth(ctx, nov, tc.published, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := headlinesOf(docs); !slices.Equal(got, tc.want) {
			t.Errorf("published only %v, limit %d: %q, want %q", tc.published, tc.limit, got, tc.want)
		}
	}
	docs, err := s.SearchMonth(ctx, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), false, 10)
	if err != nil || len(docs) != 0 {
		t.Errorf("a month without stories: %q, %v", headlinesOf(docs), err)
	}
}

// TestSearchMonthEveryYear: the stories of a month in any year, newest
// first, searchable or published only; none in an empty archive.
func TestSearchMonthEveryYear(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if docs, err := s.SearchMonthEveryYear(ctx, time.November, false, 10); err != nil || len(docs) != 0 {
		t.Fatalf("an empty archive: %q, %v", headlinesOf(docs), err)
	}
	story := func(n int, headline string, state digest.State, decided time.Time) digest.Story {
		return digest.Story{URL: fmt.Sprintf("https://e.org/%d", n), Headline: headline, Sector: "local-government",
			State: state, DecidedAt: decided, CreatedAt: decided}
	}
	if err := s.AddStories(ctx, []digest.Story{
		story(1, "November 2012", digest.StatePublished, time.Date(2012, 11, 8, 9, 0, 0, 0, time.UTC)),
		story(2, "October 2014", digest.StatePublished, time.Date(2014, 10, 31, 23, 59, 59, 0, time.UTC)),
		story(3, "November 2014, approved", digest.StateApproved, time.Date(2014, 11, 20, 9, 0, 0, 0, time.UTC)),
		story(4, "November 2014, rejected", digest.StateRejected, time.Date(2014, 11, 20, 9, 0, 0, 0, time.UTC)),
		story(5, "December 2015", digest.StatePublished, time.Date(2015, 12, 1, 0, 0, 0, 0, time.UTC)),
		story(6, "November 2016", digest.StatePublished, time.Date(2016, 11, 30, 23, 59, 59, 0, time.UTC)),
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		month     time.Month
		published bool
		limit     int
		want      []string
	}{
		{time.November, false, 10, []string{"November 2016", "November 2014, approved", "November 2012"}},
		{time.November, true, 10, []string{"November 2016", "November 2012"}},
		{time.November, false, 2, []string{"November 2016", "November 2014, approved"}},
		{time.December, false, 10, []string{"December 2015"}},
		{time.May, false, 10, nil},
		{time.November, false, 0, nil},
	} {
		docs, err := s.SearchMonthEveryYear(ctx, tc.month, tc.published, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := headlinesOf(docs); !slices.Equal(got, tc.want) {
			t.Errorf("%s, published only %v, limit %d: %q, want %q", tc.month, tc.published, tc.limit, got, tc.want)
		}
	}
}

// TestSearchMonthReadsTheMonthIndex: the stories of a month come from the
// month index in order, not from a reading of every story.
func TestSearchMonthReadsTheMonthIndex(t *testing.T) {
	s, _ := openTest(t)
	for _, publishedOnly := range []bool{false, true} {
		plan := queryPlan(t, s, monthStories(searchable("", publishedOnly)), 201411, 10)
		if !slices.Contains(plan, "SEARCH stories USING INDEX stories_search_month (search_month=?)") {
			t.Errorf("the month's stories read %q", plan)
		}
		if slices.ContainsFunc(plan, func(step string) bool {
			return strings.HasPrefix(step, "SCAN") || strings.Contains(step, "TEMP B-TREE")
		}) {
			t.Errorf("the month's stories are read whole or sorted: %q", plan)
		}
	}
}

// monthOfDates is the month migration 0030 writes in SQL for a story's
// dates, as SQL over stories: what search_month must hold.
const monthOfDates = `CASE WHEN (CASE WHEN decided_at > 0 THEN decided_at ELSE created_at END) BETWEEN -62167219200 AND 253402300799
	THEN CAST(strftime('%Y%m', CASE WHEN decided_at > 0 THEN decided_at ELSE created_at END, 'unixepoch') AS INTEGER) END`

// storyMonths returns each story's search_month ("" for NULL), by ID,
// and fails t when one is not the month of its dates.
func storyMonths(t *testing.T, s *Store) map[int64]string {
	t.Helper()
	months := map[int64]string{}
	rows, err := s.db.QueryContext(context.Background(), `SELECT id, search_month, `+monthOfDates+` FROM stories`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id          int64
			month, want sql.NullInt64
		)
		if err := rows.Scan(&id, &month, &want); err != nil {
			t.Fatal(err)
		}
		if month != want {
			t.Errorf("story #%d: month %v, its dates' %v", id, month, want)
		}
		months[id] = ""
		if month.Valid {
			months[id] = fmt.Sprint(month.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return months
}

// TestSearchMonthIsEveryStorysDate: search_month, which the program
// writes as it stores a story and a trigger when the story's dates
// change (migration 0030), is the month of the story's date on every
// path: stories added (decided or not, at the ends of the years SQLite
// dates), the newswire's, a newswire story a member submits (queued
// now), and a story decided; and a month's search finds them by it.
func TestSearchMonthIsEveryStorysDate(t *testing.T) {
	ctx := context.Background()
	s, now := openTest(t)
	may := time.Date(2014, 5, 31, 23, 59, 59, 0, time.UTC)
	added := []digest.Story{
		{URL: "https://e.org/decided", Headline: "Councils merge in May", Sector: "other", State: digest.StatePublished, DecidedAt: may, CreatedAt: may.AddDate(0, 3, 0)},
		{URL: "https://e.org/created", Headline: "Councils merge on the newswire", Sector: "other", State: digest.StateNewswire, CreatedAt: may},
		{URL: "https://e.org/before-1970", Headline: "Councils merge long ago", Sector: "other", State: digest.StateNewswire, CreatedAt: time.Unix(-1, 0)},
		{URL: "https://e.org/year-0", Headline: "Councils merge in year nought", Sector: "other", State: digest.StateNewswire, CreatedAt: time.Unix(minSearchDate, 0)},
		{URL: "https://e.org/year-9999", Headline: "Councils merge at the end", Sector: "other", State: digest.StateNewswire, CreatedAt: time.Unix(maxSearchDate, 0)},
		{URL: "https://e.org/year-10000", Headline: "Councils merge after the end", Sector: "other", State: digest.StateNewswire, CreatedAt: time.Unix(maxSearchDate+1, 0)},
		{URL: "https://e.org/before-year-0", Headline: "Councils merge before the start", Sector: "other", State: digest.StateNewswire, CreatedAt: time.Unix(minSearchDate-1, 0)},
	}
	if err := s.AddStories(ctx, added); err != nil {
		t.Fatal(err)
	}
	feed := feedRow(t, s, "https://a.example/rss")
	onWire := wire("https://news.example/wire", "Two councils share a chief executive", "g1")
	onWire.Story.State = digest.StateNewswire
	res, err := addWire(ctx, s, feed, []NewswireEntry{onWire, wire("https://news.example/queued", "Three councils share a finance team", "g2")})
	if err != nil || len(res.Added) != 2 {
		t.Fatalf("newswire: %+v, %v", res, err)
	}
	*now = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	member := digest.Story{URL: "https://news.example/wire", Headline: "Two councils share a chief executive", Sector: "other",
		Submitter: digest.Person{Platform: "slack", ID: "U1", Name: "Ann"}}
	if _, err := s.Submit(ctx, Submission{Story: member, Unlimited: true}); err != nil {
		t.Fatal(err)
	}
	*now = time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC)
	if _, err := s.Approve(ctx, Decision{StoryID: res.Added[1].ID, By: digest.Person{Platform: "slack", ID: "U2", Name: "Ed"}}); err != nil {
		t.Fatal(err)
	}
	months := storyMonths(t, s)
	want := map[int64]string{1: "201405", 2: "201405", 3: "196912", 4: "1", 5: "999912", 6: "", 7: "", 8: "202612", 9: "202701"}
	if fmt.Sprint(months) != fmt.Sprint(want) {
		t.Errorf("months %v, want %v", months, want)
	}
	// (A member's submission waiting in the queue is not searchable.)
	for month, id := range map[time.Time]int64{may: 2, *now: 9} {
		docs, err := s.SearchMonth(ctx, month, false, 10)
		if err != nil || len(docs) == 0 || docs[0].ID != id {
			t.Errorf("the stories of %s: %+v, %v; want #%d first", month.Format("January 2006"), docs, err, id)
		}
	}
}

// TestSearchMonthMigrationWritesTheColumn: a database of the release
// before 0030 has stories; migrated, each has the month of its dates in
// search_month, a month's search finds them by it in the index, and a
// story decided afterwards moves to the month of its decision.
func TestSearchMonthMigrationWritesTheColumn(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "search_month_column")
	may := time.Date(2014, 5, 21, 9, 0, 0, 0, time.UTC).Unix()
	for _, row := range [][]any{
		{"https://e.org/1", "published", may, may + 86400*60}, // decided in May, created in July
		{"https://e.org/2", "newswire", 0, may},
		{"https://e.org/3", "newswire", 0, maxSearchDate + 1},
		{"https://e.org/4", "queued", -5, may + 86400*60},
	} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO stories (url, headline, sector, state, decided_at, created_at, updated_at)
			VALUES (?, 'Councils merge', 'other', ?, ?, ?, 1)`, row...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if months := storyMonths(t, s); fmt.Sprint(months) != fmt.Sprint(map[int64]string{1: "201405", 2: "201405", 3: "", 4: "201407"}) {
		t.Errorf("months %v", months)
	}
	docs, err := s.SearchMonth(ctx, time.Unix(may, 0), false, 10)
	if err != nil || len(docs) != 2 || docs[0].ID != 2 || docs[1].ID != 1 {
		t.Errorf("May 2014: %+v, %v", docs, err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE stories SET decided_at = ? WHERE id = 4`, may-86400*30); err != nil {
		t.Fatal(err)
	}
	if months := storyMonths(t, s); months[4] != "201404" {
		t.Errorf("story #4 decided in April: month %q", months[4])
	}
}

// TestSearchMatchesQuotesEverything: stems reach FTS5 as quoted strings, so
// no text, however odd, is read as FTS5 syntax or fails.
func TestSearchMatchesQuotesEverything(t *testing.T) {
	s, _ := openTest(t)
	for _, stem := range []string{`"`, `chief*`, `NEAR(chief`, `a OR b AND`, `-`, `'`, `headline:chief`, `^x`, "a\x00b", `""`} {
		m := TermMatch{Groups: [][]TermPattern{{{Stems: []string{stem}}, {Stems: []string{stem, stem}, Prefix: true}}}}
		if _, err := s.SearchMatches(context.Background(), m, 5); err != nil {
			t.Errorf("search %q: %v", stem, err)
		}
	}
	if _, err := s.SearchMatches(context.Background(), TermMatch{Groups: [][]TermPattern{{{Stems: []string{""}}}}}, 5); err != ErrEmptyMatch {
		t.Errorf("an empty match: %v, want ErrEmptyMatch", err)
	}
}

// TestSearchIndexFollowsEveryWrite: inserts, edits and deletes reach the
// index through its triggers, whichever code path wrote the story.
func TestSearchIndexFollowsEveryWrite(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	st, err := s.AddStory(ctx, digest.Story{URL: "https://e.org/x", Headline: "NHS trusts merge back offices", Sector: "health", State: digest.StateNewswire})
	if err != nil {
		t.Fatal(err)
	}
	if got := matchHeadlines(t, s, allWords("trust")); len(got) != 1 {
		t.Fatalf("after insert: %q", got)
	}
	if _, err := s.EditStory(ctx, st.ID, StoryEdit{Headline: ptr("Hospital partnership formed")}); err != nil {
		t.Fatal(err)
	}
	if got := matchHeadlines(t, s, allWords("trust")); len(got) != 0 {
		t.Errorf("the old headline is still indexed: %q", got)
	}
	if got := matchHeadlines(t, s, allWords("hospitals partnerships")); len(got) != 1 {
		t.Errorf("the new headline is not indexed: %q", got)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE id = ?`, st.ID); err != nil {
		t.Fatal(err)
	}
	if got := matchHeadlines(t, s, allWords("hospital")); len(got) != 0 {
		t.Errorf("a deleted story is still found: %q", got)
	}
}

func TestVocabulary(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	var batch []digest.Story
	for i, h := range []string{"Devolution deal", "Devolution talks", "Devolved powers", "Deal done"} {
		batch = append(batch, digest.Story{URL: fmt.Sprintf("https://e.org/%d", i), Headline: h, Sector: "other", State: digest.StatePublished})
	}
	if err := s.AddStories(ctx, batch); err != nil {
		t.Fatal(err)
	}
	got, err := s.Vocabulary(ctx, "d", "e", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []TermCount{{"deal", 2}, {"devolut", 2}, {"devolv", 1}, {"done", 1}}
	if !slices.Equal(got, want) {
		t.Errorf("vocabulary = %v, want %v", got, want)
	}
	// Edits and deletes keep the counts: a story counts a word once.
	if _, err := s.db.ExecContext(ctx, `UPDATE stories SET headline = 'Deal deal deal', summary = 'Devolved' WHERE headline = 'Devolution talks'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE headline = 'Deal done'`); err != nil {
		t.Fatal(err)
	}
	got, err = s.Vocabulary(ctx, "d", "e", 10)
	if err != nil {
		t.Fatal(err)
	}
	want = []TermCount{{"deal", 2}, {"devolut", 1}, {"devolv", 2}}
	if !slices.Equal(got, want) {
		t.Errorf("vocabulary after edits = %v, want %v", got, want)
	}
	// Stems asked for by name: those the vocabulary counts, in order.
	got, err = s.VocabularyOf(ctx, []string{"devolv", "done", "deal", "zebra", "devolv"})
	if want := []TermCount{{"deal", 2}, {"devolv", 2}}; err != nil || !slices.Equal(got, want) {
		t.Errorf("vocabulary of named stems = %v (%v), want %v", got, err, want)
	}
}

// TestVocabularyHasNoNumbers: numbers are searchable but not counted in
// the vocabulary, whether a story is stored alone, with the newswire's
// batch, or edited; words with digits in them are counted.
func TestVocabularyHasNoNumbers(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.AddStory(ctx, digest.Story{URL: "https://e.org/1", Headline: "Budget 2027 for the A38", Sector: "other", State: digest.StatePublished}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddStories(ctx, []digest.Story{{URL: "https://e.org/2", Headline: "£310,000 saved", Summary: "Story 12345 of 2027", Sector: "other", State: digest.StateNewswire}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE stories SET summary = 'Covid19 cases fell 40 per cent in 2026' WHERE url = 'https://e.org/1'`); err != nil {
		t.Fatal(err)
	}
	if got := matchHeadlines(t, s, allWords("2027 12345")); !slices.Equal(got, []string{"£310,000 saved"}) {
		t.Errorf("numbers searched: %q", got)
	}
	got, err := s.Vocabulary(ctx, "", "\xff", 100)
	if err != nil {
		t.Fatal(err)
	}
	var stems []string
	for _, tc := range got {
		stems = append(stems, tc.Stem)
	}
	want := []string{"a38", "budget", "case", "covid19", "fell", "for", "in", "of", "percent", "save", "story", "the"}
	if !slices.Equal(stems, want) {
		t.Errorf("vocabulary = %q, want %q", stems, want)
	}
}

// TestVocabularyMigrationDropsNumbers: a database from before 0015 loses
// the numbers its vocabulary counted and keeps the words.
func TestVocabularyMigrationDropsNumbers(t *testing.T) {
	ctx := context.Background()
	old := openBefore(t, "vocabulary_without_numbers")
	// The story and its counts as that release stored them (the program
	// now writes columns that schema lacks), numbers counted.
	if _, err := old.db.ExecContext(ctx, `INSERT INTO stories (url, headline, sector, state, created_at, updated_at)
		VALUES ('https://e.org/old', 'Budget 2027 for the A38', 'other', 'published', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := old.db.ExecContext(ctx, `INSERT INTO search_vocabulary (stem, stories)
		VALUES ('a38', 1), ('budget', 1), ('for', 1), ('the', 1), ('2027', 1), ('000', 3)`); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := old.Vocabulary(ctx, "", "\xff", 100)
	if err != nil {
		t.Fatal(err)
	}
	if want := []TermCount{{"a38", 1}, {"budget", 1}, {"for", 1}, {"the", 1}}; !slices.Equal(got, want) {
		t.Errorf("vocabulary after migrating = %v, want %v", got, want)
	}
}

// TestSearchTermsMigrationIndexesExistingStories: a database from before the
// stem index gets every story it already holds indexed when it migrates.
func TestSearchTermsMigrationIndexesExistingStories(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "search_terms")
	if _, err := s.db.ExecContext(ctx, `INSERT INTO stories (url, headline, summary, sector, state, created_at, updated_at)
		VALUES ('https://e.org/old', 'Councils merging', 'Plans for Neath Port Talbot', 'other', 'published', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if got := matchHeadlines(t, s, allWords("council merge neath port talbot")); !slices.Equal(got, []string{"Councils merging"}) {
		t.Errorf("after migrating: %q", got)
	}
	if got, err := s.Vocabulary(ctx, "neath", "neath\x00", 5); err != nil || !slices.Equal(got, []TermCount{{"neath", 1}}) {
		t.Errorf("vocabulary after migrating: %v, %v", got, err)
	}
}

// fewMatchesLikely reports whether SearchMatches reads m forwards: whether
// it is likely to match at most half of limit stories (fewMatches, from
// the vocabulary's counts of its stems), as SearchMatches decides it.
func (s *Store) fewMatchesLikely(ctx context.Context, m TermMatch, limit int) (bool, error) {
	if m.AnyGroup || len(m.Groups) < 2 {
		return false, nil
	}
	counts, total, err := s.stemCounts(ctx, m)
	if err != nil {
		return false, err
	}
	return fewMatches(m, counts, total, limit), nil
}

// TestSearchMatchesReadForwardsFindsTheNewest: a search whose words are
// each in many stories but seldom together is read forwards
// (fewMatchesLikely), and must still return the newest limit matches,
// newest first, as reading backwards does: when the words are seldom
// together (all of their matches read), and when they go together more
// often than the guess expects (more matches than it reads forwards, so
// that it reads the newest instead).
func TestSearchMatchesReadForwardsFindsTheNewest(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		together int // stories with both words, of the 50 with each
	}{
		{"seldom together", 3},
		{"always together", 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTest(t)
			var batch []digest.Story
			var want []string
			for i := range 1000 {
				headline := fmt.Sprintf("Story %d", i)
				switch {
				case i%20 == 0 && i/20 < tc.together:
					headline += " alpha beta"
					want = append(want, headline)
				case i%20 == 0:
					headline += " alpha"
				case i%20 == 10 && i/20 >= tc.together:
					headline += " beta"
				}
				batch = append(batch, digest.Story{URL: fmt.Sprintf("https://e.org/%d", i), Headline: headline,
					Sector: "health", State: digest.StatePublished, DecidedAt: time.Unix(int64(1000+i), 0)})
			}
			if err := s.AddStories(ctx, batch); err != nil {
				t.Fatal(err)
			}
			const limit = 10
			m := allWords("alpha beta")
			few, err := s.fewMatchesLikely(ctx, m, limit)
			if err != nil || !few {
				t.Fatalf("fewMatchesLikely = %v, %v; want true (each word in one story of 20)", few, err)
			}
			slices.Reverse(want)
			want = want[:min(len(want), limit)]
			docs, err := s.SearchMatches(ctx, m, limit)
			if err != nil {
				t.Fatal(err)
			}
			if got := headlinesOf(docs); !slices.Equal(got, want) {
				t.Errorf("found %q\nwant %q", got, want)
			}
		})
	}
}

// togetherStories are 1,000 stories, decided a day apart from 1 January
// 2014, of which 50 say "alpha" and 50 "beta", together in the first
// together of the first 50: each word in one story of 20, so that a search
// for both expects few (fewMatchesLikely). state gives each story's state
// by its number.
func togetherStories(together int, state func(i int) digest.State) []digest.Story {
	var batch []digest.Story
	for i := range 1000 {
		headline := fmt.Sprintf("Story %d", i)
		switch {
		case i%20 == 0 && i/20 < together:
			headline += " alpha beta"
		case i%20 == 0:
			headline += " alpha"
		case i%20 == 10 && i/20 >= together:
			headline += " beta"
		}
		batch = append(batch, digest.Story{URL: fmt.Sprintf("https://e.org/%d", i), Headline: headline,
			Sector: "health", State: state(i), DecidedAt: time.Date(2014, 1, 1+i, 9, 0, 0, 0, time.UTC)})
	}
	return batch
}

// TestSearchMatchesReadForwardsAThirdMore: a search expected to match few
// stories whose words go together in many more reads at most a third more
// than the limit of them forwards, and their IDs only, before it reads the
// newest with their text: reading all of them forwards costs more than
// reading the newest backwards once they are more than a third more
// ("councils sharing a chief executive", 500 of 100,000 stories: 4.9 ms
// forwards with their text, 1.5 backwards). A search whose matches are
// fewer reads them forwards, then the text of the newest limit.
func TestSearchMatchesReadForwardsAThirdMore(t *testing.T) {
	ctx := context.Background()
	const limit = 10
	for _, tc := range []struct {
		together int
		reads    []string
	}{
		{30, []string{"forwards 14", "newest 10"}},
		{12, []string{"forwards 12", "by id 10"}},
	} {
		s, w := openWatched(t)
		if err := s.AddStories(ctx, togetherStories(tc.together, func(int) digest.State { return digest.StatePublished })); err != nil {
			t.Fatal(err)
		}
		if few, err := s.fewMatchesLikely(ctx, allWords("alpha beta"), limit); err != nil || !few {
			t.Fatalf("fewMatchesLikely = %v, %v; want true (each word in one story of 20)", few, err)
		}
		var reads []string
		w.searchReads = func(how string, n int) { reads = append(reads, fmt.Sprintf("%s %d", how, n)) }
		docs, err := s.SearchMatches(ctx, allWords("alpha beta"), limit)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := tc.together - 1; i >= tc.together-limit; i-- {
			want = append(want, fmt.Sprintf("Story %d alpha beta", 20*i))
		}
		if got := headlinesOf(docs); !slices.Equal(got, want) {
			t.Errorf("together in %d: found %q\nwant %q", tc.together, got, want)
		}
		if !slices.Equal(reads, tc.reads) {
			t.Errorf("together in %d: read %q, want %q", tc.together, reads, tc.reads)
		}
	}
}

// TestSearchMatchesStopsReadingForwardsWhenManyAhead: a search expected to
// match few stories whose words go together in many more stops reading
// forwards once 32 matches show that they run at twice the rate that makes
// the most it would read (manyAhead), not at the most, and reads the
// newest: the same stories, the newest limit in scope, newest first; in a
// period too, whose IDs it judges the rate by. 2,000 stories a day apart
// from 1 January 2014, one in ten with "alpha beta gamma", the rest none
// of them: guessed 2, in 200 (in 2014, 36), the most read 54.
func TestSearchMatchesStopsReadingForwardsWhenManyAhead(t *testing.T) {
	ctx := context.Background()
	const limit = 40
	s, w := openWatched(t)
	var batch []digest.Story
	for i := range 2000 {
		headline := fmt.Sprintf("Story %d", i)
		if i%10 == 0 {
			headline += " alpha beta gamma"
		}
		batch = append(batch, digest.Story{URL: fmt.Sprintf("https://e.org/%d", i), Headline: headline,
			Sector: "health", State: digest.StatePublished, DecidedAt: time.Date(2014, 1, 1+i, 9, 0, 0, 0, time.UTC)})
	}
	if err := s.AddStories(ctx, batch); err != nil {
		t.Fatal(err)
	}
	in2014 := allWords("alpha beta gamma")
	in2014.From, in2014.To = time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		m     TermMatch
		want  []int // the stories found, newest first
		reads []string
	}{
		// 32 matches, the last story 310 of 2,000: 206 expected, at
		// least 108 (twice 54).
		{"all", allWords("alpha beta gamma"), nil, []string{"forwards 32", "newest 40"}},
		// 2014's 365 stories: 32 matches, the last story 310 of 365: 37
		// expected, fewer than 108, so every one of them is read.
		{"2014", in2014, nil, []string{"forwards 37", "by id 37"}},
	} {
		if few, err := s.fewMatchesLikely(ctx, tc.m, limit); err != nil || !few {
			t.Fatalf("%s: fewMatchesLikely = %v, %v; want true", tc.name, few, err)
		}
		var reads []string
		w.searchReads = func(how string, n int) { reads = append(reads, fmt.Sprintf("%s %d", how, n)) }
		docs, err := s.SearchMatches(ctx, tc.m, limit)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := 1999; i >= 0 && len(want) < limit; i-- {
			if d := batch[i].DecidedAt; i%10 == 0 && (tc.m.To.IsZero() || d.Before(tc.m.To)) {
				want = append(want, batch[i].Headline)
			}
		}
		if got := headlinesOf(docs); !slices.Equal(got, want) {
			t.Errorf("%s: found %q\nwant %q", tc.name, got, want)
		}
		if !slices.Equal(reads, tc.reads) {
			t.Errorf("%s: read %q, want %q", tc.name, reads, tc.reads)
		}
	}
}

// TestSearchMatchesReadsAPhraseForwards: a search for a phrase alone is
// read forwards, its matches' IDs from the index, then the newest of them
// by ID, as a search guessed to match few is: FTS5 reads every story with
// the phrase's words for it, a third faster forwards ("shared services",
// in none of the 17,484 generated stories of 100,000 with both words). A
// phrase in many stories stops reading forwards at the most (limit and a
// third), or sooner (manyAhead). Either way the stories found are the
// newest with the phrase. 2,000 stories, one
// in five with "alpha" and "beta" apart, and "alpha beta" in a row in 3 of
// them, or in every tenth story.
func TestSearchMatchesReadsAPhraseForwards(t *testing.T) {
	ctx := context.Background()
	const limit = 10
	for _, tc := range []struct {
		name    string
		inARow  func(i int) bool
		reads   []string
		inRowOf int // how many stories have the phrase
	}{
		{"seldom in a row", func(i int) bool { return i == 100 || i == 1000 || i == 1500 }, []string{"forwards 3", "by id 3"}, 3},
		{"often in a row", func(i int) bool { return i%10 == 0 }, []string{"forwards 14", "newest 10"}, 200},
	} {
		s, w := openWatched(t)
		var batch []digest.Story
		var want []string
		for i := range 2000 {
			headline := fmt.Sprintf("Story %d", i)
			switch {
			case tc.inARow(i):
				headline += " alpha beta"
				want = append(want, headline)
			case i%5 == 0:
				headline += " alpha and beta"
			}
			batch = append(batch, digest.Story{URL: fmt.Sprintf("https://e.org/%d", i), Headline: headline,
				Sector: "health", State: digest.StatePublished, DecidedAt: time.Date(2014, 1, 1+i, 9, 0, 0, 0, time.UTC)})
		}
		if err := s.AddStories(ctx, batch); err != nil {
			t.Fatal(err)
		}
		var reads []string
		w.searchReads = func(how string, n int) { reads = append(reads, fmt.Sprintf("%s %d", how, n)) }
		m := TermMatch{Groups: [][]TermPattern{{{Stems: []string{"alpha", "beta"}}}}}
		docs, err := s.SearchMatches(ctx, m, limit)
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(want)
		want = want[:min(len(want), limit)]
		if got := headlinesOf(docs); len(want) != min(tc.inRowOf, limit) || !slices.Equal(got, want) {
			t.Errorf("%s: found %q\nwant %q", tc.name, got, want)
		}
		if !slices.Equal(reads, tc.reads) {
			t.Errorf("%s: read %q, want %q", tc.name, reads, tc.reads)
		}
	}
}

// TestSearchMatchesReadForwardsInScope: the matches read forwards, from the
// index alone, are the stories a search sees once read by ID: every
// searchable one, or published ones only, and those of the period asked
// for, the newest first, as reading the newest does.
func TestSearchMatchesReadForwardsInScope(t *testing.T) {
	ctx := context.Background()
	s, w := openWatched(t)
	// The 12 stories with both words, every 20 days from 1 January 2014,
	// in turn published, rejected, a member's submission waiting, a feed's
	// story on the newswire.
	states := []digest.State{digest.StatePublished, digest.StateRejected, digest.StateQueued, digest.StateNewswire}
	batch := togetherStories(12, func(i int) digest.State { return states[i/20%len(states)] })
	for i := range batch {
		if batch[i].State == digest.StateQueued {
			batch[i] = withSubmitter(batch[i])
		}
		if batch[i].State.Undecided() {
			batch[i].CreatedAt, batch[i].DecidedAt = batch[i].DecidedAt, time.Time{}
		}
	}
	if err := s.AddStories(ctx, batch); err != nil {
		t.Fatal(err)
	}
	both := func(published bool, from, to time.Time) TermMatch {
		m := allWords("alpha beta")
		m.PublishedOnly, m.From, m.To = published, from, to
		return m
	}
	// Stories 0, 20, … 220 have both words: 0, 80, 160 published, 60,
	// 140, 220 on the newswire; 20, 100, 180 rejected and 40, 120, 200
	// submitted are seen by no search.
	march, july := time.Date(2014, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2014, 7, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		m    TermMatch
		want []int
	}{
		{"searchable", both(false, time.Time{}, time.Time{}), []int{220, 160, 140, 80, 60, 0}},
		{"published", both(true, time.Time{}, time.Time{}), []int{160, 80, 0}},
		{"March to June", both(false, march, july), []int{160, 140, 80, 60}},
		{"published, March to June", both(true, march, july), []int{160, 80}},
	} {
		var reads []string
		w.searchReads = func(how string, n int) { reads = append(reads, how) }
		docs, err := s.SearchMatches(ctx, tc.m, 10)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, i := range tc.want {
			want = append(want, fmt.Sprintf("Story %d alpha beta", i))
		}
		if got := headlinesOf(docs); !slices.Equal(got, want) {
			t.Errorf("%s: found %q\nwant %q", tc.name, got, want)
		}
		if !slices.Equal(reads, []string{"forwards", "by id"}) {
			t.Errorf("%s: read %q, want forwards, then by id", tc.name, reads)
		}
	}
}

// TestSearchMatchesAsksOnlyForStemsStoriesHave: a search for several words
// leaves out of its question to the index the patterns with a stem no
// story has, as the vocabulary counts them, and does not ask the index at
// all when a word has none left; a number, a prefix and the compound mark,
// which the vocabulary does not count, are asked for. The index is taken
// away here, so that the error shows what it was asked, or that it was not.
func TestSearchMatchesAsksOnlyForStemsStoriesHave(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if err := s.AddStories(ctx, []digest.Story{{URL: "https://e.org/1", Headline: "Kent councils share payroll",
		Sector: "health", State: digest.StatePublished}}); err != nil {
		t.Fatal(err)
	}
	word := func(stems ...string) []TermPattern {
		var g []TermPattern
		for _, st := range stems {
			g = append(g, TermPattern{Stems: strings.Fields(st)})
		}
		return g
	}
	both := TermMatch{Groups: [][]TermPattern{
		word("kent", "kentpayroll", "kenter", "zzzz payroll", "kent payroll"),
		append(word("payroll", "2021", "payroller"), TermPattern{Stems: []string{"payr"}, Prefix: true},
			TermPattern{Stems: []string{"zzzz", "payr"}, Prefix: true}),
	}}
	if got, err := s.SearchMatches(ctx, both, 10); err != nil || !slices.Equal(headlinesOf(got), []string{"Kent councils share payroll"}) {
		t.Fatalf("found %q, %v; want the story", headlinesOf(got), err)
	}
	if _, err := s.db.ExecContext(ctx, `DROP TABLE story_terms`); err != nil {
		t.Fatal(err)
	}
	_, err := s.SearchMatches(ctx, both, 10)
	want := `search for ("kent" OR "kent payroll") AND ("payroll" OR "2021" OR "payr" *): `
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("asked the index: %v\nwant %s…", err, want)
	}
	for _, g := range [][]TermPattern{word("zzzz"), word("zzzz", "kent zzzz")} {
		if got, err := s.SearchMatches(ctx, TermMatch{Groups: [][]TermPattern{word("kent"), g}}, 10); err != nil || got != nil {
			t.Errorf("a word no story has, %+v: found %q, %v; want nothing, the index not asked", g, headlinesOf(got), err)
		}
	}
}

// TestSearchMatchesKeepsAGroupWhosePatternsNoStoryHas: a group whose
// only pattern the index is asked for has a stem no story has matches
// nothing, whatever else the group holds that the question leaves out (a
// stem of only a NUL). Left out of the question before its pattern was
// dropped, the group was left out too, and the search matched every story
// with the other word.
func TestSearchMatchesKeepsAGroupWhosePatternsNoStoryHas(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if err := s.AddStories(ctx, []digest.Story{
		{URL: "https://e.org/1", Headline: "Alpha beta", Sector: "health", State: digest.StatePublished, DecidedAt: time.Unix(1000, 0)},
		{URL: "https://e.org/2", Headline: "Alpha", Sector: "health", State: digest.StatePublished, DecidedAt: time.Unix(1001, 0)},
	}); err != nil {
		t.Fatal(err)
	}
	m := TermMatch{Groups: [][]TermPattern{{{Stems: []string{"\x00"}}, {Stems: []string{"zzzq"}}}, {{Stems: []string{"alpha"}}}}}
	docs, err := s.SearchMatches(ctx, m, 10)
	if err != nil || len(docs) != 0 {
		t.Errorf("SearchMatches = %q, %v; want nothing (no story has zzzq)", headlinesOf(docs), err)
	}
	// The same group with a pattern a story has still finds it.
	m.Groups[0] = append(m.Groups[0], TermPattern{Stems: []string{"beta"}})
	if docs, err := s.SearchMatches(ctx, m, 10); err != nil || !slices.Equal(headlinesOf(docs), []string{"Alpha beta"}) {
		t.Errorf("SearchMatches = %q, %v; want the story with alpha and beta", headlinesOf(docs), err)
	}
}

// TestPhraseStaysInsideAField: the index holds a story's fields in one
// column (migration 0031), with fieldMark between them, so a phrase of a
// headline's last word and its summary's first is not found, whether the
// newswire stored the story or an edit indexed it again (0031's trigger),
// while the same phrase inside one field is.
func TestPhraseStaysInsideAField(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	feed := feedRow(t, s, "https://a.example/rss")
	across := wire("https://news.example/across", "Council tax rises", "a")
	across.Story.Summary = "Budget agreed by members"
	inside := wire("https://news.example/inside", "Tax rises budget agreed", "b")
	res, err := addWire(ctx, s, feed, []NewswireEntry{across, inside})
	if err != nil || len(res.Added) != 2 {
		t.Fatalf("%+v, %v", res, err)
	}
	phrase := TermMatch{Groups: [][]TermPattern{{{Stems: []string{terms.Stem("rises"), terms.Stem("budget")}}}}}
	want := []string{"Tax rises budget agreed"}
	if got := matchHeadlines(t, s, phrase); !slices.Equal(got, want) {
		t.Errorf("newswire: %q found %q, want %q", "rises budget", got, want)
	}
	summary := "Budget agreed by members, again"
	if _, err := s.EditStory(ctx, res.Added[0].ID, StoryEdit{Summary: &summary}); err != nil {
		t.Fatal(err)
	}
	if got := matchHeadlines(t, s, phrase); !slices.Equal(got, want) {
		t.Errorf("after an edit: %q found %q, want %q", "rises budget", got, want)
	}
	checkSearchIndex(t, s)
}
