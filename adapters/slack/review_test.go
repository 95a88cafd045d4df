package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// cardUpdates returns the chat.update calls for one card.
func (f *fixture) cardUpdates(ref string) []slacktest.Call {
	channel, ts, _ := strings.Cut(ref, "/")
	var out []slacktest.Call
	for _, c := range f.slack.Calls("chat.update") {
		if c.Form.Get("channel") == channel && c.Form.Get("ts") == ts {
			out = append(out, c)
		}
	}
	return out
}

// dmsTo returns the chat.postMessage calls into a user's direct messages.
func (f *fixture) dmsTo(user string) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range f.slack.Calls("chat.postMessage") {
		if c.Form.Get("channel") == "D"+user {
			out = append(out, c)
		}
	}
	return out
}

func (f *fixture) story(id int64) digest.Story {
	f.t.Helper()
	s, err := f.store.Story(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// TestReviewRoundTrip: a member submits; the card appears in the review
// channel with the three buttons; an editor picks another sector on the card
// and presses Approve; the story is in the draft under that sector, the card
// is updated in place to say who did what, and the submitter is told.
func TestReviewRoundTrip(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Two NHS trusts agree to share a chief executive", "The trusts expect savings.", "HSJ")
	id, ref := f.submit(page.URL+"/story", "health A good one")

	card := f.slack.Calls("chat.postMessage")[0]
	blocks := blocksOf(t, card)
	text := allText(blocks)
	for _, want := range []string{"*<" + page.URL + "/story|Two NHS trusts agree to share a chief executive>*",
		"The trusts expect savings.", "HSJ", "submitted by @Ana", "*Note:* A good one", "*Sector:* Health &amp; Social Care",
		"New in the review queue: #1"} {
		if !strings.Contains(text, want) {
			t.Errorf("card lacks %q:\n%s", want, text)
		}
	}
	actions := blocks[len(blocks)-1]
	if actions["type"] != "actions" || actions["block_id"] != reviewBlockID(id) {
		t.Fatalf("last block = %v", actions)
	}
	var ids []string
	for _, e := range actions["elements"].([]any) {
		el := e.(map[string]any)
		ids = append(ids, el["action_id"].(string))
		if el["type"] == "button" && el["value"] != "1" {
			t.Errorf("button %s value %v, want the story ID", el["action_id"], el["value"])
		}
	}
	if strings.Join(ids, ",") != "sharednews:sector,sharednews:approve,sharednews:reject,sharednews:edit" {
		t.Errorf("card controls = %v", ids)
	}

	press, path := f.press(editorID, actionApprove, id, ref, "local-government")
	if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, press)); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("ack: %d %q", rec.Code, rec.Body)
	}
	adaptertest.WaitFor(t, "the card update and the message to the submitter", func() bool {
		return len(f.cardUpdates(ref)) == 1 && len(f.dmsTo(memberID)) == 1
	})
	if s := f.story(id); s.State != digest.StateApproved || s.Sector != "local-government" || s.DecidedBy.ID != editorID {
		t.Errorf("story after Approve: %+v", s)
	}
	draft, err := f.bot.DraftEdition(context.Background())
	if err != nil || draft.StoryCount() != 1 || draft.Sections[0].Sector.Slug != "local-government" {
		t.Errorf("draft = %+v, %v", draft, err)
	}
	updated := allText(blocksOf(t, f.cardUpdates(ref)[0]))
	if !strings.Contains(updated, "Approved by @Ed into Local Government") || strings.Contains(updated, actionApprove) {
		t.Errorf("updated card should show the outcome instead of the buttons:\n%s", updated)
	}
	if dm := allText(blocksOf(t, f.dmsTo(memberID)[0])); !strings.Contains(dm, "your story #1") || !strings.Contains(dm, "approved") {
		t.Errorf("submitter told: %s", dm)
	}
	if n := len(f.slack.Responses(path)); n != 0 {
		t.Errorf("a successful press needs no answer beyond the card; got %d", n)
	}

	// Pressing Approve again (a second editor, a stale card) is refused with
	// the reason, to the presser only.
	again, path := f.press(groupieID, actionApprove, id, ref, "")
	f.sendSigned("/slack/interactions", formType, interactionForm(t, again))
	adaptertest.WaitFor(t, "the refusal", func() bool { return len(f.slack.Responses(path)) == 1 })
	ans := f.slack.Responses(path)[0].Body
	if ans["response_type"] != "ephemeral" || ans["replace_original"] != false ||
		!strings.Contains(allText(ans), "Story #1 is already approved for the next edition by @Ed") {
		t.Errorf("second approve: %v", ans)
	}
}

