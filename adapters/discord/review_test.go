package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// postedCard submits a story as a member and returns the review card's
// message ID and its JSON body as posted.
func (f *fixture) postedCard(url string) (string, map[string]any) {
	f.t.Helper()
	return f.postedCardBy(member, url)
}

// wantState reports, and goes on, when story id is not in state want
// after what happened to it.
func (f *fixture) wantState(what string, id int64, want digest.State) {
	f.t.Helper()
	if s, err := f.bot.Story(context.Background(), id); err != nil || s.State != want {
		f.t.Errorf("%s: story %d is %q, want %q (err %v)", what, id, s.State, want, err)
	}
}

// postedCardBy is postedCard for a story p submits.
func (f *fixture) postedCardBy(p person, url string) (string, map[string]any) {
	f.t.Helper()
	n := f.api.count()
	r := f.say(p, "submit", str("url", url))
	if !strings.Contains(r.text(), "Queued as #") {
		f.t.Fatalf("submit: %s", r.text())
	}
	var card call
	var id string
	for i, c := range f.api.all() {
		if i >= n && c.Method == "POST" && c.Path == "channels/"+reviewChannel+"/messages" {
			card, id = c, messageIDForCall(i)
		}
	}
	if card.Body == nil {
		f.t.Fatal("no review card was posted")
	}
	return id, jsonOf(f.t, card)
}

// messageIDForCall is the ID the fake gives the message created by call i.
func messageIDForCall(i int) string {
	return jsonNumber(discordtest.FirstMessageID + i)
}

// mustJSON is v as JSON, with "&", "<" and ">" as they are (json.Marshal
// writes them as \u0026…, which text searched for would not match).
func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// The colours of decided cards (bot.ReviewCard.Colour).
const (
	approvedColour = 0x00703C
	rejectedColour = 0xD4351C
)

func jsonNumber(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// customIDs lists the custom_ids of a posted message's components.
func customIDs(msg map[string]any) []string {
	var ids []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, c := range v {
				walk(c)
			}
		case map[string]any:
			if id, ok := v["custom_id"].(string); ok {
				ids = append(ids, id)
			}
			walk(v["components"])
			walk(v["component"])
		}
	}
	walk(msg["components"])
	return ids
}

