package bot

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// An edit form sent back as the outline filled it changes nothing, even
// for a story whose text a form cannot show as stored: a headline over two
// lines, a summary with a tab and longer than MaxSummary (a feed's), and
// commentary in paragraphs. Each field's limit holds its value, so no
// platform refuses the form as shown.
func TestEditFormOutlineSentBackChangesNothing(t *testing.T) {
	f := newFixture(t, nil)
	ctx := t.Context()
	st, err := f.store.AddStory(ctx, digest.Story{URL: "https://example.org/shared", Source: "Example",
		Headline:   "Two councils\nshare a chief executive",
		Summary:    "Adur\tand Worthing. " + strings.Repeat("Shared services grow. ", 60),
		Commentary: "First thought.\n\nSecond thought.",
		Sector:     "health", State: digest.StateQueued})
	if err != nil {
		t.Fatal(err)
	}
	form := EditFormOutline(st)
	values := map[string]string{}
	for _, in := range form.Fields {
		if digest.UTF16Len(in.Value) > in.Limit {
			t.Errorf("%s: value of %d characters over its limit %d", in.Name, digest.UTF16Len(in.Value), in.Limit)
		}
		values[in.Name] = in.Value
	}
	changes := FormChanges(func(field string) (string, bool) { v, ok := values[field]; return v, ok }, f.bot.Sectors(), 100)
	changes.Drawn = FormMark(st)
	out := f.bot.EditStory(ctx, editor, st.ID, changes)
	if len(out.Changed) != 0 || len(out.Refused) != 0 {
		t.Fatalf("the form as shown changed %v, refused %v: %q", out.Changed, out.Refused, text(out.Reply))
	}
	got, err := f.store.Story(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != st.Headline || got.Summary != st.Summary || got.Commentary != st.Commentary || got.Sector != st.Sector {
		t.Errorf("story after the form: %+v, before %+v", got, st)
	}
}

// The commentary is worded the same in the edit form and the commentary
// form, and every field of every form has a label.
func TestFormOutlinesWordCommentaryOnce(t *testing.T) {
	st := digest.Story{ID: 3, Headline: "Trusts merge", Commentary: "Good."}
	var inEdit FormInput
	for _, in := range EditFormOutline(st).Fields {
		if in.Name == FieldCommentary {
			inEdit = in
		}
	}
	if note := NoteFormOutline(st).Fields[0]; note != inEdit || note.Hint == "" {
		t.Errorf("commentary in the edit form %+v, in its own form %+v", inEdit, note)
	}
	for _, form := range []FormOutline{EditFormOutline(st), RejectFormOutline(st), IntroFormOutline(""), NoteFormOutline(st)} {
		if form.Title == "" || form.Submit == "" || len(form.Fields) == 0 {
			t.Errorf("form %+v lacks a title, a button or fields", form)
		}
		for _, in := range form.Fields {
			if in.Name == "" || in.Label == "" || in.Limit <= 0 {
				t.Errorf("%s: field %+v lacks a name, label or limit", form.Title, in)
			}
		}
	}
}

// FormFor: intro, and note with its story's number, given without their
// text open a form showing the text as it stands, on a platform whose
// commands take one line; with their text, or without a story, they run
// as typed; a caller who may not, or a story that is not there, is
// refused instead of shown a form.
func TestFormForCommandsGivenWithoutTheirText(t *testing.T) {
	f := newFixture(t, nil)
	ctx := t.Context()
	st, err := f.store.AddStory(ctx, digest.Story{URL: "https://example.org/a", Headline: "Trusts merge",
		Commentary: "Good.", Sector: "health", State: digest.StateQueued})
	if err != nil {
		t.Fatal(err)
	}
	if r := f.bot.SetIntro(ctx, editor, "Hello.\nA busy week."); IsProblem(r) {
		t.Fatal(text(r))
	}
	for _, tc := range []struct {
		typed   string
		caller  Caller
		ok      bool
		form    *CommandForm // nil with ok: refused, saying refusal
		refusal string
	}{
		{"intro", editor, true, &CommandForm{Intro: "Hello.\n\nA busy week."}, ""},
		{"note 1", editor, true, &CommandForm{Story: st}, ""},
		{"note #1", editor, true, &CommandForm{Story: st}, ""},
		{"intro", member, true, nil, "Only editors can write the intro."},
		{"note 1", member, true, nil, "Only editors can edit stories."},
		{"note 99", editor, true, nil, "There is no story #99."},
		{"intro Typed here.", editor, false, nil, ""},
		{"note 1 Typed here.", editor, false, nil, ""},
		{"note", editor, false, nil, ""},
		{"note first", editor, false, nil, ""},
		{"news", editor, false, nil, ""},
	} {
		form, refused, ok := f.bot.FormFor(ctx, tc.caller, ParseCommand(tc.typed, ""), 4000)
		switch {
		case ok != tc.ok:
			t.Errorf("%q: ok %v, want %v", tc.typed, ok, tc.ok)
		case tc.form != nil && (form == nil || form.Intro != tc.form.Intro || form.Story.ID != tc.form.Story.ID ||
			form.Story.Commentary != tc.form.Story.Commentary):
			t.Errorf("%q: form %+v, want %+v (%q)", tc.typed, form, tc.form, text(refused))
		case tc.form == nil && (form != nil || !strings.Contains(text(refused), tc.refusal) || ok != IsProblem(refused)):
			t.Errorf("%q: form %+v, refused %q, want the refusal %q", tc.typed, form, text(refused), tc.refusal)
		}
	}
	// A text longer than the platform's input holds opens no form: the
	// editor is told how else to set it, in the caller's platform's words.
	for typed, want := range map[string]string{
		"intro":  "The intro has 20 characters, more than a form here can hold (5), so no form was opened",
		"note 1": "The commentary on #1 has 5 characters, more than a form here can hold (4), so no form was opened",
	} {
		limit := 5
		if typed == "note 1" {
			limit = 4
		}
		form, refused, ok := f.bot.FormFor(ctx, editor, ParseCommand(typed, ""), limit)
		if typedAs := f.bot.CommandWord("slack") + " " + strings.Fields(typed)[0]; form != nil || !ok || !IsProblem(refused) ||
			!strings.Contains(text(refused), want) || !strings.Contains(text(refused), "`"+typedAs) {
			t.Errorf("%q within %d: form %+v, refused %q, want %q and %q", typed, limit, form, text(refused), want, typedAs)
		}
	}
}

// TestFormChangesReadTheSectorSelectBack: a sector select carries a long
// slug by its prefix (digest.ChoiceValue at the platform's limit); the
// submitted form files the story under the slug, a sector typed where the
// sectors were too many for a select is taken as typed, and a field the
// form did not send is left alone.
func TestFormChangesReadTheSectorSelectBack(t *testing.T) {
	long := "regional-" + strings.Repeat("partnership-", 13) + "services"
	sectors := digest.Sectors{{Slug: "health"}, {Slug: long}}
	for value, want := range map[string]string{digest.ChoiceValue(long, 100): long, "health": "health", "housing": "housing"} {
		changes := FormChanges(func(field string) (string, bool) { return value, field == FieldSector }, sectors, 100)
		if changes.Sector == nil || *changes.Sector != want || changes.Headline != nil {
			t.Errorf("the select's %q read as %v (headline %v), want %q", value, changes.Sector, changes.Headline, want)
		}
	}
}

// SubmitForm, the one path from a platform's form to the bot: a Whole
// form (Slack's) shows each refused field's sentence under it and saves
// nothing; a refusal about no field (a form for no story, a member who is
// no editor) shows under its first field; a paragraph form that arrives
// without its one input is stale, and its text is left as it was.
func TestSubmitFormSaysWhereEachRefusalShows(t *testing.T) {
	f := newFixture(t, nil)
	ctx := t.Context()
	st := f.queued(t, "health", "Trusts merge")
	sent := func(values map[string]string) func(string) (string, bool) {
		return func(field string) (string, bool) { v, ok := values[field]; return v, ok }
	}
	edit := FormSubmission{Kind: EditForm, StoryID: st.ID, Mark: FormMark(st), ChoiceMax: 100, Whole: true,
		Value: sent(map[string]string{FieldHeadline: "", FieldCommentary: "Better."})}
	for _, tc := range []struct {
		name   string
		caller Caller
		form   FormSubmission
		want   map[string]string // field → the start of its sentence; nil: the form closes
	}{
		{"a refused field", editor, edit, map[string]string{FieldHeadline: "A headline cannot be empty."}},
		{"no editor", member, edit, map[string]string{FieldHeadline: "Only editors can edit stories."}},
		{"no story", editor, FormSubmission{Kind: RejectForm, Whole: true, Value: sent(nil)}, map[string]string{FieldReason: StaleForm}},
		{"no input", editor, FormSubmission{Kind: NoteForm, StoryID: st.ID, Whole: true, Value: sent(map[string]string{"text": "x"})},
			map[string]string{FieldCommentary: StaleForm}},
		{"not whole", editor, FormSubmission{Kind: IntroForm, Value: sent(nil)}, nil},
	} {
		res := f.bot.SubmitForm(ctx, tc.caller, tc.form)
		if len(res.Errors) != len(tc.want) || !IsProblem(res.Reply) {
			t.Errorf("%s: errors %q, reply %q; want %q", tc.name, res.Errors, text(res.Reply), tc.want)
		}
		for field, want := range tc.want {
			if !strings.HasPrefix(res.Errors[field], want) {
				t.Errorf("%s: under %s %q, want %q", tc.name, field, res.Errors[field], want)
			}
		}
	}
	if got, err := f.store.Story(ctx, st.ID); err != nil || got.Commentary != "" || got.Headline != "Trusts merge" {
		t.Errorf("after the refused forms: %+v, %v", got, err)
	}
	res := f.bot.SubmitForm(ctx, editor, FormSubmission{Kind: NoteForm, StoryID: st.ID, Mark: FormMark(st),
		Value: sent(map[string]string{FieldCommentary: "Better."})})
	if got, _ := f.store.Story(ctx, st.ID); IsProblem(res.Reply) || res.Errors != nil || got.Commentary != "Better." {
		t.Errorf("the commentary form: %q, %q; commentary now %q", text(res.Reply), res.Errors, got.Commentary)
	}
}

// TestWhichFormOpens: a card's Reject opens the reject form and its Edit
// the edit form (CardFormOutline), and a command's form is the commentary
// form when it is for a story, else the intro form (CommandForm.Kind and
// Outline), whichever platform draws them.
func TestWhichFormOpens(t *testing.T) {
	s := digest.Story{ID: 7, Headline: "Two councils share a chief executive", Commentary: "A pair."}
	for kind, want := range map[FormKind]string{RejectForm: "Reject story #7", EditForm: "Edit story #7"} {
		if got := CardFormOutline(kind, s).Title; got != want {
			t.Errorf("a card's form %d is %q, want %q", kind, got, want)
		}
	}
	note, intro := CommandForm{Story: s}, CommandForm{Intro: "A busy week."}
	if note.Kind() != NoteForm || note.Outline().Title != "Commentary on story #7" {
		t.Errorf("the form for a story's commentary is %d, %q", note.Kind(), note.Outline().Title)
	}
	for _, intro := range []CommandForm{intro, {}} { // a draft without an intro yet too
		if intro.Kind() != IntroForm || intro.Outline().Title != "The draft edition's intro" {
			t.Errorf("the form for the intro %q is %d, %q", intro.Intro, intro.Kind(), intro.Outline().Title)
		}
	}
}