// TestNonEditorPressingApproveIsRefused: the check is on the server; the
// member gets an ephemeral refusal and nothing changes.
func TestNonEditorPressingApproveIsRefused(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "A story", "Summary", "Site")
	id, ref := f.submit(page.URL+"/a", "")
	verbs := map[string]string{actionApprove: "approve stories", actionReject: "reject stories",
		actionEdit: "edit stories", actionSector: "edit stories"}
	for _, action := range []string{actionApprove, actionReject, actionEdit, actionSector} {
		press, path := f.press(adminID, action, id, ref, "housing")
		if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, press)); rec.Code != http.StatusOK {
			t.Fatalf("%s ack: %d", action, rec.Code)
		}
		adaptertest.WaitFor(t, "the refusal of "+action, func() bool { return len(f.slack.Responses(path)) == 1 })
		ans := f.slack.Responses(path)[0].Body
		if ans["response_type"] != "ephemeral" || !strings.Contains(allText(ans), "Only editors can "+verbs[action]+".") {
			t.Errorf("%s by a workspace admin: %v", action, ans)
		}
	}
	if s := f.story(id); s.State != digest.StateQueued || s.Sector == "housing" {
		t.Errorf("story changed: %+v", s)
	}
	if n := len(f.slack.Calls("chat.update")) + len(f.slack.Calls("views.open")); n != 0 {
		t.Errorf("refused presses updated a card or opened a form (%d calls)", n)
	}
}

// TestEditForm: Edit opens a modal holding the story's fields; submitting it
// changes each edited field through bot.Edit and redraws the card; a
// refused value is shown under its field and nothing is closed.
func TestEditForm(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Old summary", "LocalGov")
	id, ref := f.submit(page.URL+"/a", "local")

	press, open := f.openForm(groupieID, actionEdit, id, ref)
	if open["trigger_id"] != press["trigger_id"] {
		t.Errorf("views.open trigger %v, want %v", open["trigger_id"], press["trigger_id"])
	}
	view := open["view"].(map[string]any)
	if view["callback_id"] != callbackEdit || view["title"].(map[string]any)["text"] != "Edit story #1" {
		t.Errorf("view = %v", view)
	}
	formText := allText(view)
	for _, want := range []string{"Councils merge", "Old summary", "local-government", "Commentary"} {
		if !strings.Contains(formText, want) {
			t.Errorf("edit form lacks %q", want)
		}
	}
	meta := view["private_metadata"].(string)
	var fm formMeta
	if err := json.Unmarshal([]byte(meta), &fm); err != nil || fm.Story != id || fm.Card != ref {
		t.Fatalf("private_metadata %q", meta)
	}

	// A headline over the limit is refused in the form.
	bad := f.submitView(editorID, callbackEdit, meta, map[string]string{
		bot.FieldHeadline: strings.Repeat("x", 301), bot.FieldSummary: "Old summary", bot.FieldSector: "local-government"})
	rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, bad))
	var resp map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp["response_action"] != "errors" ||
		!strings.Contains(allText(resp["errors"]), "A headline can be at most 300 characters") {
		t.Errorf("over-long headline: %d %s", rec.Code, rec.Body)
	}

	ok := f.submitView(editorID, callbackEdit, meta, map[string]string{
		bot.FieldHeadline: "Two district councils merge", bot.FieldSummary: "Old summary", bot.FieldSector: "housing",
		bot.FieldCommentary: "Another pair takes the plunge.\nA second paragraph, typed after a line break."})
	rec = f.sendSigned("/slack/interactions", formType, interactionForm(t, ok))
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("good submission: %d %s", rec.Code, rec.Body)
	}
	s := f.story(id)
	if s.Headline != "Two district councils merge" || s.Sector != "housing" ||
		s.Commentary != "Another pair takes the plunge.\n\nA second paragraph, typed after a line break." ||
		s.Summary != "Old summary" || s.State != digest.StateQueued {
		t.Errorf("story after the form: %+v", s)
	}
	adaptertest.WaitFor(t, "the card redrawn", func() bool { return len(f.cardUpdates(ref)) == 1 })
	card := allText(blocksOf(t, f.cardUpdates(ref)[0]))
	for _, want := range []string{"Two district councils merge", "Edited by @Ed", "*Sector:* Housing", actionApprove} {
		if !strings.Contains(card, want) {
			t.Errorf("redrawn card lacks %q:\n%s", want, card)
		}
	}

	// A member cannot use a form even if they got hold of one.
	sneaky := f.submitView(memberID, callbackEdit, meta, map[string]string{bot.FieldHeadline: "Hijacked"})
	rec = f.sendSigned("/slack/interactions", formType, interactionForm(t, sneaky))
	if !strings.Contains(rec.Body.String(), "Only editors can edit stories.") || f.story(id).Headline == "Hijacked" {
		t.Errorf("member's form submission: %s", rec.Body)
	}
}

