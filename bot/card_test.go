package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// sectorLine is the words of the card's Sector entry.
func sectorLine(t *testing.T, c ReviewCard) string {
	t.Helper()
	for _, e := range c.Outline(time.UTC).Groups[0].Entries {
		if e.Name == "Sector" {
			return e.Lines[0].Text()
		}
	}
	t.Fatalf("the card of %+v has no Sector", c.Story)
	return ""
}

// TestReviewCardFacts: what every platform's card says about a story's
// sector and where it came from. The suggestion is shown while the story
// waits, and left out once an editor decided (Slack showed it on a decided
// card, Discord did not).
func TestReviewCardFacts(t *testing.T) {
	for _, c := range []struct {
		name  string
		card  ReviewCard
		words string
	}{
		{"suggested", ReviewCard{Story: digest.Story{Sector: "health", SuggestedSector: "health"}, SectorName: "Health"}, "Health (suggested)"},
		{"not sure", ReviewCard{Story: digest.Story{Sector: "health", SuggestedSector: "health"}, SectorName: "Health", NotSure: true},
			"Health (suggested, not sure)"},
		{"filed elsewhere", ReviewCard{Story: digest.Story{Sector: "housing", SuggestedSector: "health"}, SectorName: "Housing",
			SuggestedName: "Health & Social Care"}, "Housing (suggested: Health & Social Care)"},
		{"suggestion no longer configured", ReviewCard{Story: digest.Story{Sector: "housing", SuggestedSector: "gone"}, SectorName: "Housing"},
			"Housing (suggested: gone)"},
		{"no suggestion", ReviewCard{Story: digest.Story{Sector: "housing"}, SectorName: "Housing"}, "Housing"},
		{"no sector", ReviewCard{Story: digest.Story{SuggestedSector: "health"}, SuggestedName: "Health"}, "none (suggested: Health)"},
		{"sector no longer configured", ReviewCard{Story: digest.Story{Sector: "gone"}}, "gone"},
		{"decided into the suggestion", ReviewCard{Story: digest.Story{Sector: "health", SuggestedSector: "health"}, SectorName: "Health",
			NotSure: true, Outcome: "Approved by @ed into Health"}, "Health"},
		{"decided elsewhere", ReviewCard{Story: digest.Story{Sector: "housing", SuggestedSector: "health"}, SectorName: "Housing",
			SuggestedName: "Health", Outcome: "Approved by @ed into Housing"}, "Housing"},
	} {
		if got := sectorLine(t, c.card); got != c.words {
			t.Errorf("%s: Sector %q, want %q", c.name, got, c.words)
		}
	}
	if (ReviewCard{}).Waiting() != true || (ReviewCard{Outcome: "Approved by @ed into Housing"}).Waiting() {
		t.Error("a card waits exactly while it has no outcome")
	}
	at := time.Date(2024, 3, 3, 9, 15, 0, 0, time.UTC)
	member := digest.Story{Submitter: digest.Person{ID: "U1", Name: "Mason"}, CreatedAt: at}
	if got := Submitted(member, time.UTC); got != "submitted by @Mason on 3 Mar 09:15" {
		t.Errorf("Submitted(member) = %q", got)
	}
	if got := Submitted(digest.Story{CreatedAt: at}, time.UTC); got != "from the newswire" {
		t.Errorf("Submitted(newswire) = %q", got)
	}
}

// outlineText is an outline's words, a line each, as the words test of
// every platform reads them: the title, then each entry's name, its lines
// and its facts, then the lines after.
func outlineText(o Outline) string {
	out := []string{o.Title}
	for _, g := range o.Groups {
		for _, e := range g.Entries {
			out = append(out, e.Name+" <"+e.URL+">")
			for _, l := range e.Lines {
				out = append(out, "  "+l.Text())
			}
			if len(e.Facts) > 0 {
				out = append(out, "  "+strings.Join(e.Facts, " · "))
			}
		}
	}
	for _, l := range o.After {
		out = append(out, l.Text())
	}
	return strings.Join(out, "\n")
}

