package bot

import (
	"context"
	"strings"
	"testing"
)

// TestTypedLineBreaksLeaveNoBackslash: a line break typed as `\n` starts
// a paragraph in an intro or commentary (a space in a headline or
// summary), but typed as `\\n` (a doubled backslash, as a shell, a script
// or a chat client's escaping leaves it) or as `\r\n` it left a stray
// backslash (or "\r") in the published text. Each is one break now, the
// same in a command's arguments and in a form.
func TestTypedLineBreaksLeaveNoBackslash(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	f.say(member, "submit "+page.URL+"/a health")
	typed := `One.\\nTwo. \r\n Three.\n\\\nFour.`
	const paragraphs = "One.\n\nTwo.\n\nThree.\n\nFour."

	for _, cmd := range []string{"intro " + typed, "note 1 " + typed, "edit 1 headline " + typed, "edit 1 summary " + typed} {
		if r := f.say(editor, cmd); tone(r) != Success {
			t.Fatalf("%s: %q", cmd, text(r))
		}
	}
	rec, err := f.store.Draft(ctx)
	if err != nil || rec.Edition.Intro != paragraphs {
		t.Errorf("intro %q (%v), want %q", rec.Edition.Intro, err, paragraphs)
	}
	st, err := f.store.Story(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	const oneLine = "One. Two. Three. Four."
	if st.Commentary != paragraphs || st.Headline != oneLine || st.Summary != oneLine {
		t.Errorf("by command: commentary %q, headline %q, summary %q; want %q and %q", st.Commentary, st.Headline, st.Summary, paragraphs, oneLine)
	}

	// The same through the forms.
	sent := func(values map[string]string) func(string) (string, bool) {
		return func(name string) (string, bool) { v, ok := values[name]; return v, ok }
	}
	f.bot.SubmitForm(ctx, editor, FormSubmission{Kind: IntroForm, Value: sent(map[string]string{FieldIntro: "A" + typed})})
	if rec, _ := f.store.Draft(ctx); rec.Edition.Intro != "A"+paragraphs {
		t.Errorf("intro form: %q", rec.Edition.Intro)
	}
	res := f.bot.SubmitForm(ctx, editor, FormSubmission{Kind: NoteForm, StoryID: st.ID, Mark: FormMark(st),
		Value: sent(map[string]string{FieldCommentary: "B" + typed})})
	if st, _ = f.store.Story(ctx, 1); IsProblem(res.Reply) || st.Commentary != "B"+paragraphs {
		t.Errorf("commentary form: %q; commentary %q", text(res.Reply), st.Commentary)
	}
	res = f.bot.SubmitForm(ctx, editor, FormSubmission{Kind: EditForm, StoryID: st.ID, Mark: FormMark(st),
		Value: sent(map[string]string{FieldHeadline: "C" + typed, FieldSummary: "D" + typed, FieldSector: st.Sector, FieldCommentary: st.Commentary})})
	if st, _ = f.store.Story(ctx, 1); IsProblem(res.Reply) || st.Headline != "C"+oneLine || st.Summary != "D"+oneLine {
		t.Errorf("edit form: %q; headline %q, summary %q", text(res.Reply), st.Headline, st.Summary)
	}
}

// TestTypedLineBreakInAReasonOrNote: a reject reason or a submission's
// note typed with `\n` reached the submitter, the card and the queue as
// the two characters ("Not relevant\nsorry"); each is one paragraph, as
// a headline is, so the break is a space.
func TestTypedLineBreakInAReasonOrNote(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+`/a health For the\nhealth section`); tone(r) != Success {
		t.Fatal(text(r))
	}
	st, err := f.store.Story(ctx, 1)
	if err != nil || st.SubmitNote != "For the health section" {
		t.Errorf("note %q (%v), want %q", st.SubmitNote, err, "For the health section")
	}
	if r := f.say(editor, `reject 1 Not relevant\nsorry`); tone(r) != Success {
		t.Fatal(text(r))
	}
	if st, _ = f.store.Story(ctx, 1); st.RejectReason != "Not relevant sorry" {
		t.Errorf("reason %q, want %q", st.RejectReason, "Not relevant sorry")
	}
}

// TestSubmitLinkCutOrRunOnUnseen: a zero-width space pasted inside a link
// ends a word as a space does, so the site's home page was queued with the
// rest of the link for a note; a `\n` typed right after the link was read
// into it. Each is refused, saying what was seen, and nothing is queued.
func TestSubmitLinkCutOrRunOnUnseen(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	for typed, want := range map[string]string{
		page.URL + "/\u200bnews/1 health": "That link has an invisible character in it, pasted with it, after `" + page.URL + "/`: did you mean `" + page.URL + "/news/1`? Submit it again without it.",
		page.URL + "/a\x07b":              "That link has an invisible character in it, pasted with it, after `" + page.URL + "/a`: did you mean `" + page.URL + "/ab`?",
		page.URL + `/a\nhealth`:           "That link runs into a line break typed as `\\n`: put a space after the link, before the sector or note: `" + page.URL + "/a health`.",
	} {
		if r := f.say(member, "submit "+typed); tone(r) != Problem || !strings.Contains(text(r), want) {
			t.Errorf("submit %q: %q\nwant %q", typed, text(r), want)
		}
	}
	if n, err := f.store.QueueSize(context.Background()); err != nil || n != 0 {
		t.Errorf("queued %d (%v), want none", n, err)
	}
	// A link and its sector apart, and a quoted link, are as before.
	if r := f.say(member, "submit \""+page.URL+"/q\" health"); tone(r) != Success {
		t.Errorf("quoted link: %q", text(r))
	}
	if r := f.say(member, "submit "+page.URL+"/c health"); tone(r) != Success {
		t.Errorf("plain link: %q", text(r))
	}
}