// TestRejectForm: Reject asks for a reason; the submission rejects the
// story, updates the card and tells the submitter the reason.
func TestRejectForm(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Old news", "Summary", "Site")
	id, ref := f.submit(page.URL+"/old", "")

	_, open := f.openForm(editorID, actionReject, id, ref)
	view := open["view"].(map[string]any)
	if view["callback_id"] != callbackReject || !strings.Contains(allText(view), "the submitter is told, with your reason if you give one") {
		t.Fatalf("reject form = %v", view)
	}
	sub := f.submitView(editorID, callbackReject, view["private_metadata"].(string), map[string]string{bot.FieldReason: "Covered last week"})
	if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, sub)); rec.Code != 200 || rec.Body.Len() != 0 {
		t.Fatalf("submission: %d %s", rec.Code, rec.Body)
	}
	adaptertest.WaitFor(t, "card and message", func() bool { return len(f.cardUpdates(ref)) == 1 && len(f.dmsTo(memberID)) == 1 })
	if s := f.story(id); s.State != digest.StateRejected || s.RejectReason != "Covered last week" {
		t.Errorf("story = %+v", s)
	}
	if card := allText(blocksOf(t, f.cardUpdates(ref)[0])); !strings.Contains(card, "Rejected by @Ed: Covered last week") {
		t.Errorf("card: %s", card)
	}
	if dm := allText(blocksOf(t, f.dmsTo(memberID)[0])); !strings.Contains(dm, "The editor said: “Covered last week”") {
		t.Errorf("submitter told: %s", dm)
	}

	// Rejecting it again through a stale form: the editor hears why, in the
	// review channel, privately. (That submission is a request of its own,
	// a moment later; the same request sent again is a replay, refused.)
	f.now = f.now.Add(time.Second)
	f.sendSigned("/slack/interactions", formType, interactionForm(t, sub))
	adaptertest.WaitFor(t, "the refusal", func() bool { return len(f.slack.Calls("chat.postEphemeral")) == 1 })
	e := f.slack.Calls("chat.postEphemeral")[0]
	if e.Form.Get("channel") != reviewChan || e.Form.Get("user") != editorID || !strings.Contains(e.Form.Get("text"), "already rejected") {
		t.Errorf("refusal: %v", e.Form)
	}
}