// TestReviewRoundTripByButtons: a member submits; the card appears in the
// review channel with buttons and a sector select; a member pressing
// Approve is refused on the server; an editor moves the story to another
// sector with the select and approves it with the button; the card then
// says who did what and has no buttons; the submitter gets a DM.
func TestReviewRoundTripByButtons(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cardID, card := f.postedCard(page.URL + "/story")
	if got := strings.Join(customIDs(card), " "); got != "sharednews:approve:1 sharednews:reject:1 sharednews:edit:1 sharednews:sector:1" {
		t.Fatalf("card components: %s", got)
	}
	embed := card["embeds"].([]any)[0].(map[string]any)
	suggested, _ := f.bot.Story(context.Background(), 1)
	if embed["title"] != "Two NHS trusts agree to share a chief executive" || !strings.HasPrefix(embed["url"].(string), page.URL) ||
		embed["color"].(float64) != float64(digest.SectorColour(suggested.Sector)) ||
		!strings.Contains(string(mustJSON(embed["fields"])), f.bot.SectorName(suggested.Sector)+" (suggested)") {
		t.Errorf("card embed: %v", embed)
	}
	if card["allowed_mentions"] == nil || len(card["allowed_mentions"].(map[string]any)["parse"].([]any)) != 0 {
		t.Errorf("card allowed_mentions: %v", card["allowed_mentions"])
	}

	// A member pressing Approve: refused, ephemerally; nothing changes.
	n := f.api.count()
	r := f.interact(f.button(member, "sharednews:approve:1", cardID))
	expect(t, "member presses Approve", r, true, "Only editors can approve stories.")
	if s, _ := f.bot.Story(context.Background(), 1); s.State != digest.StateQueued {
		t.Fatalf("story after a member pressed Approve: %s", s.State)
	}
	if calls := f.api.since(n); len(calls) != 0 {
		t.Errorf("a refused press made REST calls: %+v", calls)
	}
	expect(t, "member chooses a sector", f.interact(f.button(member, "sharednews:sector:1", cardID, "housing")), true, "Only editors can edit stories.")

	// The editor moves it to Housing with the select: the card is redrawn.
	n = f.api.count()
	r = f.interact(f.button(editor, "sharednews:sector:1", cardID, "housing"))
	expect(t, "sector select", r, true, "Story #1 is now in Housing.")
	edits := find(f.api.since(n), "PATCH", "channels/"+reviewChannel+"/messages/"+cardID)
	if len(edits) != 1 || !strings.Contains(string(edits[0].Body), `"value":"housing","description":"housing","default":true`) {
		t.Fatalf("card redraw after the sector changed: %+v", edits)
	}

	// The editor approves by button.
	n = f.api.count()
	r = f.interact(f.button(editor, "sharednews:approve:1", cardID))
	expect(t, "editor presses Approve", r, true, "Approved #1", "into Housing")
	edits = find(f.api.since(n), "PATCH", "channels/"+reviewChannel+"/messages/"+cardID)
	if len(edits) != 1 {
		t.Fatalf("card update: %+v", f.api.since(n))
	}
	decided := jsonOf(t, edits[0])
	if !strings.Contains(decided["content"].(string), "Approved by @ed into Housing") || len(decided["components"].([]any)) != 0 {
		t.Errorf("decided card: %s", edits[0].Body)
	}
	if dms := find(f.api.since(n), "POST", "channels/dm"+memberID+"/messages"); len(dms) != 1 ||
		!strings.Contains(string(dms[0].Body), "Good news: your story #1") {
		t.Errorf("submitter DM: %+v", f.api.since(n))
	}
	if s, _ := f.bot.Story(context.Background(), 1); s.State != digest.StateApproved || s.Sector != "housing" {
		t.Errorf("story: %s in %s", s.State, s.Sector)
	}

	// Pressing a stale button again is answered, not acted on twice.
	r = f.interact(f.button(roleEditor, "sharednews:approve:1", cardID))
	expect(t, "second Approve", r, true, "already approved")

	// Reject by button on a second story: the form asks for the reason,
	// which the card and the submitter are told.
	cardID2, _ := f.postedCard(page.URL + "/other")
	n = f.api.count()
	expect(t, "member presses Reject", f.interact(f.button(member, "sharednews:reject:2", cardID2)), true, "Only editors can reject stories.")
	form := f.interact(f.button(roleEditor, "sharednews:reject:2", cardID2))
	if form.Type != int(discordgo.InteractionResponseModal) || form.Data.CustomID != "sharednews:rejectform:2" ||
		form.Data.Title != "Reject story #2" || !strings.Contains(form.raw, `"custom_id":"reason"`) ||
		!strings.Contains(form.raw, `"required":false`) || !strings.Contains(form.raw, `"max_length":500`) {
		t.Fatalf("Reject did not open the reason form: %s", form.raw)
	}
	if s, _ := f.bot.Story(context.Background(), 2); s.State != digest.StateQueued {
		t.Fatalf("opening the form decided the story: %s", s.State)
	}
	if calls := f.api.since(n); len(calls) != 0 {
		t.Errorf("opening the form made REST calls: %+v", calls)
	}
	r = f.interact(f.modal(roleEditor, "sharednews:rejectform:2", cardID2, labelInput("reason", "  Covered last week  ")))
	expect(t, "editor sends the Reject form", r, true, "Rejected #2")
	edits = find(f.api.since(n), "PATCH", "channels/"+reviewChannel+"/messages/"+cardID2)
	if len(edits) != 1 || !strings.Contains(string(edits[0].Body), "Rejected by @rosa: Covered last week") ||
		!strings.Contains(string(edits[0].Body), `"color":`+jsonNumber(rejectedColour)) {
		t.Errorf("rejected card: %+v", edits)
	}
	if dms := find(f.api.since(n), "POST", "channels/dm"+memberID+"/messages"); len(dms) != 1 ||
		!strings.Contains(string(dms[0].Body), "The editor said: “Covered last week”") {
		t.Errorf("the submitter was not told the reason: %+v", dms)
	}

	// A reason left out rejects all the same, in the older form shape too.
	cardID3, _ := f.postedCard(page.URL + "/third")
	expect(t, "Reject form without a reason", f.interact(f.modal(editor, "sharednews:rejectform:3", cardID3, legacyInput("reason", ""))),
		true, "Rejected #3")
	f.wantState("after a reject form without a reason", 3, digest.StateRejected)
}

