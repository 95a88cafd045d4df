package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// listed reports whether story id is in a list the bot answered with.
func listed(r Reply, id int64) bool {
	l, ok := r.Body.(StoryList)
	if !ok {
		return false
	}
	for _, it := range l.Items {
		if it.Story.ID == id {
			return true
		}
	}
	return false
}

// sectorCount is how many stories /shared sectors counts in sector slug.
func sectorCount(f *fixture, slug string) int {
	l, _ := f.say(member, "sectors").Body.(SectorList)
	for _, it := range l.Items {
		if it.Sector.Slug == slug {
			return it.Stories
		}
	}
	return -1
}

// lastUpdate is the last redraw of story id's review card.
func (r *recorder) lastUpdate(id int64) (ReviewCard, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.updates) - 1; i >= 0; i-- {
		if r.updates[i].Story.ID == id {
			return r.updates[i], true
		}
	}
	return ReviewCard{}, false
}

// notesAbout are the messages to submitters about story id, in order.
func (r *recorder) notesAbout(id int64) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, n := range r.notes {
		if strings.Contains(n, fmt.Sprintf("story #%d ", id)) {
			out = append(out, n)
		}
	}
	return out
}

// TestApproveAfterRejection: a story an editor rejected is approved after
// all by /shared approve, into the sector given, as a queued one is. Until
// then a member submitting its link is told it was rejected (not that it
// waits) and who can still approve it, and it is neither searchable nor in
// the news; the rejected card carries the button that approves it after
// all, which a member may not press. The card, the editor and the
// submitter are told that the approval overturns a rejection, and whose;
// then it is searchable, in the news and in the draft, as any approved
// story. A published story stays refused.
func TestApproveAfterRejection(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	r := f.say(inGrp, "reject 1 Covered last week")
	if tone(r) != Success || text(r) != "Rejected #1 “Two NHS trusts agree to share a chief executive”. Changed your mind? `approve 1` approves it after all." {
		t.Fatalf("reject: %q", text(r))
	}
	rejected, _ := f.slack.lastUpdate(1)
	if rejected.Outcome != "Rejected by @gus: Covered last week" {
		t.Errorf("rejected card: %q", rejected.Outcome)
	}
	want := []Control{{Action: ActionApproveAfterAll, Label: "Approve after all", Style: Secondary}}
	if got := rejected.Outline(nil).Controls; len(got) != 1 || got[0] != want[0] {
		t.Errorf("rejected card's controls: %+v, want %+v", got, want)
	}

	r = f.say(admin, "submit "+page.URL+"/a")
	if tone(r) != Problem || !strings.HasPrefix(text(r), "Already rejected by the editor on ") ||
		!strings.Contains(text(r), "(story #1); an editor can still approve it with `approve 1`.") {
		t.Errorf("the rejected link submitted again: %q", text(r))
	}
	if listed(f.say(member, "search chief executive"), 1) || listed(f.say(member, "news"), 1) || sectorCount(f, "health") != 0 {
		t.Error("a rejected story is searchable, in the news or counted")
	}
	if r := f.bot.Approve(ctx, member, 1, ""); tone(r) != Problem || text(r) != "Only editors can approve stories." {
		t.Errorf("a member pressing Approve after all: %q", text(r))
	}
	if s, _ := f.store.Story(ctx, 1); s.State != digest.StateRejected {
		t.Fatalf("after a member's press: %s", s.State)
	}

	r = f.say(editor, "approve 1 housing")
	if tone(r) != Success || text(r) != "Approved #1 “Two NHS trusts agree to share a chief executive” into Housing after its rejection by @gus; it is in the draft edition." {
		t.Fatalf("approve after all: %q", text(r))
	}
	card, _ := f.slack.lastUpdate(1)
	if card.Outcome != "Approved by @ed into Housing, after a rejection by @gus" || len(card.Outline(nil).Controls) != 0 || card.Verdict() != Success {
		t.Errorf("card after the approval: %q, controls %+v", card.Outcome, card.Outline(nil).Controls)
	}
	told := f.slack.notesAbout(1)
	if len(told) != 2 || told[1] != "UMEMBER: Good news: your story #1 “Two NHS trusts agree to share a chief executive” was approved for the next edition after all." {
		t.Errorf("the submitter was told: %q", told)
	}
	if s, _ := f.store.Story(ctx, 1); s.State != digest.StateApproved || s.Sector != "housing" || s.RejectReason != "" {
		t.Errorf("story: %s in %s, reason %q", s.State, s.Sector, s.RejectReason)
	}
	if !listed(f.say(member, "search chief executive"), 1) || !listed(f.say(member, "news housing"), 1) || sectorCount(f, "housing") != 1 {
		t.Error("a story approved after all is not searchable, not in the news or not counted")
	}
	if d, err := f.bot.DraftEdition(ctx); err != nil || d.StoryCount() != 1 {
		t.Errorf("draft: %d stories, %v", d.StoryCount(), err)
	}
	// The rejected card's button pressed again, by another editor.
	if r := f.bot.Approve(ctx, inGrp, 1, ""); tone(r) != Problem || !strings.Contains(text(r), "already approved for the next edition by @ed") {
		t.Errorf("a second Approve after all: %q", text(r))
	}

	if r := f.say(editor, "publish"); tone(r) == Problem {
		t.Fatal(text(r))
	}
	if r := f.say(editor, "approve 1"); tone(r) != Problem || !strings.Contains(text(r), "was published in edition 1 and can no longer change") {
		t.Errorf("approving a published story: %q", text(r))
	}
}

