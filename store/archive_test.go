package store

import (
	"context"
	"database/sql"
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

// laidOut is an imported edition with everything a layout holds: a lead,
// headings as written, two sections of one sector, a section of text only,
// an afterword and a footer.
func laidOut() digest.Edition {
	e := july10()
	health := digest.Sector{Slug: "health", Name: "Health & Social Care"}
	e.Intro = "Hi everyone,\n\nA short one."
	e.Footer = "Receive this Shared Service News Summary into your inbox every week."
	e.Lead = []digest.Story{{URL: "urn:sharednews:archive:2014-07-10:lead", Headline: "Council mergers", Summary: "People are let down.", Sector: "local-government"}}
	e.Sections[0].Heading = "Blue lights service"
	e.Sections[0].Unruled = true // no row of asterisks above it
	e.Sections[0].Stories[0].Afterword = "However, one of the deputy chiefs…"
	e.Sections = append(e.Sections,
		digest.Section{Sector: health, Heading: "Social care", Stories: []digest.Story{
			{URL: "urn:sharednews:archive:2014-07-10:care", Headline: "Social care must pull together", Summary: "No-one was surprised.", Sector: "health"}}},
		digest.Section{Sector: digest.Sector{Slug: "other"}, Heading: "Jobs", Text: "Director of Shared Services, £90,000"},
		digest.Section{Sector: health, Heading: "NHS", Stories: []digest.Story{
			{URL: "urn:sharednews:archive:2014-07-10:nhs", Headline: "Trusts merge", Summary: "Two trusts.", Sector: "health"}}},
	)
	return e
}

func TestImportEditionKeepsItsLayout(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	e := laidOut()
	got, err := s.ImportEdition(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	if got.Number != 1 || got.Existing || got.Stories != 4 || got.Sections != 4 || got.ID == 0 || len(got.Relinked) != 0 {
		t.Errorf("imported %+v", got)
	}
	rec, err := s.Edition(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	ed := rec.Edition
	if ed.State != digest.EditionPublished || ed.Title != e.Title || !ed.Date.Equal(e.Date) || ed.Intro != e.Intro ||
		ed.Footer != e.Footer || !ed.PublishedAt.Equal(e.Date) {
		t.Errorf("edition %+v", ed)
	}
	sectors := digest.Sectors{{Slug: "local-government", Name: "Local Government"}, {Slug: "health", Name: "Health & Social Care"},
		{Slug: "blue-light", Name: "Blue Light Services"}, {Slug: "other", Name: "Other"}}
	lead, sections := digest.Arrange(sectors, rec.Layout, rec.Stories)
	if len(lead) != 1 || lead[0].Headline != "Council mergers" || lead[0].Sector != "local-government" {
		t.Errorf("lead %+v", lead)
	}
	var outline []string
	for _, sec := range sections {
		line := sec.Sector.Slug + " " + sec.Heading + ":"
		if sec.Unruled {
			line = "(unruled) " + line
		}
		for _, st := range sec.Stories {
			line += " " + st.Headline
			if st.Afterword != "" {
				line += " (then " + st.Afterword + ")"
			}
		}
		if sec.Text != "" {
			line += " text " + sec.Text
		}
		outline = append(outline, line)
	}
	want := []string{
		"(unruled) blue-light Blue lights service: Fire deaths fall by 5% in past year (then However, one of the deputy chiefs…)",
		"health Social care: Social care must pull together",
		"other Jobs: text Director of Shared Services, £90,000",
		"health NHS: Trusts merge",
	}
	if strings.Join(outline, "\n") != strings.Join(want, "\n") {
		t.Errorf("sections\n got %q\nwant %q", outline, want)
	}
	for _, st := range rec.Stories {
		if st.State != digest.StatePublished || !st.DecidedAt.Equal(e.Date) || st.EditionNumber != 1 {
			t.Errorf("story %+v", st)
		}
	}

	again, err := s.ImportEdition(ctx, laidOut())
	if err != nil || !again.Existing || again.Number != 1 {
		t.Errorf("second import: %+v, %v", again, err)
	}
	if n := countRows(t, s, "editions"); n != 1 {
		t.Errorf("%d editions after importing twice", n)
	}
	if n := countRows(t, s, "stories"); n != 4 {
		t.Errorf("%d stories after importing twice", n)
	}
	if as, found, err := s.FindImported(ctx, e); err != nil || !found || as.Number != 1 {
		t.Errorf("FindImported = %d, %v, %v", as.Number, found, err)
	}
	other := e
	other.Title = "Another title"
	if _, found, err := s.FindImported(ctx, other); err != nil || found {
		t.Errorf("FindImported another title = %v, %v", found, err)
	}
	// The same date and title with none of its stories: another edition.
	other = laidOut()
	for i := range other.Sections {
		for j := range other.Sections[i].Stories {
			other.Sections[i].Stories[j].Headline += " (again)"
		}
	}
	for j := range other.Lead {
		other.Lead[j].Headline += " (again)"
	}
	if _, found, err := s.FindImported(ctx, other); err != nil || found {
		t.Errorf("FindImported other stories = %v, %v", found, err)
	}
}

func TestImportedStoriesAreNewsAndSearchable(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for _, e := range []digest.Edition{may30(), may21()} {
		if _, err := s.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
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
	// Newest edition first; within an edition, in its running order, as
	// its page shows it (the lead first, not last).
	want := []string{
		"Islington and Camden council chiefs accused of cover-up",
		"London unites local authorities on Public Services Network",
		"We won't be sharing a boss with Malvern and Wychavon",
		"Pioneering integrated project could expand across UK",
		"Shared services - HEFCE",
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
		stored, err := s.StoryByURL(ctx, st.URL)
		if err != nil {
			t.Fatal(err)
		}
		// Its headline as a key of its own, its URL from the stories
		// table: each leads to it.
		k := keysOf(st, 0, "", ownSource(st))
		var known knownKeys
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var err error
			known, err = s.lookupKeys(ctx, tx, []storyKeys{{url: k.url}, {headline1: k.headline1}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if id, kind := known.match(storyKeys{url: k.url}); id != stored.ID || kind != keyURL {
			t.Errorf("%q by URL: story %d (%q), want %d", st.Headline, id, kind, stored.ID)
		}
		if id, kind := known.match(storyKeys{headline1: k.headline1}); id != stored.ID || kind != keyHeadline {
			t.Errorf("%q by headline: story %d (%q), want %d", st.Headline, id, kind, stored.ID)
		}
	}
}

// numbersByDate lists every published edition as "Jan02=N" in date order.
func numbersByDate(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := s.db.Query(`SELECT date, number FROM editions WHERE state = 'published' ORDER BY date, number`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s=%d", day(d).Format("Jan02"), n))
	}
	return strings.Join(out, " ")
}

func TestEditionNumbersFollowDatesWhateverTheImportOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	// An edition the bot published before the back catalogue was imported.
	st := submit(t, s, "https://example.org/a", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	live, err := s.Publish(ctx, Publication{Title: "Live", Date: day("2026-11-19")})
	if err != nil || live.Edition.Edition.Number != 1 {
		t.Fatalf("publish: %+v, %v", live.Edition.Edition, err)
	}

	// The newest first, as a blog archive is saved; then an older file.
	var ids []int64
	for _, e := range []digest.Edition{july10(), may30(), may21(), may15()} {
		got, err := s.ImportEdition(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got.ID)
	}
	if got := numbersByDate(t, s); got != "May15=1 May21=2 May30=3 Jul10=4 Nov19=5" {
		t.Errorf("numbers %s", got)
	}
	numbers, err := s.EditionNumbers(ctx, ids)
	if err != nil || numbers[ids[0]] != 4 || numbers[ids[3]] != 1 {
		t.Errorf("EditionNumbers = %v, %v", numbers, err)
	}
	if rec, err := s.LatestEdition(ctx); err != nil || rec.Edition.Title != "Live" || rec.Edition.Number != 5 {
		t.Errorf("latest: %+v, %v", rec.Edition, err)
	}

	// Importing December first: it still becomes the later number.
	dec := pastEdition("2014-12-04", "December", map[string][]string{"health": {"Winter|Cold.|"}}, "health")
	nov := pastEdition("2014-11-20", "November", map[string][]string{"health": {"Autumn|Leaves.|"}}, "health")
	for _, e := range []digest.Edition{dec, nov} {
		if _, err := s.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if got := numbersByDate(t, s); got != "May15=1 May21=2 May30=3 Jul10=4 Nov20=5 Dec04=6 Nov19=7" {
		t.Errorf("numbers %s", got)
	}
	if again, err := s.ImportEdition(ctx, may30()); err != nil || !again.Existing || again.Number != 3 {
		t.Errorf("re-import: %+v, %v", again, err)
	}

	// The next live edition comes after them all.
	st = submit(t, s, "https://example.org/b", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	next, err := s.Publish(ctx, Publication{Title: "Live 2", Date: day("2026-11-26")})
	if err != nil || next.Edition.Edition.Number != 8 {
		t.Errorf("next publication: %+v, %v", next.Edition.Edition, err)
	}
}

func TestEditionOnADate(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for _, e := range []digest.Edition{may30(), may15()} {
		if _, err := s.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	rec, err := s.EditionOn(ctx, day("2014-05-30"))
	if err != nil || rec.Edition.Number != 2 {
		t.Errorf("EditionOn 30 May: %+v, %v", rec.Edition, err)
	}
	if _, err := s.EditionOn(ctx, day("2014-05-22")); !errors.Is(err, ErrNotFound) {
		t.Errorf("EditionOn 22 May: %v", err)
	}
	before, after, err := s.EditionsAround(ctx, day("2014-05-22"))
	if err != nil || before.Number != 1 || !before.Date.Equal(day("2014-05-15")) || after.Number != 2 {
		t.Errorf("around 22 May: %+v %+v %v", before, after, err)
	}
	before, after, err = s.EditionsAround(ctx, day("2014-06-22"))
	if err != nil || before.Number != 2 || after.Number != 0 {
		t.Errorf("around 22 June: %+v %+v %v", before, after, err)
	}
}

// relinkCases submits a story and returns it, may21 with one of its
// stories at that story's link, and an edition that repeats a headline
// (so a key) in one sector: importing either stores a story under a key
// of its own.
func relinkCases(t *testing.T, s *Store) (taken digest.Story, withTaken, twice digest.Edition) {
	t.Helper()
	taken = submit(t, s, "https://example.org/taken", "health")
	withTaken = may21()
	withTaken.Sections[1].Stories[0].URL = taken.URL
	twice = pastEdition("2014-06-05", "Twice", map[string][]string{"health": {"Same|One.|", "Same|Two.|"}}, "health")
	return taken, withTaken, twice
}

func TestImportKeepsStoriesWhoseKeyIsTaken(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	taken, e, twice := relinkCases(t, s)
	got, err := s.ImportEdition(ctx, e)
	if err != nil || len(got.Relinked) != 1 || got.Relinked[0] != "Shared services - HEFCE" {
		t.Fatalf("import with a taken link: %+v, %v", got, err)
	}
	if st, err := s.StoryByURL(ctx, taken.URL+"#2014-05-21"); err != nil || st.Headline != "Shared services - HEFCE" {
		t.Errorf("relinked story: %+v, %v", st, err)
	}
	if _, err := s.ImportEdition(ctx, twice); err != nil {
		t.Fatalf("a key twice in one edition: %v", err)
	}
	if st, err := s.StoryByURL(ctx, twice.Sections[0].Stories[0].URL+"-2"); err != nil || st.Summary != "Two." {
		t.Errorf("second story of the same key: %+v, %v", st, err)
	}
}

// TestImportPlanNamesTheStoriesTheImportRelinks: a dry run's plan names,
// edition by edition, the stories ImportEdition then stores under a key of
// their own: a link already stored, a link or key two stories share, and
// keys an earlier edition of the same run took.
func TestImportPlanNamesTheStoriesTheImportRelinks(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	_, withTaken, twice := relinkCases(t, s)
	twice.Sections[0].Stories[1].URL += "-2" // as the archive keys a headline repeated in one edition
	again := pastEdition("2014-06-05", "Again", map[string][]string{"health": {"Same|Three.|", "Same|Four.|"}}, "health")
	again.Sections[0].Stories[1].URL += "-2"
	shared := pastEdition("2014-06-12", "Shared", map[string][]string{"health": {"One link|A.|", "The same link|B.|"}}, "health")
	for i := range shared.Sections[0].Stories {
		shared.Sections[0].Stories[i].URL = "https://example.org/press-release"
	}
	editions := []digest.Edition{withTaken, twice, again, shared}
	plan := NewImportPlan(s)
	var planned [][]string
	for _, e := range editions {
		r, err := plan.Relinked(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		planned = append(planned, r)
	}
	if n := countRows(t, s, "stories"); n != 1 {
		t.Fatalf("the plan wrote: %d stories, want the 1 submitted", n)
	}
	for i, e := range editions {
		got, err := s.ImportEdition(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.Relinked) != fmt.Sprint(planned[i]) {
			t.Errorf("%s: planned %q, the import relinked %q", e.Title, planned[i], got.Relinked)
		}
	}
	if fmt.Sprint(planned) != "[[Shared services - HEFCE] [] [Same Same] [The same link]]" {
		t.Errorf("planned %q", planned)
	}
}

func TestImportEditionFailsAloneAndLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.ImportEdition(ctx, july10()); err != nil {
		t.Fatal(err)
	}
	noTitle := may15()
	noTitle.Title = ""
	noHeadline := may30()
	noHeadline.Sections[0].Stories[2].Headline = " "
	for _, tc := range []struct {
		e    digest.Edition
		want string
	}{
		{noTitle, "import the edition of Thursday 15 May 2014: it has no title"},
		{noHeadline, `import the edition of Friday 30 May 2014: story " ": it has no headline`},
	} {
		var invalid *InvalidEditionError
		if _, err := s.ImportEdition(ctx, tc.e); err == nil || err.Error() != tc.want || !errors.As(err, &invalid) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
	if n := countRows(t, s, "editions"); n != 1 {
		t.Errorf("%d editions stored, want the good one", n)
	}
	if n := countRows(t, s, "stories"); n != 1 {
		t.Errorf("%d stories stored, want the good edition's", n)
	}
	if n := countRows(t, s, "edition_sections"); n != 1 {
		t.Errorf("%d sections stored, want the good edition's", n)
	}
}

// TestImportEditionOfTextAlone: an edition with no stories (a week off,
// kept with its intro) was refused, "it has no stories"; it is stored, and
// a second import finds it by its title and date rather than storing it
// again, while another such edition under the next week's date is its own.
func TestImportEditionOfTextAlone(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	off := pastEdition("2016-06-02", "News Summary from 1st June 2016", nil)
	off.Intro = "No stories this week: the team is at the annual conference."
	first, err := s.ImportEdition(ctx, off)
	if err != nil || first.Existing || first.Number != 1 || first.Stories != 0 {
		t.Fatalf("first import: %+v, %v", first, err)
	}
	again, err := s.ImportEdition(ctx, off)
	if err != nil || !again.Existing || again.Number != 1 {
		t.Errorf("second import: %+v, %v; want edition 1, existing", again, err)
	}
	if !digest.SameEdition(off, off) {
		t.Error("SameEdition = false for one edition of text alone")
	}
	next := pastEdition("2016-06-09", "News Summary from 8th June 2016", nil)
	if got, err := s.ImportEdition(ctx, next); err != nil || got.Existing || got.Number != 2 {
		t.Errorf("next week's: %+v, %v; want edition 2, new", got, err)
	}
	if n := countRows(t, s, "editions"); n != 2 {
		t.Errorf("%d editions stored, want 2", n)
	}
	stored, err := s.Edition(ctx, 1)
	if err != nil || stored.Edition.Intro != off.Intro || len(stored.Stories) != 0 {
		t.Errorf("edition 1: %+v, %v", stored, err)
	}
}

func TestImportStopsWhenCancelled(t *testing.T) {
	s, _ := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.ImportEdition(ctx, may30()); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
	if n := countRows(t, s, "editions"); n != 0 {
		t.Errorf("%d editions stored", n)
	}
}

// TestImportAgainFindsAnEditionWhoseHeadlinesReadOtherwise: an edition is
// recognised on a second import by a story in common, and a story is the
// same when its headline is (as the store keeps it: without control
// characters; as archive.StoryURL keys it: quotes and punctuation
// re-typed, spacing and case aside) or when its link is, even after its
// headline was corrected in the file. Otherwise the second import stored
// the whole edition again, under a second number.
func TestImportAgainFindsAnEditionWhoseHeadlinesReadOtherwise(t *testing.T) {
	ctx := context.Background()
	for name, change := range map[string]func(*digest.Story){
		"control character": func(st *digest.Story) { st.Headline = "Fire deaths fall\u200f by 5% in past year" },
		"quotes re-typed":   func(st *digest.Story) { st.Headline = "Fire deaths fall by 5 % in past year." },
		"headline corrected, same link": func(st *digest.Story) {
			st.Headline = "Fire deaths fall by 6% in the past year"
		},
	} {
		t.Run(name, func(t *testing.T) {
			s, _ := openTest(t)
			e := july10()
			e.Sections[0].Stories[0].URL = "https://www.example.gov.uk/fire-deaths"
			if name == "control character" {
				change(&e.Sections[0].Stories[0])
			}
			first, err := s.ImportEdition(ctx, e)
			if err != nil || first.Existing {
				t.Fatalf("first import: %+v, %v", first, err)
			}
			again := july10()
			again.Sections[0].Stories[0].URL = e.Sections[0].Stories[0].URL
			change(&again.Sections[0].Stories[0])
			if as, found, err := s.FindImported(ctx, again); err != nil || !found || as.Number != first.Number {
				t.Errorf("FindImported = %d, %v, %v; want edition %d", as.Number, found, err, first.Number)
			}
			if !digest.SameEdition(e, again) {
				t.Error("SameEdition = false")
			}
			got, err := s.ImportEdition(ctx, again)
			if err != nil || !got.Existing || got.Number != first.Number {
				t.Errorf("second import: %+v, %v; want edition %d, existing", got, err, first.Number)
			}
			if n := countRows(t, s, "editions"); n != 1 {
				t.Errorf("%d editions after importing one twice", n)
			}
		})
	}
}

// An older release that could not read an edition's date line ("31/12/15")
// dated it from its title, a day out; importing the file again with a
// release that reads the date line must find that edition, not store a
// second copy of it under the other date. An edition a week on that
// repeats a story under the same title is still an edition of its own.
func TestReimportOfAnEditionDatedOtherwiseAddsNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	const title = "News Summary of Collaboration and Shared Services from 30th December 2015"
	stories := map[string][]string{"housing": {"Landlords share a gas engineer|Two landlords agree.|"}}
	old, err := s.ImportEdition(ctx, pastEdition("2015-12-30", title, stories, "housing"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.ImportEdition(ctx, pastEdition("2015-12-31", title, stories, "housing"))
	if err != nil || !again.Existing || again.Number != old.Number {
		t.Fatalf("re-import dated a day on: %+v, %v; want edition %d found", again, err, old.Number)
	}
	if got := again.Date.Format("2006-01-02"); got != "2015-12-30" {
		t.Errorf("found edition dated %s, want the date it is stored under, 2015-12-30", got)
	}
	if as, found, err := s.FindImported(ctx, pastEdition("2015-12-31", title, stories, "housing")); err != nil || !found ||
		as.Number != old.Number || as.Date.Format("2006-01-02") != "2015-12-30" {
		t.Errorf("FindImported = %+v, %v, %v", as, found, err)
	}
	if n := countRows(t, s, "editions"); n != 1 {
		t.Errorf("%d editions after the re-import, want 1", n)
	}
	week, err := s.ImportEdition(ctx, pastEdition("2016-01-06", title, stories, "housing"))
	if err != nil || week.Existing {
		t.Errorf("an edition a week on: %+v, %v; want one of its own", week, err)
	}
}

// TestImportAgainFindsAnEditionByItsHashBangLink: a second import knows an
// edition by a story's link when its headline was corrected in the file,
// but it cut every stored link at its "#" (to take off the edition's date
// that a relinked story's key ends in), so a single-page site's route,
// kept since fragments are, was cut too: a story under
// "https://spa.example.org/#!/news/41" was never found by its link, and
// the edition was stored again. A route is the link's; only the date
// fragment is the key's.
func TestImportAgainFindsAnEditionByItsHashBangLink(t *testing.T) {
	ctx := context.Background()
	for name, link := range map[string]string{
		"route":                   "https://spa.example.org/#!/news/41",
		"route, relinked story":   "https://spa.example.org/#/news/41",
		"no route, relinked link": "https://www.example.gov.uk/fire-deaths",
	} {
		t.Run(name, func(t *testing.T) {
			s, _ := openTest(t)
			if strings.Contains(name, "relinked") {
				// Another story has the link, so the edition's is stored
				// under it with the edition's date after it.
				if _, err := s.AddStory(ctx, digest.Story{URL: link, Headline: "Another story", Sector: "health", State: digest.StatePublished}); err != nil {
					t.Fatal(err)
				}
			}
			e := july10()
			e.Sections[0].Stories[0].URL = link
			first, err := s.ImportEdition(ctx, e)
			if err != nil || first.Existing || strings.Contains(name, "relinked") != (len(first.Relinked) == 1) {
				t.Fatalf("first import: %+v, %v", first, err)
			}
			again := july10()
			again.Sections[0].Stories[0].URL = link
			again.Sections[0].Stories[0].Headline = "Fire deaths fall by 6% in the past year"
			got, err := s.ImportEdition(ctx, again)
			if err != nil || !got.Existing || got.Number != first.Number {
				t.Errorf("second import: %+v, %v; want edition %d, existing", got, err, first.Number)
			}
		})
	}
}

func TestWithoutDateKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://x.example/a":                          "https://x.example/a",
		"https://x.example/a#2014-05-30":               "https://x.example/a",
		"https://x.example/a#2014-05-30-3":             "https://x.example/a",
		"https://x.example/#!/news/41":                 "https://x.example/#!/news/41",
		"https://x.example/#!/news/41#2014-05-30":      "https://x.example/#!/news/41",
		"https://x.example/#/2014-05-30":               "https://x.example/#/2014-05-30",
		"https://x.example/#2014-05-30-draft":          "https://x.example/#2014-05-30-draft",
		"https://x.example/#!/2014-05-30/minutes":      "https://x.example/#!/2014-05-30/minutes",
		"urn:sharednews:archive:2014-05-30:headline-2": "urn:sharednews:archive:2014-05-30:headline-2",
	} {
		if got := withoutDateKey(in); got != want {
			t.Errorf("withoutDateKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEditionTextsAreThePublishedEditorsWords: the text a search reads
// for words no story has is a published edition's intro and its sections'
// text, in order; the draft's intro, still the editor's work, is not read.
func TestEditionTextsAreThePublishedEditorsWords(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if err := s.SetIntro(ctx, "Draft words nobody has read yet"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.EditionTexts(ctx); err != nil || len(got) != 0 {
		t.Fatalf("EditionTexts with only a draft = %+v, %v", got, err)
	}
	e := laidOut()
	if _, err := s.ImportEdition(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, err := s.EditionTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := "Hi everyone,\n\nA short one.\n\nDirector of Shared Services, £90,000"
	if len(got) != 1 || got[0].Number != 1 || !got[0].Date.Equal(e.Date) || got[0].Text != want {
		t.Errorf("EditionTexts = %+v, want edition 1 dated %s with %q", got, e.Date, want)
	}
}