// TestReviewByModal: Edit opens a form built from Label components; the
// form comes back in the newer Label shape and in the older action-row
// shape, and both edit the story and redraw the card.
func TestReviewByModal(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cardID, _ := f.postedCard(page.URL + "/story")

	expect(t, "member presses Edit", f.interact(f.button(member, "sharednews:edit:1", cardID)), true, "Only editors can edit stories.")
	r := f.interact(f.button(editor, "sharednews:edit:1", cardID))
	if r.Type != int(discordgo.InteractionResponseModal) || !strings.HasPrefix(r.Data.CustomID, "sharednews:editform:1:") || r.Data.Title != "Edit story #1" {
		t.Fatalf("Edit: %s", r.raw)
	}
	var form struct {
		Data rawComponent `json:"data"`
	}
	json.Unmarshal([]byte(r.raw), &form)
	shown := map[string]string{}
	for _, c := range form.Data.Components {
		if c.Type != labelComponentType || c.Component == nil {
			t.Fatalf("form component is not a Label: %+v", c)
		}
	}
	form.Data.collect(shown)
	if shown["headline"] != "Two NHS trusts agree to share a chief executive" || shown["summary"] != "The hospital trusts expect savings." {
		t.Errorf("form values: %v", shown)
	}
	st, _ := f.bot.Story(context.Background(), 1)
	if strings.Contains(r.raw, `"disabled"`) || !strings.Contains(r.raw, `"value":"`+st.Sector+`","description":"`+st.Sector+`","default":true`) {
		t.Errorf("form sector select: %s", r.raw)
	}

	// A member cannot submit the form either (forms can be replayed).
	expect(t, "member submits", f.interact(f.modal(member, "sharednews:editform:1", cardID, labelInput("headline", "Pwned"))),
		true, "Only editors can edit stories.")

	// The Label shape.
	n := f.api.count()
	r = f.interact(f.modal(editor, "sharednews:editform:1", cardID,
		labelInput("headline", "Two NHS trusts will share one chief executive"),
		labelInput("summary", "The hospital trusts expect savings."),
		labelSelect("sector", "blue-light"),
		labelInput("commentary", "A first for the region.\nA second paragraph, typed after a line break.")))
	expect(t, "Label form", r, true, "Updated the headline, sector and commentary of #1.")
	s, _ := f.bot.Story(context.Background(), 1)
	if s.Headline != "Two NHS trusts will share one chief executive" || s.Sector != "blue-light" ||
		s.Commentary != "A first for the region.\n\nA second paragraph, typed after a line break." {
		t.Errorf("story after the Label form: %+v", s)
	}
	if edits := find(f.api.since(n), "PATCH", "channels/"+reviewChannel+"/messages/"+cardID); len(edits) != 1 ||
		!strings.Contains(string(edits[0].Body), "Two NHS trusts will share one chief executive") {
		t.Errorf("card redraw: %+v", edits)
	}

	// The legacy shape: action rows of text inputs.
	r = f.interact(f.modal(editor, "sharednews:editform:1", cardID,
		legacyInput("headline", "Two NHS trusts will share one chief executive"),
		legacyInput("summary", "Savings of £2m a year are expected.")))
	expect(t, "legacy form", r, true, "Updated the summary of #1.")
	if s, _ := f.bot.Story(context.Background(), 1); s.Summary != "Savings of £2m a year are expected." {
		t.Errorf("summary: %q", s.Summary)
	}

	// Refusals come back as problems and change nothing else.
	r = f.interact(f.modal(editor, "sharednews:editform:1", cardID, legacyInput("headline", "  ")))
	expect(t, "empty headline", r, true, "⚠️", "A headline cannot be empty.")
	r = f.interact(f.modal(editor, "sharednews:editform:1", cardID, labelInput("commentary", "Noted."), labelInput("sector", "helth")))
	expect(t, "a typo among changes", r, true, "Updated the commentary of #1, but: Unknown sector `helth`. Did you mean `health`?")
	expect(t, "no change", f.interact(f.modal(editor, "sharednews:editform:1", cardID, labelInput("commentary", "Noted."))),
		true, "Nothing changed in #1.")
	expect(t, "someone else's form", f.interact(f.modal(editor, "cool_modal", cardID)), true, bot.StaleForm)

	// Then the editor approves: the round trip ends as by buttons.
	expect(t, "approve", f.interact(f.button(editor, "sharednews:approve:1", cardID)), true, "Approved #1", "into Blue Light Services")
}

// TestForeignControlsAreRefused: a control that is not the bot's, or
// names an action it does not have, is refused in a sentence to the
// presser alone, naming the bot by its configured name, and the story is
// left as it was.
func TestForeignControlsAreRefused(t *testing.T) {
	f := newFixture(t, func(c *config.Config, _ *Options) { c.Bot.Name = "Council Digest" })
	page := pageServer(t, 0, nil)
	cardID, _ := f.postedCard(page.URL + "/story")
	for _, id := range []string{"click_one", "sharednews:frob:1", "sharednews:approve:0"} {
		expect(t, id, f.interact(f.button(editor, id, cardID)), true, "That control is not one of Council Digest's, or is out of date.")
	}
	f.wantState("after controls that are not ours", 1, digest.StateQueued)
}

