package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// pastEdition builds an edition as the archive parser gives it: sections of
// "headline|summary|commentary" stories, keyed like imported stories.
func pastEdition(date, title string, sections map[string][]string, order ...string) digest.Edition {
	e := digest.Edition{State: digest.EditionPublished, Date: day(date), Title: title, Intro: "Intro of " + date + "."}
	for _, slug := range order {
		sec := digest.Section{Sector: digest.Sector{Slug: slug}}
		for _, s := range sections[slug] {
			f := strings.Split(s+"||", "|")
			sec.Stories = append(sec.Stories, digest.Story{
				URL:      "urn:sharednews:archive:" + date + ":" + strings.ReplaceAll(strings.ToLower(f[0]), " ", "-"),
				Headline: f[0], Summary: f[1], Commentary: f[2], Sector: slug,
			})
		}
		e.Sections = append(e.Sections, sec)
	}
	return e
}

func may30() digest.Edition {
	return pastEdition("2014-05-30", "News Summary of Collaboration and Shared Services from 28th May 2014",
		map[string][]string{"local-government": {
			"Islington and Camden council chiefs accused of cover-up|Leaked documents reveal a merger of legal departments.|Tisk, tisk!",
			"London unites local authorities on Public Services Network|London is the first region to connect.|Does anyone want to challenge this headline?",
			"We won't be sharing a boss with Malvern and Wychavon|The leader has ruled out sharing a chief executive.|",
		}}, "local-government")
}

func may21() digest.Edition {
	return pastEdition("2014-05-21", "News Summary of Collaboration and Shared Services from 21st May 2014",
		map[string][]string{
			"health":    {"Pioneering integrated project could expand across UK|A project in west Cornwall.|"},
			"education": {"Shared services - HEFCE|HEFCE has published case studies.|It may be helpful to know."},
		}, "health", "education")
}

func may15() digest.Edition {
	return pastEdition("2014-05-15", "News Summary of Collaboration and Shared Services from 14th May 2014",
		map[string][]string{"blue-light": {"ACC appointed to lead joint organised crime directorate|New leadership.|Kent and Essex Police."}},
		"blue-light")
}

func july10() digest.Edition {
	return pastEdition("2014-07-10", "News Summary of Collaboration and Shared Services from 9th July 2014",
		map[string][]string{"blue-light": {"Fire deaths fall by 5% in past year|The number of fire deaths has fallen.|I was teaching."}},
		"blue-light")
}