// TestSectorSelectFilesTheStory: choosing a sector on the card files the
// story there at once, for an editor.
func TestSectorSelectFilesTheStory(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "A story", "Summary", "Site")
	id, ref := f.submit(page.URL+"/a", "")
	press := f.selectSector(editorID, id, ref, "education", "Education")
	f.sendSigned("/slack/interactions", formType, interactionForm(t, press))
	adaptertest.WaitFor(t, "the sector change and the card redrawn", func() bool {
		return f.story(id).Sector == "education" && len(f.cardUpdates(ref)) == 1
	})
	card := allText(blocksOf(t, f.cardUpdates(ref)[0]))
	if !strings.Contains(card, "*Sector:* Further/Higher Education") || !strings.Contains(card, "Sector changed by @Ed") {
		t.Errorf("redrawn card:\n%s", card)
	}
}

// expiredTriggers answers every views.open as Slack does once the press's
// trigger_id has expired (three seconds after the press).
type expiredTriggers struct{ rt http.RoundTripper }

func (e expiredTriggers) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/views.open") {
		return e.rt.RoundTrip(r)
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"ok":false,"error":"expired_trigger_id"}`)), Request: r}, nil
}

// TestFormThatCannotOpenNamesTheCommand: when Slack will not open the
// Reject or Edit form, the editor is told to type the command instead,
// spelt as this workspace's slash command is configured (slack.command),
// with the story's number.
func TestFormThatCannotOpenNamesTheCommand(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{
		config:    func(c *config.Config) { c.Slack.Command = "/news" },
		transport: func(rt http.RoundTripper) http.RoundTripper { return expiredTriggers{rt} },
	})
	page := pageServer(t, "Old news", "Summary", "Site")
	id, ref := f.submit(page.URL+"/old", "")
	for _, action := range []string{actionReject, actionEdit} {
		press, path := f.press(editorID, action, id, ref, "")
		f.sendSigned("/slack/interactions", formType, interactionForm(t, press))
		adaptertest.WaitFor(t, "the refusal", func() bool { return len(f.slack.Responses(path)) == 1 })
		got := allText(f.slack.Responses(path)[0].Body)
		want := fmt.Sprintf("`/news %s %d …`", strings.TrimPrefix(action, "sharednews:"), id)
		if !strings.Contains(got, "could not be opened") || !strings.Contains(got, want) {
			t.Errorf("%s: the answer does not name %s:\n%s", action, want, got)
		}
	}
}

// TestDecidedCardIconFollowsTheState: a decided card's icon says what
// happened to the story, as Discord's colour does, whatever words the
// outcome sentence starts with.
func TestDecidedCardIconFollowsTheState(t *testing.T) {
	for _, c := range []struct {
		state   digest.State
		outcome string
		icon    string
	}{
		{digest.StateApproved, "Filed by @ed into Health", "✅ "},
		{digest.StatePublished, "In edition 41", "✅ "},
		{digest.StateRejected, "Approved by @ed, then rejected by @jo", "❌ "},
		{digest.StateRejected, "Declined by @ed", "❌ "},
	} {
		card := bot.ReviewCard{Story: digest.Story{ID: 3, Headline: "Councils merge", State: c.state}, Outcome: c.outcome}
		blocks := cardMessage(card, nil, time.UTC).Blocks
		var outcome string
		for _, b := range blocks {
			if text := allText(toAny(t, b)); strings.Contains(text, c.outcome) {
				outcome = text
			}
		}
		if !strings.Contains(outcome, c.icon+c.outcome) {
			t.Errorf("%s card %q shows %q, want the icon %q", c.state, c.outcome, outcome, c.icon)
		}
	}
}

// TestCardControlsAreTheOutlines: Slack draws a waiting card's controls
// from its outline, in its order, each action ID the bot's action after
// "sharednews:" (PRODUCT.md's for the buttons), each button's value the
// story's ID, its words and style the outline's; the sector select's
// placeholder is the outline's words too (Slack said "Sector", Discord
// "Move to another sector"). A decided card has no controls.
func TestCardControlsAreTheOutlines(t *testing.T) {
	sectors := digest.Sectors(config.Default().DigestSectors())
	card := adaptertest.Cards()["waiting"]
	o := card.Outline(time.UTC)
	var actions *slackgo.ActionBlock
	for _, b := range cardMessage(card, sectors, time.UTC).Blocks {
		if a, ok := b.(*slackgo.ActionBlock); ok {
			actions = a
		}
	}
	if actions == nil || len(actions.Elements.ElementSet) != len(o.Controls) {
		t.Fatalf("the card's actions %+v, want one control each of %+v", actions, o.Controls)
	}
	styles := map[bot.ControlStyle]slackgo.Style{bot.Primary: "primary", bot.Danger: "danger", bot.Secondary: ""}
	for i, c := range o.Controls {
		switch el := actions.Elements.ElementSet[i].(type) {
		case *slackgo.SelectBlockElement:
			if c.Style != bot.SectorChoice || el.ActionID != "sharednews:"+c.Action || el.Placeholder.Text != c.Label ||
				el.InitialOption == nil || el.InitialOption.Value != card.Story.Sector {
				t.Errorf("control %d %+v is drawn as the select %s %q starting at %+v", i, c, el.ActionID, el.Placeholder.Text, el.InitialOption)
			}
		case *slackgo.ButtonBlockElement:
			if c.Style == bot.SectorChoice || el.ActionID != "sharednews:"+c.Action || el.Text.Text != c.Label ||
				el.Style != styles[c.Style] || el.Value != fmt.Sprint(card.Story.ID) {
				t.Errorf("control %d %+v is drawn as the button %s %q (%q, value %s)", i, c, el.ActionID, el.Text.Text, el.Style, el.Value)
			}
		default:
			t.Errorf("control %d %+v is drawn as %T", i, c, el)
		}
	}
	for _, b := range cardMessage(adaptertest.Cards()["approved"], sectors, time.UTC).Blocks {
		if _, ok := b.(*slackgo.ActionBlock); ok {
			t.Errorf("a decided card has controls: %+v", b)
		}
	}
}

// TestSectorSelectOnlyWhileTheSectorsFitOne: Slack refuses a static
// select of more than 100 options. Up to 100 sectors, the card and the
// edit form offer every one in a select, which starts at the story's
// sector; with more, none is left out of a select the editor trusts: the
// edit form asks for the sector by name (a text input, as Discord's does
// past its 25) and the card has no sector select (Approve keeps the
// story's sector; the form or `approve ID SECTOR` moves it).
func TestSectorSelectOnlyWhileTheSectorsFitOne(t *testing.T) {
	sectorsOf := func(n int) digest.Sectors {
		var sectors digest.Sectors
		for i := range n {
			sectors = append(sectors, digest.Sector{Slug: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("Sector %d", i)})
		}
		return sectors
	}
	st := digest.Story{ID: 7, URL: "https://example.org/a", Headline: "Councils merge", Sector: "s7"}
	card := bot.ReviewCard{Story: st}
	for _, n := range []int{maxOptions, maxOptions + 20} {
		sectors := sectorsOf(n)
		var sel *slackgo.SelectBlockElement
		for _, b := range cardMessage(card, sectors, time.UTC).Blocks {
			if a, ok := b.(*slackgo.ActionBlock); ok {
				for _, el := range a.Elements.ElementSet {
					if s, ok := el.(*slackgo.SelectBlockElement); ok {
						sel = s
					}
				}
			}
		}
		form, err := json.Marshal(cardForm(bot.EditForm, formMeta{Story: 7}, st, sectors))
		if err != nil {
			t.Fatal(err)
		}
		typed := strings.Contains(string(form), `"type":"plain_text_input","action_id":"`+bot.FieldSector+`"`)
		if n > maxOptions {
			if sel != nil || !typed {
				t.Errorf("%d sectors: the card has a select (%v) or the form no text input for the sector (%v)", n, sel != nil, typed)
			}
			continue
		}
		if sel == nil || len(sel.Options) != n || sel.InitialOption == nil || sel.InitialOption.Value != "s7" || typed {
			t.Fatalf("%d sectors: the card's select %+v, or the form asks for the sector by name (%v)", n, sel, typed)
		}
	}
}