// TestReviewCardOutline: a card says, in this order, where the story
// stands, the linked headline over the summary's paragraphs, its number,
// source and submitter, the note, the sector and the commentary, then the
// latest change; once decided, the outcome stands where "New in the review
// queue" stood.
func TestReviewCardOutline(t *testing.T) {
	s := digest.Story{ID: 12, URL: "https://www.hsj.co.uk/news/123", Headline: "Two NHS trusts  share a chief executive",
		Summary: "The trusts expect savings.\n\nA second\nparagraph.", Source: "HSJ", Sector: "health", SuggestedSector: "housing",
		Submitter: digest.Person{ID: "U1", Name: "Mason"}, CreatedAt: time.Date(2024, 3, 3, 9, 15, 0, 0, time.UTC),
		SubmitNote: "Worth a look", Commentary: "Another pair.\n\nAnd more.", State: digest.StateQueued}
	card := ReviewCard{Story: s, SectorName: "Health & Social Care", SuggestedName: "Housing", Note: "Edited by @ed"}
	want := `New in the review queue: #12
Two NHS trusts share a chief executive <https://www.hsj.co.uk/news/123>
  The trusts expect savings.
  A second paragraph.
  #12 · HSJ · submitted by @Mason on 3 Mar 10:15
Note <>
  Worth a look
Sector <>
  Health & Social Care (suggested: Housing)
Commentary <>
  Another pair.
  And more.
Edited by @ed`
	o := card.Outline(time.FixedZone("CET", 3600))
	if got := outlineText(o); got != want {
		t.Errorf("waiting card:\n%s\nwant\n%s", got, want)
	}
	if o.Shape != Review || o.Groups[0].Entries[0].Sector != "health" {
		t.Errorf("shape %v, story's sector %q", o.Shape, o.Groups[0].Entries[0].Sector)
	}
	s.Source, s.Summary, s.SubmitNote, s.Commentary, s.Submitter = "", "", "", "", digest.Person{}
	decided := ReviewCard{Story: s, SectorName: "Health & Social Care", SuggestedName: "Housing", Outcome: "Rejected by @ed: covered\nlast week"}
	want = `Rejected by @ed: covered last week
Two NHS trusts share a chief executive <https://www.hsj.co.uk/news/123>
  #12 · from the newswire
Sector <>
  Health & Social Care`
	if got := outlineText(decided.Outline(nil)); got != want {
		t.Errorf("decided card:\n%s\nwant\n%s", got, want)
	}
}

// TestReviewCardControls: a waiting card's outline names its controls, in
// order, with their words and styles, so Slack and Discord draw the same
// buttons (each wrote its own, and their sector choices said "Sector" and
// "Move to another sector"); an approved card has none, and a rejected one
// only Approve after all, which is not green: it is not the usual decision.
func TestReviewCardControls(t *testing.T) {
	card := ReviewCard{Story: digest.Story{ID: 12, Headline: "Councils merge", State: digest.StateQueued}}
	want := []Control{
		{Action: "sector", Label: "Move to another sector", Style: SectorChoice},
		{Action: "approve", Label: "Approve", Style: Primary},
		{Action: "reject", Label: "Reject", Style: Danger},
		{Action: "edit", Label: "Edit", Style: Secondary},
	}
	got := card.Outline(time.UTC).Controls
	if len(got) != len(want) {
		t.Fatalf("controls %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("control %d is %+v, want %+v", i, got[i], want[i])
		}
	}
	got[0].Label = "changed by a caller"
	if again := card.Outline(time.UTC).Controls[0].Label; again != want[0].Label {
		t.Errorf("a caller's change to one outline's controls shows in the next: %q", again)
	}
	card.Story.State, card.Outcome = digest.StateApproved, "Approved by @ed"
	if c := card.Outline(time.UTC).Controls; len(c) != 0 {
		t.Errorf("an approved card has controls: %+v", c)
	}
	card.Story.State, card.Outcome = digest.StateRejected, "Rejected by @ed"
	afterAll := Control{Action: "approve-after-all", Label: "Approve after all", Style: Secondary}
	if c := card.Outline(time.UTC).Controls; len(c) != 1 || c[0] != afterAll {
		t.Errorf("a rejected card's controls: %+v, want %+v", c, afterAll)
	}
}