// TestACardsApproveLeavesARejectionStanding: a waiting card's Approve
// pressed after another editor rejected the story (the card had not yet
// been redrawn) does not undo the rejection behind the presser's back:
// they are told who rejected it and how to approve it after all, and the
// submitter hears of one decision.
func TestACardsApproveLeavesARejectionStanding(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.bot.RejectOnCard(ctx, inGrp, 1, ""); tone(r) != Success {
		t.Fatal(text(r))
	}
	r := f.bot.ApproveOnCard(ctx, editor, 1, "")
	if tone(r) != Problem || !strings.HasPrefix(text(r), "Story #1 was rejected by @gus on ") ||
		!strings.HasSuffix(text(r), ". To approve it after all, press Approve after all on its card or use `approve 1`.") {
		t.Errorf("a card's Approve after a rejection: %q", text(r))
	}
	if s, _ := f.store.Story(ctx, 1); s.State != digest.StateRejected {
		t.Errorf("story: %s", s.State)
	}
	if told := f.slack.notesAbout(1); len(told) != 1 {
		t.Errorf("the submitter was told: %q", told)
	}
}

// TestAnApprovalAfterAllDuringARejectionIsTheOneShown: a rejection and an
// approval after all land one after the other, and the approval's card
// update and message go out before the rejection's. The card ends showing
// the approval, and the submitter is not told last that the story was
// not taken, as TestALaterDecisionIsTheOneShown is for the other way round.
func TestAnApprovalAfterAllDuringARejectionIsTheOneShown(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	f.bot.suggester = &secondEditor{f: f, after: digest.StateRejected, who: editor, command: "approve 1"}
	f.say(inGrp, "reject 1 Covered last week")
	if s, _ := f.store.Story(context.Background(), 1); s.State != digest.StateApproved {
		t.Fatalf("story: %s", s.State)
	}
	if last, _ := f.slack.lastUpdate(1); last.Outcome != "Approved by @ed into Health & Social Care, after a rejection by @gus" {
		t.Errorf("the card's last update: %q", last.Outcome)
	}
	if told := f.slack.notesAbout(1); len(told) == 0 || !strings.Contains(told[len(told)-1], "after all") {
		t.Errorf("the submitter was told: %q", told)
	}
}

// TestRejectAndApproveAfterAllAtOnce: an approved story is rejected by one
// editor's /shared reject while another's /shared approve runs, many times
// over. Either the approval comes first and is refused (the story was
// approved already), or it comes second and approves the story after all;
// either way one decision stands, and the card's last redraw and the
// submitter's last message are that decision, never the one it replaced.
func TestRejectAndApproveAfterAllAtOnce(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Submissions.PerUserPerHour = 100 })
	page := pageServer(t)
	for i := range 12 {
		if r := f.say(member, fmt.Sprintf("submit %s/race-%d health", page.URL, i)); tone(r) != Success {
			t.Fatal(text(r))
		}
		id := int64(i + 1)
		if r := f.say(editor, fmt.Sprintf("approve %d", id)); tone(r) != Success {
			t.Fatal(text(r))
		}
		var wg sync.WaitGroup
		for _, c := range []struct {
			who Caller
			cmd string
		}{{inGrp, "reject"}, {editor, "approve"}} {
			wg.Add(1)
			go func() { defer wg.Done(); f.say(c.who, fmt.Sprintf("%s %d", c.cmd, id)) }()
		}
		wg.Wait()
		s, err := f.store.Story(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		card, _ := f.slack.lastUpdate(id)
		told := f.slack.notesAbout(id)
		last := ""
		if len(told) > 0 {
			last = told[len(told)-1]
		}
		switch s.State {
		case digest.StateRejected:
			if !strings.HasPrefix(card.Outcome, "Rejected by @gus") || !strings.Contains(last, "was not taken") {
				t.Errorf("race %d: rejected; card %q, the submitter told last %q", i, card.Outcome, last)
			}
		case digest.StateApproved:
			if card.Outcome != "Approved by @ed into Health & Social Care, after a rejection by @gus" || !strings.Contains(last, "after all") {
				t.Errorf("race %d: approved after all; card %q, the submitter told last %q", i, card.Outcome, last)
			}
		default:
			t.Errorf("race %d: story %s", i, s.State)
		}
	}
}

// TestARejectedLinkSubmittedAgainSaysItWasRejected: a member submitting
// the link of a rejected story is told it was rejected, by the editor and
// when, and that an editor can still approve it; not that it was
// "submitted" (a newswire story rejected by command never was) nor
// anything that reads as if it waits.
func TestARejectedLinkSubmittedAgainSaysItWasRejected(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Bot.Timezone = "UTC" })
	ctx := context.Background()
	wire, err := f.store.AddStory(ctx, digest.Story{URL: "https://www.example.gov.uk/news/shared-legal-service",
		Headline: "Three councils launch a shared legal service", Source: "GOV.UK", Sector: "local-government", State: digest.StateNewswire})
	if err != nil {
		t.Fatal(err)
	}
	if r := f.say(editor, fmt.Sprintf("reject %d", wire.ID)); tone(r) != Success {
		t.Fatal(text(r))
	}
	s, _ := f.store.Story(ctx, wire.ID)
	want := fmt.Sprintf("Already rejected by the editor on %s (story #%d); an editor can still approve it with `approve %d`.",
		s.DecidedAt.Format("2 Jan"), wire.ID, wire.ID)
	if r := f.say(member, "submit "+wire.URL); tone(r) != Problem || text(r) != want {
		t.Errorf("the rejected link submitted again: %q, want %q", text(r), want)
	}
	if s, _ := f.store.Story(ctx, wire.ID); s.State != digest.StateRejected || !s.Submitter.IsZero() {
		t.Errorf("the refused submission changed the story: %+v", s)
	}
}
