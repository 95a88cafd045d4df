package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// queued adds a queued story in a sector, as a submission would.
func (f *fixture) queued(t *testing.T, slug, headline string) digest.Story {
	t.Helper()
	st, err := f.store.AddStory(context.Background(), digest.Story{URL: "https://example.org/" + slug + "/" + strings.ReplaceAll(headline, " ", "-"),
		Headline: headline, Summary: headline + " happened.", Sector: slug, State: digest.StateQueued})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// layoutOf is an edition's outline: "lead: …", then "Section: headlines".
func layoutOf(e digest.Edition) string {
	var parts []string
	for _, st := range e.Lead {
		parts = append(parts, "lead: "+st.Headline)
	}
	for _, s := range e.Sections {
		var hs []string
		for _, st := range s.Stories {
			hs = append(hs, st.Headline)
		}
		parts = append(parts, s.Sector.Slug+": "+strings.Join(hs, ", "))
	}
	return strings.Join(parts, " | ")
}

func (f *fixture) draftLayout(t *testing.T) string {
	t.Helper()
	r := f.say(editor, "draft")
	v, ok := r.Body.(EditionView)
	if !ok {
		t.Fatalf("draft: %q", text(r))
	}
	return layoutOf(v.Edition)
}

func TestLeadAndSectionOrder(t *testing.T) {
	f := newFixture(t, nil)
	if r := f.say(editor, "lead 1"); tone(r) != Problem || !strings.Contains(text(r), "There is no draft yet") {
		t.Errorf("lead with no draft: %q", text(r))
	}
	lg := f.queued(t, "local-government", "Councils merge")
	health := f.queued(t, "health", "Trusts merge")
	housing := f.queued(t, "housing", "Landlords share repairs")
	waiting := f.queued(t, "housing", "Homes built")
	for _, s := range []digest.Story{lg, health, housing} {
		if r := f.say(editor, fmt.Sprintf("approve %d", s.ID)); tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	if got := f.draftLayout(t); got != "local-government: Councils merge | health: Trusts merge | housing: Landlords share repairs" {
		t.Errorf("configured order: %s", got)
	}

	for cmd, want := range map[string]string{
		"lead":                               "Give the number of an approved story",
		"lead 1 2":                           "Give one story number",
		"lead x":                             "`x` is not a story number",
		"lead 99":                            "There is no story #99.",
		fmt.Sprintf("lead %d", waiting.ID):   fmt.Sprintf("Story #%d is not in the draft yet: approve it first (`approve %d`).", waiting.ID, waiting.ID),
		"order":                              "Name the sectors in the order",
		"order helth":                        "Unknown sector `helth`. Did you mean `health`?",
		"order housing nowhere":              "Unknown sector `nowhere`.",
		"order reset housing":                "`reset` stands alone",
		"order housing reset":                "`reset` stands alone",
		"order housing housing":              "`housing` names Housing a second time: name each sector once",
		"order housing local Housing":        "`Housing` names Housing a second time",
		"order blue light health blue-light": "`blue-light` names Blue Light Services a second time",
		"order " + strings.Repeat("x ", 51):  "Name at most 50 sectors.",
	} {
		if r := f.say(editor, cmd); tone(r) != Problem || !strings.Contains(text(r), want) {
			t.Errorf("%s: %q, want %q", cmd, text(r), want)
		}
	}
	for _, cmd := range []string{"lead 1", "order health"} {
		if r := f.say(member, cmd); tone(r) != Problem || !strings.HasPrefix(text(r), "Only editors can") {
			t.Errorf("member %s: %q", cmd, text(r))
		}
	}
	if got := f.draftLayout(t); !strings.HasPrefix(got, "local-government") {
		t.Errorf("refusals changed the draft: %s", got)
	}

	r := f.say(editor, fmt.Sprintf("lead #%d", health.ID))
	if tone(r) != Success || text(r) != fmt.Sprintf("#%d “Trusts merge” leads the draft edition, under the intro. See it with `draft`.", health.ID) {
		t.Errorf("lead: %q", text(r))
	}
	// A sector named twice is refused (above), where it was once placed
	// where it came first without a word.
	r = f.say(editor, "order housing \"local government\"")
	if tone(r) != Success || !strings.HasPrefix(text(r), "The draft's sections now run Housing, Local Government, then Health & Social Care, Further/Higher Education") {
		t.Errorf("order: %q", text(r))
	}
	if got := f.draftLayout(t); got != "lead: Trusts merge | housing: Landlords share repairs | local-government: Councils merge" {
		t.Errorf("lead and order: %s", got)
	}
	// Several words make one sector where they name one.
	if r := f.say(editor, "order blue light local government"); tone(r) != Success || !strings.Contains(text(r), "run Blue Light Services, Local Government, then") {
		t.Errorf("order by names of several words: %q", text(r))
	}
	if r := f.say(editor, "order reset"); tone(r) != Success || !strings.HasPrefix(text(r), "The draft's sections are back in the usual order") {
		t.Errorf("order reset: %q", text(r))
	}
	if got := f.draftLayout(t); got != "lead: Trusts merge | local-government: Councils merge | housing: Landlords share repairs" {
		t.Errorf("after reset: %s", got)
	}
	if r := f.say(editor, "order housing"); tone(r) != Success {
		t.Fatal(text(r))
	}

	// The published edition is laid out as the draft was.
	if r := f.say(editor, "publish"); tone(r) != Success {
		t.Fatal(text(r))
	}
	r = f.say(member, "edition 1")
	v, ok := r.Body.(EditionView)
	if !ok || layoutOf(v.Edition) != "lead: Trusts merge | housing: Landlords share repairs | local-government: Councils merge" {
		t.Errorf("published edition: %q %v", text(r), ok)
	}
	if r := f.say(editor, fmt.Sprintf("lead %d", health.ID)); tone(r) != Problem {
		t.Errorf("lead of a published story: %q", text(r))
	}

	// lead none takes the lead back into its section.
	next := f.queued(t, "health", "Hospitals share a pharmacy")
	f.say(editor, fmt.Sprintf("approve %d", next.ID))
	f.say(editor, fmt.Sprintf("lead %d", next.ID))
	if r := f.say(editor, "lead none"); tone(r) != Success || !strings.Contains(text(r), "no lead story now") {
		t.Errorf("lead none: %q", text(r))
	}
	if got := f.draftLayout(t); got != "health: Hospitals share a pharmacy" {
		t.Errorf("after lead none: %s", got)
	}
	// Again, with no lead: nothing changes, and the answer says so, as
	// `intro none` does, where it claimed a change with a tick.
	if r := f.say(editor, "lead none"); tone(r) != Info || text(r) != "The draft has no lead story, so there is nothing to remove." {
		t.Errorf("lead none without a lead: %v %q", tone(r), text(r))
	}
}

func TestEditionByDate(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	for _, d := range []string{"2014-11-20", "2014-05-30", "2014-12-11"} {
		date, _ := time.Parse("2006-01-02", d)
		e := digest.Edition{State: digest.EditionPublished, Date: date, Title: "Edition of " + d,
			Sections: []digest.Section{{Sector: digest.Sector{Slug: "health"}, Stories: []digest.Story{
				{URL: "urn:sharednews:archive:" + d, Headline: "News of " + d, Sector: "health"}}}}}
		if _, err := f.store.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, arg := range []string{"2014-11-20", "20 November 2014", "Thursday 20th November 2014", "20 nov 2014", "November 20, 2014", "2",
		"20/11/2014", "20.11.14", "20-11-2014", "11/20/2014"} {
		r := f.say(member, "edition "+arg)
		v, ok := r.Body.(EditionView)
		if !ok || v.Edition.Number != 2 || v.Edition.Title != "Edition of 2014-11-20" {
			t.Errorf("edition %s: %q", arg, text(r))
		}
	}
	for _, arg := range []string{"latest", "Latest", "last"} {
		if v, ok := f.say(member, "edition "+arg).Body.(EditionView); !ok || v.Edition.Number != 3 {
			t.Errorf("edition %s: not the latest edition", arg)
		}
	}
	for arg, want := range map[string]string{
		"2014-12-04":                   "There is no edition dated Thursday 4 December 2014; the nearest are edition 2 (Thursday 20 November 2014) and edition 3 (Thursday 11 December 2014).",
		"2015-01-01":                   "There is no edition dated Thursday 1 January 2015; the nearest is edition 3 (Thursday 11 December 2014).",
		"2014-02-30":                   "`2014-02-30` is not a date: February 2014 has no day 30.",
		"31/4/2014":                    "`31/4/2014` is not a date: April 2014 has no day 31.",
		"02/30/2014":                   "`02/30/2014` is not a date: February 2014 has no day 30.", // month first, the one reading with a month
		"29 Feb 2015":                  "`29 Feb 2015` is not a date: February 2015 has no day 29.",
		"Monday 31st June 2014":        "`Monday 31st June 2014` is not a date: June 2014 has no day 31.",
		"2014-13-01":                   "`2014-13-01` is neither an edition number nor a date",
		"4/12/2014":                    "There is no edition dated Thursday 4 December 2014", // day first, as in Britain
		"30/02/2014":                   "`30/02/2014` is not a date: February 2014 has no day 30.",
		"29/02/2016":                   "There is no edition dated Monday 29 February 2016",  // a leap year's day exists
		"the 4th of December 2014":     "There is no edition dated Thursday 4 December 2014", // as an import's date line reads it
		"Thursday, December 4th, 2014": "There is no edition dated Thursday 4 December 2014",
		"4.12.14":                      "There is no edition dated Thursday 4 December 2014",
		"2014-2-30":                    "`2014-2-30` is not a date: February 2014 has no day 30.",
		"20/11-2014":                   "`20/11-2014` is neither an edition number nor a date",
		"20/11/214":                    "`20/11/214` is neither an edition number nor a date",
		"next thursday":                "`next thursday` is neither an edition number nor a date",
		"9":                            "There is no edition 9; the latest is edition 3.",
		// A year is read as an edition number; the answer says which
		// editions are of that year and how to ask for them, where it only
		// said there is no edition 2014.
		"2014": "There is no edition 2014; the latest is edition 3. If you meant the year, 2014 has 3 editions, 1 to 3: ask for one by its number, or for a month, such as `edition December 2014`.",
		"2019": "There is no edition 2019; the latest is edition 3, and no edition is of the year 2019.",
	} {
		if r := f.say(member, "edition "+arg); tone(r) != Problem || !strings.Contains(text(r), want) {
			t.Errorf("edition %s: %q, want %q", arg, text(r), want)
		}
	}
}

// TestEditionByDateNamesTheOthersThatDay: an editor who published twice
// in a day (a correction, a special edition) left the later ones unnamed
// by /shared edition DATE, which shows the first.
func TestEditionByDateNamesTheOthersThatDay(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	for i, d := range []string{"2014-11-20", "2014-11-20", "2014-11-27", "2014-11-20"} {
		date, _ := time.Parse("2006-01-02", d)
		e := digest.Edition{State: digest.EditionPublished, Date: date, Title: fmt.Sprintf("Edition %d of %s", i, d),
			Sections: []digest.Section{{Sector: digest.Sector{Slug: "health"}, Stories: []digest.Story{
				{URL: fmt.Sprintf("urn:sharednews:archive:%d", i), Headline: fmt.Sprintf("News %d of %s", i, d), Sector: "health"}}}}}
		if _, err := f.store.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	r := f.say(member, "edition 20 November 2014")
	v, ok := r.Body.(EditionView)
	if !ok || v.Edition.Number != 1 {
		t.Fatalf("edition 20 November 2014: %q", text(r))
	}
	if want := "Editions 2 and 3 are dated Thursday 20 November 2014 too (`edition 2`)."; v.Note != want {
		t.Errorf("note %q, want %q", v.Note, want)
	}
	v, ok = f.say(member, "edition 2014-11-27").Body.(EditionView)
	if !ok || v.Edition.Number != 4 || v.Note != "" {
		t.Errorf("the one edition of 27 November: %+v, note %q", ok, v.Note)
	}
}

func TestNewsTakesTheCountBeforeOrAfterTheSector(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		for i := range c.Sectors {
			if c.Sectors[i].Slug == "blue-light" {
				c.Sectors[i].Aliases = append(c.Sectors[i].Aliases, "999 services")
			}
		}
	})
	date, _ := time.Parse("2006-01-02", "2014-11-20")
	sec := digest.Section{Sector: digest.Sector{Slug: "blue-light"}}
	for i := range 4 {
		sec.Stories = append(sec.Stories, digest.Story{URL: fmt.Sprintf("urn:sharednews:archive:%d", i), Headline: fmt.Sprintf("Fire story %d", i), Sector: "blue-light"})
	}
	e := digest.Edition{State: digest.EditionPublished, Date: date, Title: "Edition", Sections: []digest.Section{sec}}
	if _, err := f.store.ImportEdition(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	for _, arg := range []string{"blue light 3", "3 blue light", "3 blue-light"} {
		r := f.say(member, "news "+arg)
		list, ok := r.Body.(StoryList)
		if !ok || len(list.Items) != 3 || list.Title != "Latest in Blue Light Services" {
			t.Errorf("news %s: %q", arg, text(r))
		}
	}
	if r := f.say(member, "news 0 blue light"); tone(r) != Problem || !strings.Contains(text(r), "N must be between 1 and 20") {
		t.Errorf("news 0 blue light: %q", text(r))
	}
	// A sector whose name begins with a number is the sector.
	if list, ok := f.say(member, "news 999 services").Body.(StoryList); !ok || list.Title != "Latest in Blue Light Services" {
		t.Errorf("news 999 services: %+v", list)
	}
}

func TestIntroAndCommentaryTakeParagraphs(t *testing.T) {
	f := newFixture(t, nil)
	s := f.queued(t, "health", "Trusts merge")
	if r := f.say(editor, `intro Hello all. \n  A busy week.\n\nSee you next week.`); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.say(editor, fmt.Sprintf(`note %d First thought.\nSecond thought.`, s.ID)); tone(r) != Success {
		t.Fatal(text(r))
	}
	f.say(editor, fmt.Sprintf("approve %d", s.ID))
	rec, err := f.store.Draft(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rec.Edition.Intro != "Hello all.\n\nA busy week.\n\nSee you next week." {
		t.Errorf("intro %q", rec.Edition.Intro)
	}
	if got := rec.Stories[0].Commentary; got != "First thought.\n\nSecond thought." {
		t.Errorf("commentary %q", got)
	}
	// An edit form sends real line breaks.
	out := f.bot.EditStory(context.Background(), editor, s.ID, StoryChanges{Commentary: ptrTo("One.\r\nTwo.\n\n\nThree.")})
	if len(out.Changed) != 1 {
		t.Fatalf("edit form: %+v", out)
	}
	if st, _ := f.store.Story(context.Background(), s.ID); st.Commentary != "One.\n\nTwo.\n\nThree." {
		t.Errorf("commentary from a form %q", st.Commentary)
	}
	text := digest.RenderText(digest.Edition{Intro: rec.Edition.Intro})
	if !strings.Contains(text, "Hello all.\n\nA busy week.\n\nSee you next week.") {
		t.Errorf("rendered intro:\n%s", text)
	}
}

func ptrTo(s string) *string { return &s }

// TestRejectingTheLeadSaysSo: rejecting the story that leads the draft
// leaves the draft without a lead, and the editor is told so with the way
// to choose another, and that approving it after all files it in its
// section; rejecting another story says nothing of the lead.
func TestRejectingTheLeadSaysSo(t *testing.T) {
	f := newFixture(t, nil)
	lead := f.queued(t, "health", "Trusts merge")
	other := f.queued(t, "housing", "Landlords share repairs")
	for _, s := range []digest.Story{lead, other} {
		if r := f.say(editor, fmt.Sprintf("approve %d", s.ID)); tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	if r := f.say(editor, fmt.Sprintf("lead %d", lead.ID)); tone(r) != Success {
		t.Fatal(text(r))
	}

	r := f.say(editor, fmt.Sprintf("reject %d", lead.ID))
	want := fmt.Sprintf("Rejected #%d “Trusts merge”. It was the draft's lead story; the draft has no lead now: `lead ID` sets another. "+
		"Changed your mind? `approve %d` approves it after all, in its section, and `lead %d` makes it the lead again.", lead.ID, lead.ID, lead.ID)
	if tone(r) != Success || text(r) != want {
		t.Errorf("rejecting the lead answered\n%q, want\n%q", text(r), want)
	}
	if got := f.draftLayout(t); got != "housing: Landlords share repairs" {
		t.Errorf("after rejecting the lead the draft is %s", got)
	}

	// Approved after all, it is in its section, as the answer said.
	if r := f.say(editor, fmt.Sprintf("approve %d", lead.ID)); tone(r) != Success {
		t.Fatal(text(r))
	}
	if got := f.draftLayout(t); got != "health: Trusts merge | housing: Landlords share repairs" {
		t.Errorf("after approving it after all the draft is %s", got)
	}

	// A story that is not the lead is rejected without a word of it.
	if r := f.say(editor, fmt.Sprintf("lead %d", other.ID)); tone(r) != Success {
		t.Fatal(text(r))
	}
	r = f.say(editor, fmt.Sprintf("reject %d", lead.ID))
	if tone(r) != Success || strings.Contains(text(r), "lead") {
		t.Errorf("rejecting a story that is not the lead answered %q", text(r))
	}
	if got := f.draftLayout(t); got != "lead: Landlords share repairs" {
		t.Errorf("the other lead was moved: %s", got)
	}
}

// TestIntroNoneRemovesIt: once written, an intro could not be taken out of
// the draft (`intro` with no text asks for one; the form refuses an empty
// one). `intro none` removes it, as `lead none` removes the lead; with no
// draft or no intro it says there is nothing to remove, changing nothing.
func TestIntroNoneRemovesIt(t *testing.T) {
	f := newFixture(t, nil)
	if r := f.say(editor, "intro none"); tone(r) != Info || !strings.Contains(text(r), "There is no draft yet") {
		t.Errorf("intro none with no draft: %v %q", tone(r), text(r))
	}
	if _, err := f.store.Draft(context.Background()); err == nil {
		t.Error("intro none made a draft")
	}
	if r := f.say(editor, "intro A busy week.\\nTwo trusts merge."); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.say(member, "intro none"); tone(r) == Success {
		t.Errorf("a member removed the intro: %q", text(r))
	}
	if r := f.say(editor, "intro NONE"); tone(r) != Success || !strings.Contains(text(r), "intro is removed") {
		t.Errorf("intro none: %v %q", tone(r), text(r))
	}
	rec, err := f.store.Draft(context.Background())
	if err != nil || rec.Edition.Intro != "" {
		t.Errorf("the draft's intro after intro none: %q (%v)", rec.Edition.Intro, err)
	}
	if r := f.say(editor, "intro none"); tone(r) != Info || !strings.Contains(text(r), "no intro") {
		t.Errorf("intro none again: %v %q", tone(r), text(r))
	}
	// A word "none" inside an intro is text.
	if r := f.say(editor, "intro none of the councils merged"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if rec, _ := f.store.Draft(context.Background()); rec.Edition.Intro != "none of the councils merged" {
		t.Errorf("intro with none in it: %q", rec.Edition.Intro)
	}
}