func countRows(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportEditionStoresAPublishedEdition(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	e := may30()
	got, err := s.ImportEdition(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	want := ImportedEdition{Number: 1, Date: e.Date, Title: e.Title, Stories: 3, Sections: 1}
	if got != want {
		t.Errorf("imported %+v, want %+v", got, want)
	}

	rec, err := s.Edition(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	ed := rec.Edition
	if ed.State != digest.EditionPublished || ed.Title != e.Title || !ed.Date.Equal(e.Date) || ed.Intro != e.Intro ||
		ed.Footer != "" || !ed.PublishedAt.Equal(e.Date) {
		t.Errorf("edition %+v", ed)
	}
	if len(rec.Stories) != 3 {
		t.Fatalf("%d stories", len(rec.Stories))
	}
	for i, st := range rec.Stories {
		in := e.Sections[0].Stories[i]
		if st.Headline != in.Headline || st.Summary != in.Summary || st.Commentary != in.Commentary || st.URL != in.URL ||
			st.Sector != "local-government" || st.State != digest.StatePublished || !st.DecidedAt.Equal(e.Date) ||
			st.EditionNumber != 1 {
			t.Errorf("story %d (running order) = %+v, want %+v", i, st, in)
		}
	}

	again, err := s.ImportEdition(ctx, may30())
	want.Existing = true
	if err != nil || again != want {
		t.Errorf("second import: %+v, %v; want %+v", again, err, want)
	}
	if n := countRows(t, s, "editions"); n != 1 {
		t.Errorf("%d editions after importing twice", n)
	}
	if n := countRows(t, s, "stories"); n != 3 {
		t.Errorf("%d stories after importing twice", n)
	}
}

func TestImportedStoriesAreNewsAndSearchable(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.ImportBatches(ctx, [][]digest.Edition{{may30(), may21()}}); err != nil {
		t.Fatal(err)
	}
	docs, err := s.SearchMatches(ctx, allWords("Islington legal departments"), 10)
	if err != nil || len(docs) != 1 {
		t.Fatalf("search found %+v, %v", docs, err)
	}
	found, err := s.StoriesByID(ctx, []int64{docs[0].ID})
	if err != nil || len(found) != 1 || found[0].Headline != "Islington and Camden council chiefs accused of cover-up" || found[0].EditionNumber != 2 {
		t.Errorf("search found %+v, %v", found, err)
	}
	if found := matchHeadlines(t, s, allWords("Tisk")); len(found) != 1 {
		t.Errorf("search in commentary: %q", found)
	}

	latest, err := s.LatestStories(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	// Newest edition first; within an edition, by running order reversed (newest ID first).
	want := []string{
		"We won't be sharing a boss with Malvern and Wychavon",
		"London unites local authorities on Public Services Network",
		"Islington and Camden council chiefs accused of cover-up",
		"Shared services - HEFCE",
		"Pioneering integrated project could expand across UK",
	}
	if got := headlines(latest); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("latest\n got %q\nwant %q", got, want)
	}
	health, err := s.LatestStories(ctx, "health", 10)
	if err != nil || len(health) != 1 || health[0].EditionNumber != 1 {
		t.Errorf("latest in health: %+v, %v", health, err)
	}
	counts, err := s.SectorCounts(ctx)
	if err != nil || counts["local-government"] != 3 || counts["health"] != 1 || counts["education"] != 1 {
		t.Errorf("sector counts %v, %v", counts, err)
	}
}

func TestImportRecordsDeduplicationKeys(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	e := may30()
	if _, err := s.ImportEdition(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, st := range e.Sections[0].Stories {
		var kinds string
		err := s.db.QueryRow(`SELECT group_concat(k.kind, ',') FROM story_keys k JOIN stories s ON s.id = k.story_id
			WHERE s.url = ? ORDER BY k.kind`, st.URL).Scan(&kinds)
		if err != nil || !strings.Contains(kinds, "url") || !strings.Contains(kinds, "headline") {
			t.Errorf("keys of %q: %q, %v", st.Headline, kinds, err)
		}
	}
}

func TestImportNumbersEditionsByDateAcrossBatches(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	// An edition the bot published before the import keeps its number.
	st := submit(t, s, "https://example.org/a", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, Publication{Title: "Live", Date: day("2026-11-19")}); err != nil {
		t.Fatal(err)
	}

	// A blog archive saved newest first, then a later file, given first.
	res, err := s.ImportBatches(ctx, [][]digest.Edition{{july10()}, {may30(), may21(), may15()}})
	if err != nil {
		t.Fatal(err)
	}
	numbers := func(r ImportBatchResult) string {
		var out []string
		for _, e := range r.Editions {
			out = append(out, fmt.Sprintf("%s=%d", e.Date.Format("Jan02"), e.Number))
		}
		return strings.Join(out, " ")
	}
	if got := numbers(res[0]) + " / " + numbers(res[1]); got != "Jul10=5 / May30=4 May21=3 May15=2" {
		t.Errorf("numbers %s", got)
	}

	// A later run: a re-import reports the numbers given; a new, older
	// edition comes after them all.
	older := pastEdition("2014-05-08", "Older", map[string][]string{"health": {"Old news|Old.|"}}, "health")
	res, err = s.ImportBatches(ctx, [][]digest.Edition{{may30(), older}})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
	if r := res[0].Editions; !r[0].Existing || r[0].Number != 4 || r[1].Existing || r[1].Number != 6 {
		t.Errorf("second run %+v", r)
	}
}

func TestImportBatchFailsAloneAndLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	taken := submit(t, s, "https://example.org/taken", "health")

	clash := may21()
	clash.Sections[1].Stories[0].URL = taken.URL
	noStories := pastEdition("2014-06-01", "Empty", nil)
	noTitle := may15()
	noTitle.Title = ""
	twice := pastEdition("2014-06-05", "Twice", map[string][]string{"health": {"Same|One.|", "Same|Two.|"}}, "health")

	res, err := s.ImportBatches(ctx, [][]digest.Edition{
		{july10()},
		{may30(), clash}, // may30 is fine, but goes with its batch
		{noStories},
		{noTitle},
		{may15()},
	})
	if err != nil {
		t.Fatal(err)
	}
	var dup *DuplicateError
	if !errors.As(res[1].Err, &dup) || dup.Existing.ID != taken.ID || res[1].Editions != nil || res[1].Failed != 1 ||
		!strings.Contains(res[1].Err.Error(), `import edition of Wednesday 21 May 2014: story "Shared services - HEFCE": story already stored as #1`) {
		t.Errorf("clashing batch: %+v", res[1])
	}
	if res[2].Err == nil || res[2].Err.Error() != "import edition of Sunday 1 June 2014: it has no stories" {
		t.Errorf("empty edition: %v", res[2].Err)
	}
	if res[3].Err == nil || !strings.Contains(res[3].Err.Error(), "it has no title") {
		t.Errorf("untitled edition: %v", res[3].Err)
	}
	if res[0].Err != nil || res[4].Err != nil || res[0].Editions[0].Number != 2 || res[4].Editions[0].Number != 1 {
		t.Errorf("good batches %+v / %+v", res[0], res[4])
	}
	if n := countRows(t, s, "editions"); n != 2 {
		t.Errorf("%d editions stored, want the 2 good ones", n)
	}
	if n := countRows(t, s, "stories"); n != 3 {
		t.Errorf("%d stories stored, want the submitted one and 2 imported", n)
	}

	if _, err := s.ImportEdition(ctx, twice); err == nil || !strings.Contains(err.Error(), `story "Same": story already stored`) {
		t.Errorf("a URL twice in one edition: %v", err)
	}
	if n := countRows(t, s, "editions"); n != 2 {
		t.Errorf("%d editions stored after a failed import", n)
	}
}

func TestImportStopsWhenCancelled(t *testing.T) {
	s, _ := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.ImportBatches(ctx, [][]digest.Edition{{may30()}}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
	if n := countRows(t, s, "editions"); n != 0 {
		t.Errorf("%d editions stored", n)
	}
}
