package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// publicArchive is a store with one live edition (1: a, b in health and
// housing), imported past editions, a story queued, one rejected, one
// approved into the draft and one left on the newswire; every one of them
// mentions "council" so searches can tell who may be found.
func publicArchive(t *testing.T) (*Store, map[string]digest.Story, *time.Time) {
	t.Helper()
	ctx := context.Background()
	s, now := openTest(t)
	stories := map[string]digest.Story{}
	for _, name := range []string{"published-health", "published-housing", "queued", "rejected", "approved"} {
		sector := "health"
		if name == "published-housing" {
			sector = "housing"
		}
		st, err := s.Submit(ctx, Submission{Story: digest.Story{URL: "https://example.org/" + name,
			Headline: "Council story " + name, Summary: "A council did something.", Sector: sector, Submitter: ana}, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		stories[name] = st
	}
	for _, name := range []string{"published-health", "published-housing"} {
		if _, err := s.Approve(ctx, Decision{StoryID: stories[name].ID, By: ed}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Publish(ctx, Publication{Title: "Live edition", Date: day("2026-11-19")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reject(ctx, Decision{StoryID: stories["rejected"].ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: stories["approved"].ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddStories(ctx, []digest.Story{{URL: "https://example.org/newswire", Headline: "Council story newswire",
		Sector: "health", State: digest.StateNewswire}}); err != nil {
		t.Fatal(err)
	}
	return s, stories, now
}

func TestArchiveVersionChangesOnlyWithPublishedEditions(t *testing.T) {
	ctx := context.Background()
	s, stories, now := publicArchive(t)
	v1, err := s.ArchiveVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Editions != 1 || !v1.ChangedAt.Equal(*now) {
		t.Fatalf("version after one edition = %+v", v1)
	}
	// Work on the draft and the queue is not the public archive's business.
	*now = now.Add(time.Hour)
	if err := s.SetIntro(ctx, "Draft intro"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reject(ctx, Decision{StoryID: stories["queued"].ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if v, err := s.ArchiveVersion(ctx); err != nil || v != v1 {
		t.Fatalf("version after draft and queue work = %+v (%v), want %+v", v, err, v1)
	}
	// Importing an older edition changes it, though its date is older.
	*now = now.Add(time.Hour)
	if _, err := s.ImportEdition(ctx, may15()); err != nil {
		t.Fatal(err)
	}
	v2, err := s.ArchiveVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v2 == v1 || v2.Editions != 2 || !v2.ChangedAt.Equal(*now) {
		t.Fatalf("version after an import = %+v, before %+v", v2, v1)
	}
	// Publishing the draft changes it.
	*now = now.Add(time.Hour)
	if _, err := s.Publish(ctx, Publication{Title: "Second live edition", Date: day("2026-11-26")}); err != nil {
		t.Fatal(err)
	}
	if v3, err := s.ArchiveVersion(ctx); err != nil || v3 == v2 || v3.Editions != 3 {
		t.Fatalf("version after publishing = %+v (%v), before %+v", v3, err, v2)
	}
}

func TestArchiveVersionSeesRenumbering(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for _, e := range []digest.Edition{may15(), may21()} {
		if _, err := s.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	before, err := s.ArchiveVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Swap the two editions' numbers, as numbering by date may do.
	for _, q := range []string{`UPDATE editions SET number = -1 WHERE number = 1`, `UPDATE editions SET number = 1 WHERE number = 2`,
		`UPDATE editions SET number = 2 WHERE number = -1`} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	after, err := s.ArchiveVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after == before {
		t.Fatalf("swapping edition numbers left the version at %+v", after)
	}
}

func TestSiteIdentityIsMadeOnceAndKept(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	id, err := s.SiteIdentity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Fatalf("site identity %q is not 32 hex digits", id)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if again, err := s.SiteIdentity(ctx); err != nil || again != id {
		t.Fatalf("identity after migrating again = %q, %v; want %q", again, err, id)
	}
	other, _ := openTest(t)
	if otherID, err := other.SiteIdentity(ctx); err != nil || otherID == id {
		t.Fatalf("two databases share the identity %q (%v)", id, err)
	}
}

func TestPublishedEditionsNewestFirstWithNeighbours(t *testing.T) {
	ctx := context.Background()
	s, _, _ := publicArchive(t)
	for _, e := range []digest.Edition{may21(), may15(), july10()} {
		if _, err := s.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	list, total, err := s.PublishedEditions(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, e := range list {
		dates = append(dates, e.Date.Format("2006-01-02"))
	}
	if total != 4 || len(list) != 4 || dates[0] != "2026-11-19" || dates[1] != "2014-07-10" || dates[3] != "2014-05-15" {
		t.Fatalf("editions = %v (total %d)", dates, total)
	}
	if list[0].Stories != 2 || list[0].Title != "Live edition" || list[1].Stories != 1 || list[0].ID == 0 {
		t.Fatalf("summaries = %+v", list)
	}
	page, total, err := s.PublishedEditions(ctx, 3, 10)
	if err != nil || total != 4 || len(page) != 1 || page[0].Date.Format("2006-01-02") != "2014-05-15" {
		t.Fatalf("second page = %+v, %d, %v", page, total, err)
	}
	if page, _, err := s.PublishedEditions(ctx, 10, 10); err != nil || len(page) != 0 {
		t.Fatalf("page past the end = %+v, %v", page, err)
	}

	byDate := map[string]int{}
	for _, e := range list {
		byDate[e.Date.Format("2006-01-02")] = e.Number
	}
	place := func(number int) EditionPlace {
		t.Helper()
		p, err := s.PublishedEditionPlace(ctx, number)
		if err != nil {
			t.Fatalf("edition %d: %v", number, err)
		}
		return p
	}
	if p := place(byDate["2014-05-21"]); p.Older != byDate["2014-05-15"] || p.Newer != byDate["2014-07-10"] ||
		p.Date.Format("2006-01-02") != "2014-05-21" || p.Stories != 2 || p.ID == 0 {
		t.Fatalf("21 May = %+v; want neighbours %d, %d", p, byDate["2014-05-15"], byDate["2014-07-10"])
	}
	if p := place(byDate["2026-11-19"]); p.Newer != 0 || p.Older != byDate["2014-07-10"] || p.Stories != 2 {
		t.Fatalf("the latest = %+v", p)
	}
	if p := place(byDate["2014-05-15"]); p.Older != 0 {
		t.Fatalf("the oldest has an older neighbour: %+v", p)
	}
	if _, err := s.PublishedEditionPlace(ctx, 99); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a missing edition: %v", err)
	}
	// Two editions of one day follow their numbers.
	second := may21()
	second.Title = "A second edition on 21 May"
	second.Sections[0].Stories[0].URL = "urn:sharednews:archive:second-on-may-21"
	if _, err := s.ImportEdition(ctx, second); err != nil {
		t.Fatal(err)
	}
	list, _, err = s.PublishedEditions(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range list {
		p := place(e.Number)
		wantNewer, wantOlder := 0, 0
		if i > 0 {
			wantNewer = list[i-1].Number
		}
		if i+1 < len(list) {
			wantOlder = list[i+1].Number
		}
		if p.Newer != wantNewer || p.Older != wantOlder {
			t.Errorf("edition %d (%s): neighbours %d, %d; want %d, %d", e.Number, e.Title, p.Older, p.Newer, wantOlder, wantNewer)
		}
	}
}

func TestRenumberingIsRecordedOnTheEditionsItMoves(t *testing.T) {
	ctx := context.Background()
	s, _, now := publicArchive(t)
	*now = now.Add(time.Hour)
	if _, err := s.ImportEdition(ctx, july10()); err != nil {
		t.Fatal(err)
	}
	renumbered := func() map[string]time.Time {
		t.Helper()
		list, _, err := s.PublishedEditions(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]time.Time{}
		for _, e := range list {
			out[e.Date.Format("2006-01-02")] = e.RenumberedAt
		}
		return out
	}
	// The live edition moved from 1 to 2: renumbered at the import. The
	// imported edition's own provisional number never counted.
	first := *now
	if got := renumbered(); !got["2026-11-19"].Equal(first) || !got["2014-07-10"].IsZero() {
		t.Fatalf("after importing 10 July: %v", got)
	}
	// An import after every edition moves no number.
	*now = now.Add(time.Hour)
	late := may21()
	late.Date = day("2026-12-03")
	if _, err := s.ImportEdition(ctx, late); err != nil {
		t.Fatal(err)
	}
	if got := renumbered(); !got["2026-11-19"].Equal(first) || !got["2014-07-10"].IsZero() || !got["2026-12-03"].IsZero() {
		t.Fatalf("after importing a later edition: %v", got)
	}
	// One before them all moves every one.
	*now = now.Add(time.Hour)
	if _, err := s.ImportEdition(ctx, may15()); err != nil {
		t.Fatal(err)
	}
	got := renumbered()
	for _, d := range []string{"2014-07-10", "2026-11-19", "2026-12-03"} {
		if !got[d].Equal(*now) {
			t.Errorf("%s renumbered at %v, want %v", d, got[d], *now)
		}
	}
	if !got["2014-05-15"].IsZero() {
		t.Errorf("the imported edition is marked renumbered at %v", got["2014-05-15"])
	}
	// Publishing the draft, the latest, moves none.
	*now = now.Add(time.Hour)
	before := renumbered()
	st, err := s.Submit(ctx, Submission{Story: digest.Story{URL: "https://example.org/renumber-late", Headline: "Late story",
		Sector: "health", Submitter: ana}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, Publication{Title: "Latest", Date: day("2026-12-10")}); err != nil {
		t.Fatal(err)
	}
	after := renumbered()
	for d, at := range before {
		if !after[d].Equal(at) {
			t.Errorf("publishing the latest edition marked %s renumbered (%v → %v)", d, at, after[d])
		}
	}
}

func TestPublishedInSectorShowsOnlyPublishedStories(t *testing.T) {
	ctx := context.Background()
	s, stories, _ := publicArchive(t)
	if _, err := s.ImportEdition(ctx, may21()); err != nil {
		t.Fatal(err)
	}
	got, total, err := s.PublishedInSector(ctx, "health", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(got) != 2 {
		t.Fatalf("health = %+v (total %d), want the live and the imported story", got, total)
	}
	// Numbers follow dates: the older imported edition is 1 now.
	if got[0].ID != stories["published-health"].ID || got[0].EditionNumber != 2 || got[0].EditionDate.Format("2006-01-02") != "2026-11-19" {
		t.Fatalf("first health story = %+v", got[0])
	}
	if got[1].Headline != "Pioneering integrated project could expand across UK" || got[1].EditionDate.Format("2006-01-02") != "2014-05-21" {
		t.Fatalf("second health story = %+v", got[1])
	}
	if page, total, err := s.PublishedInSector(ctx, "health", 1, 10); err != nil || total != 2 || len(page) != 1 || page[0].ID != got[1].ID {
		t.Fatalf("offset 1 = %+v, %d, %v", page, total, err)
	}
	if none, total, err := s.PublishedInSector(ctx, "nowhere", 0, 10); err != nil || total != 0 || len(none) != 0 {
		t.Fatalf("unknown sector = %+v, %d, %v", none, total, err)
	}
}

func TestSearchPublishedStoriesFindsNothingUnpublished(t *testing.T) {
	ctx := context.Background()
	s, stories, _ := publicArchive(t)
	all, err := s.SearchMatches(ctx, allWords("council story"), 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 4 {
		t.Fatalf("the chat search found only %d stories; the fixture is wrong", len(all))
	}
	published := allWords("council story")
	published.PublishedOnly = true
	docs, err := s.SearchMatches(ctx, published, 50)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	public, err := s.StoriesByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	found := map[int64]bool{}
	for _, st := range public {
		if st.State != digest.StatePublished {
			t.Errorf("public search found %s story %q", st.State, st.Headline)
		}
		found[st.ID] = true
	}
	if len(public) != 2 || !found[stories["published-health"].ID] || !found[stories["published-housing"].ID] {
		t.Fatalf("public search = %v", headlines(public))
	}
	newswire := allWords("newswire")
	newswire.PublishedOnly = true
	if got, err := s.SearchMatches(ctx, newswire, 10); err != nil || len(got) != 0 {
		t.Fatalf("public search for a newswire story = %v, %v", got, err)
	}
}

// migrationNumber is the number of the migration named name (its file
// name without number and extension), whatever number it landed with.
func migrationNumber(t *testing.T, name string) int {
	t.Helper()
	for _, m := range migrations {
		if strings.TrimSuffix(m.Name[5:], ".sql") == name {
			return m.Version
		}
	}
	t.Fatalf("no migration %s", name)
	return 0
}

func TestArchiveVersionRowFollowsPublishedEditions(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "archive_reads")
	for i, date := range []string{"2014-05-15", "2014-07-10", "2026-11-19"} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO editions (number, state, title, date, created_at, published_at)
			VALUES (?, 'published', 'Old', ?, ?, ?)`, i+1, date, 100+i, day(date).Unix()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO editions (state, created_at) VALUES ('draft', 2000000000)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := s.ArchiveVersion(ctx)
	if err != nil || v.Editions != 3 || !v.ChangedAt.Equal(day("2026-11-19")) {
		t.Fatalf("version of a migrated archive = %+v, %v", v, err)
	}
	check := func(step string, wantChange bool) {
		t.Helper()
		next, err := s.ArchiveVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var count int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM editions WHERE state = 'published'`).Scan(&count); err != nil {
			t.Fatal(err)
		}
		if next.Editions != count || (next.Changes > v.Changes) != wantChange || next.ChangedAt.Before(v.ChangedAt) {
			t.Errorf("%s: version %+v after %+v, %d editions", step, next, v, count)
		}
		v = next
	}
	if err := s.SetIntro(ctx, "A draft intro"); err != nil {
		t.Fatal(err)
	}
	check("a draft's intro", false)
	if _, err := s.ImportEdition(ctx, may21()); err != nil {
		t.Fatal(err)
	}
	check("an import that renumbers", true)
	if _, err := s.ImportEdition(ctx, may21()); err != nil {
		t.Fatal(err)
	}
	check("an import already there", false)
	st, err := s.Submit(ctx, Submission{Story: digest.Story{URL: "https://example.org/version", Headline: "A story",
		Sector: "health", Submitter: ana}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	check("a story approved into the draft", false)
	if _, err := s.Publish(ctx, Publication{Title: "Live", Date: day("2026-11-26")}); err != nil {
		t.Fatal(err)
	}
	check("a publication", true)
	if v.Editions != 5 {
		t.Errorf("%d editions counted, want 5", v.Editions)
	}
}

// PublishedInSector finds a page among the newest stories when it can and
// sorts the whole sector when it cannot: either way, the same pages as
// reading every edition newest first.
func TestPublishedInSectorPagesAreTheEditionsInOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	const editions, perEdition = 40, 8
	start := day("2015-01-01")
	for i := range editions {
		date := start.AddDate(0, 0, 7*i).Format("2006-01-02")
		sections := map[string][]string{}
		for j := range perEdition {
			sector := "common" // half of all stories
			switch {
			case j%2 == 1 && j != 7:
			case j == 7 && (i == 1 || i == 2):
				sector = "rare" // in two of the oldest editions only
			case j == 7 && i%4 == 0:
				sector = "sometimes" // one story in four editions
			default:
				sector = "other"
			}
			sections[sector] = append(sections[sector], fmt.Sprintf("Story %d of %s|Summary.|", j, date))
		}
		if _, err := s.ImportEdition(ctx, pastEdition(date, "Edition of "+date, sections, "rare", "sometimes", "other", "common")); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][]int64{}
	for n := editions; n >= 1; n-- {
		rec, err := s.Edition(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range rec.Stories {
			want[st.Sector] = append(want[st.Sector], st.ID)
		}
	}
	if len(want["rare"]) != 2 || len(want["sometimes"]) != 10 {
		t.Fatalf("the archive is not as meant: %d rare, %d sometimes", len(want["rare"]), len(want["sometimes"]))
	}
	for sector, ids := range want {
		for _, limit := range []int{1, 3, 7} {
			for offset := 0; offset <= len(ids); offset++ {
				got, total, err := s.PublishedInSector(ctx, sector, offset, limit)
				if err != nil {
					t.Fatal(err)
				}
				var gotIDs []int64
				for _, ps := range got {
					gotIDs = append(gotIDs, ps.ID)
				}
				wantIDs := ids[offset:min(offset+limit, len(ids))]
				if total != len(ids) || !slices.Equal(gotIDs, wantIDs) {
					t.Fatalf("%s offset %d limit %d = %v (total %d), want %v (total %d)", sector, offset, limit, gotIDs, total, wantIDs, len(ids))
				}
			}
		}
	}
}

// A kept feed entry is found only under the version it was kept with and
// only while its edition is published as it was: a renumbering, an
// unpublishing or any change to what the edition holds drops it, whichever
// code makes the change (here, SQL by hand for changes no code makes).
func TestFeedEntriesLastOnlyAsLongAsTheirEdition(t *testing.T) {
	ctx := context.Background()
	s, _, now := publicArchive(t)
	for _, e := range []digest.Edition{may15(), may21()} {
		if _, err := s.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	list, _, err := s.PublishedEditions(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	summaries := map[string]EditionSummary{}
	for _, e := range list {
		summaries[e.Date.Format("2006-01-02")] = e
	}
	keepAll := func() {
		t.Helper()
		var entries []FeedEntry
		for date, e := range summaries {
			entries = append(entries, FeedEntry{Edition: e, Version: "v1", Entry: "<entry>" + date + "</entry>"})
		}
		if err := s.KeepFeedEntries(ctx, entries); err != nil {
			t.Fatal(err)
		}
	}
	kept := func(date, version string) bool {
		t.Helper()
		entry, err := s.KeptFeedEntry(ctx, summaries[date].ID, version)
		if errors.Is(err, ErrNotFound) {
			return false
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := "<entry>" + date + "</entry>"; entry != want {
			t.Fatalf("edition of %s: kept %q, want %q", date, entry, want)
		}
		return true
	}
	keepAll()
	for date := range summaries {
		if !kept(date, "v1") {
			t.Errorf("the entry of %s was not kept", date)
		}
		if kept(date, "v2") {
			t.Errorf("the entry of %s was found under another version", date)
		}
	}

	// An entry made from an edition as it was before a renumbering is not
	// kept; the renumbering dropped the ones kept before it.
	*now = now.Add(time.Hour)
	if _, err := s.ImportEdition(ctx, july10()); err != nil {
		t.Fatal(err)
	}
	if kept("2026-11-19", "v1") {
		t.Error("the live edition's entry outlived its renumbering")
	}
	if !kept("2014-05-15", "v1") || !kept("2014-05-21", "v1") {
		t.Error("an import after them dropped the entries of editions it did not renumber")
	}
	keepAll() // the live edition's summary is from before the renumbering
	if kept("2026-11-19", "v1") {
		t.Error("an entry made before a renumbering was kept after it")
	}

	// Changes no code makes to a published edition still drop its entry.
	for _, change := range []struct{ date, sql string }{
		{"2014-05-15", `UPDATE stories SET headline = 'Changed' WHERE id = (SELECT story_id FROM edition_stories
			WHERE edition_id = (SELECT id FROM editions WHERE date = '2014-05-15') LIMIT 1)`},
		{"2014-05-21", `UPDATE edition_stories SET afterword = 'Changed' WHERE edition_id = (SELECT id FROM editions WHERE date = '2014-05-21')`},
		{"2014-05-15", `UPDATE edition_sections SET heading = 'Changed' WHERE edition_id = (SELECT id FROM editions WHERE date = '2014-05-15')`},
		// Unpublished: the draft made way for it.
		{"2014-05-21", `DELETE FROM edition_stories WHERE edition_id = (SELECT id FROM editions WHERE state = 'draft');
			DELETE FROM editions WHERE state = 'draft';
			UPDATE editions SET state = 'draft', number = NULL WHERE date = '2014-05-21'`},
		{"2014-05-15", `DELETE FROM editions WHERE date = '2014-05-15'`},
	} {
		keepAll()
		if !kept(change.date, "v1") {
			t.Fatalf("the entry of %s was not kept", change.date)
		}
		if _, err := s.db.ExecContext(ctx, change.sql); err != nil {
			t.Fatal(err)
		}
		if kept(change.date, "v1") {
			t.Errorf("the entry of %s outlived %s", change.date, change.sql)
		}
	}
	// An edition that is not published gets none.
	keepAll()
	if kept("2014-05-21", "v1") {
		t.Error("an unpublished edition's entry was kept")
	}
	count := func() int {
		t.Helper()
		var rows int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM feed_entries`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	if n := count(); n != 0 {
		t.Errorf("%d entries kept of editions deleted, unpublished or renumbered", n)
	}
	// Summaries read again: the two editions still published get theirs.
	if list, _, err = s.PublishedEditions(ctx, 0, 10); err != nil {
		t.Fatal(err)
	}
	clear(summaries)
	for _, e := range list {
		summaries[e.Date.Format("2006-01-02")] = e
	}
	keepAll()
	if n := count(); n != 2 || !kept("2026-11-19", "v1") || !kept("2014-07-10", "v1") {
		t.Errorf("%d entries kept, want those of the two editions published now", n)
	}
	// Kept as text, which is read without a copy more.
	var texts int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM feed_entries WHERE typeof(entry) = 'text'`).Scan(&texts); err != nil || texts != 2 {
		t.Errorf("%d entries kept as text (%v), want 2", texts, err)
	}
}