// TestSubmitterWithClosedDirectMessages: the submitter does not accept
// direct messages (Discord answers 50007). The decision stands, and the
// editor who made it is told that the submitter could not be, so that
// they can say it another way; a submitter who can be told is, and the
// editor hears nothing more.
func TestSubmitterWithClosedDirectMessages(t *testing.T) {
	f := newFixtureWithAPI(t, discordtest.Options{ClosedDMs: []string{memberID}}, nil)
	page := pageServer(t, 0, nil)
	cardID, _ := f.postedCard(page.URL + "/one")
	f.postedCard(page.URL + "/two")

	r := f.interact(f.modal(editor, "sharednews:rejectform:1", cardID, labelInput("reason", "Covered last week")))
	expect(t, "reject", r, true, "Rejected #1", "could not tell @Mason", "direct messages")
	f.wantState("after a reject the submitter could not be told of", 1, digest.StateRejected)
	expect(t, "approve by command", f.say(editor, "approve", num("id", 2)), true, "Approved #2", "could not tell @Mason")

	// Someone who takes direct messages is told, and the editor hears
	// nothing of it.
	cardID3, _ := f.postedCardBy(roleEditor, page.URL+"/three")
	r = f.interact(f.button(editor, "sharednews:approve:3", cardID3))
	expect(t, "approve a story by someone who takes DMs", r, true, "Approved #3")
	if strings.Contains(r.text(), "could not tell") {
		t.Errorf("the editor was told of a failure that did not happen: %s", r.text())
	}
}

// TestOutOfDateFormIsRefused: a submitted form whose custom_id the bot
// cannot place (drawn by an older version of it) is refused to the editor
// alone in the bot's one sentence for it, the words Slack shows in such a
// form, and the story is left as it was.
func TestOutOfDateFormIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cardID, _ := f.postedCard(page.URL + "/story")
	for _, id := range []string{"sharednews:editform:x", "sharednews:rejectform:1:a:b", "sharednews:frobform:1"} {
		r := f.interact(f.modal(editor, id, cardID, labelInput(bot.FieldReason, "Covered last week")))
		expect(t, id, r, true, "⚠️ This form is out of date; close it and open it again.")
	}
	f.wantState("after out-of-date forms", 1, digest.StateQueued)
}

// TestSectorSelectWithNothingChosen: a card's sector select sent with no
// value is answered by the bot, as Slack's is: a member is told only
// editors may edit stories (Discord used to answer anyone "Choose a
// sector." before asking who pressed), an editor that no sector was
// given; the story keeps its sector.
func TestSectorSelectWithNothingChosen(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cardID, _ := f.postedCard(page.URL + "/story")
	before, _ := f.bot.Story(context.Background(), 1)
	expect(t, "a member", f.interact(f.button(member, "sharednews:sector:1", cardID)), true, "⚠️ Only editors can edit stories.")
	expect(t, "an editor", f.interact(f.button(editor, "sharednews:sector:1", cardID)), true, "⚠️ No sector given.")
	if s, _ := f.bot.Story(context.Background(), 1); s.Sector != before.Sector || s.State != digest.StateQueued {
		t.Errorf("story 1 moved: %q %s (was %q)", s.Sector, s.State, before.Sector)
	}
}

// TestDecidedCardMarkFollowsTheVerdict: a decided card's mark and colour
// say how the story fared (bot.ReviewCard.Verdict), whatever the outcome's
// words: approved or published green with ✅, rejected red with ❌; a
// decided card whose story stands otherwise is marked ℹ️ in its sector's
// colour, as Slack marks it (Discord marked it approved).
func TestDecidedCardMarkFollowsTheVerdict(t *testing.T) {
	waiting := cardPayload(bot.ReviewCard{Story: digest.Story{ID: 3, Headline: "Councils merge", Sector: "health"}}, testSectors(), time.UTC)
	for _, c := range []struct {
		state   digest.State
		outcome string
		mark    string
		colour  int
	}{
		{digest.StateApproved, "Filed by @ed into Health", "✅ ", approvedColour},
		{digest.StatePublished, "In edition 41", "✅ ", approvedColour},
		{digest.StateRejected, "Approved by @ed, then rejected by @jo", "❌ ", rejectedColour},
		{digest.StateNewswire, "Sent back to the newswire", "ℹ️ ", waiting.Embeds[0].Color},
	} {
		card := bot.ReviewCard{Story: digest.Story{ID: 3, Headline: "Councils merge", Sector: "health", State: c.state}, Outcome: c.outcome}
		p := cardPayload(card, testSectors(), time.UTC)
		if !strings.HasPrefix(p.Content, c.mark+"**"+c.outcome) || p.Embeds[0].Color != c.colour {
			t.Errorf("%s card %q: %q in colour %#x, want the mark %q and colour %#x", c.state, c.outcome, p.Content, p.Embeds[0].Color, c.mark, c.colour)
		}
	}
}