// TestCardActionsAreTheCardsControls: every control a card draws, waiting
// or rejected, is a card action, which a platform passes on to the bot
// (IsCardAction); a form's name and another word are not.
func TestCardActionsAreTheCardsControls(t *testing.T) {
	card := ReviewCard{Story: digest.Story{ID: 12, Headline: "Councils merge", State: digest.StateQueued}}
	waiting := card.Outline(time.UTC).Controls
	card.Story.State, card.Outcome = digest.StateRejected, "Rejected by @ed"
	for _, c := range append(waiting, card.Outline(time.UTC).Controls...) {
		if !IsCardAction(c.Action) {
			t.Errorf("the card's control %q is not a card action", c.Action)
		}
	}
	for _, k := range []FormKind{EditForm, RejectForm, IntroForm, NoteForm} {
		if IsCardAction(k.Action()) {
			t.Errorf("the form name %q is taken for a card action", k.Action())
		}
	}
	if IsCardAction("") || IsCardAction("delete") {
		t.Error("a word no card draws is taken for a card action")
	}
}

// TestReviewCardVerdict: how a decided card's story fared follows its
// state, whatever the outcome's words; Slack shows it by an icon, Discord
// by a mark and a colour, each of which used to decide it from the state
// itself.
func TestReviewCardVerdict(t *testing.T) {
	for _, c := range []struct {
		state   digest.State
		outcome string
		want    Tone
	}{
		{digest.StateQueued, "", Info},
		{digest.StateApproved, "Filed by @ed into Health", Success},
		{digest.StatePublished, "In edition 41", Success},
		{digest.StateRejected, "Approved by @ed, then rejected by @jo", Problem},
		{digest.StateNewswire, "Sent back to the newswire", Info},
	} {
		card := ReviewCard{Story: digest.Story{ID: 3, State: c.state}, Outcome: c.outcome}
		if got := card.Verdict(); got != c.want {
			t.Errorf("%s card %q: verdict %v, want %v", c.state, c.outcome, got, c.want)
		}
	}
}

// TestFormNotOpenedNamesTheCommand: a card's form that could not open is
// a problem naming the command that does what the form would, as the
// platform spells its slash command, with the story's number.
func TestFormNotOpenedNamesTheCommand(t *testing.T) {
	f := newFixture(t, nil)
	for kind, want := range map[FormKind]string{EditForm: "edit 12 …`", RejectForm: "reject 12 …`"} {
		r := f.bot.FormNotOpened("slack", kind, 12)
		want = "`" + f.bot.CommandWord("slack") + " " + want
		if !IsProblem(r) || !strings.Contains(text(r), "could not be opened") || !strings.Contains(text(r), want) {
			t.Errorf("form %v: %q, want a problem naming %s", kind, text(r), want)
		}
	}
}

// TestReviewCardColour: a waiting card is in its story's sector's colour;
// a decided one in its verdict's, green approved or published, red
// rejected, whatever its sector.
func TestReviewCardColour(t *testing.T) {
	for _, tc := range []struct {
		state   digest.State
		outcome string
		want    int
	}{
		{digest.StateQueued, "", digest.SectorColour("health")},
		{digest.StateApproved, "Approved by @ed", 0x00703C},
		{digest.StatePublished, "In edition 41", 0x00703C},
		{digest.StateRejected, "Rejected by @ed", 0xD4351C},
	} {
		card := ReviewCard{Story: digest.Story{ID: 1, Sector: "health", State: tc.state}, Outcome: tc.outcome}
		if got := card.Colour(); got != tc.want {
			t.Errorf("%s card: colour %#x, want %#x", tc.state, got, tc.want)
		}
	}
}
