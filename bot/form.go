package bot

import (
	"context"
	"fmt"

	"github.com/sharednews/sharednews/digest"
)

// FormOutline is a form as every platform words it: its title, the
// button that sends it and its fields, in order. Adapters draw it with
// their platform's API (Slack's view, Discord's modal), clipping where a
// platform takes fewer characters, so the same form reads the same
// everywhere.
type FormOutline struct {
	Title  string
	Submit string
	Fields []FormInput
}

// FormInput is one field of a form: Name is its bot.Field name (the
// platform's input ID); Hint is the line under its label, Placeholder the
// text shown while it is empty; Limit its max_length (InputLimit); Value
// what it starts at, whole. A Choice field (the sector) is a select of
// the newsroom's sectors where the platform has one, else a one-line
// input.
type FormInput struct {
	Name, Label, Hint, Placeholder string
	Limit                          int
	Multiline, Required, Choice    bool
	Value                          string
}

// Widget is what a platform draws for a field of a form.
type Widget int

// Widgets.
const (
	WidgetText   Widget = iota // a text input, starting at the value whole
	WidgetSelect               // a select of the sectors, starting at the value
	WidgetNote                 // the line Note, in place of an input: the form leaves the field alone
)

// Widget is what a platform draws for the field, whose selects take at
// most maxOptions options and text inputs at most maxInput characters
// (UTF-16 code units): a choice is a select of the sectors while they fit
// one (digest.Sectors.Selectable), else a text input to type one in; a
// value longer than an input holds is a line saying so (Note).
func (in FormInput) Widget(sectors digest.Sectors, maxOptions, maxInput int) Widget {
	switch {
	case in.Choice && sectors.Selectable(maxOptions):
		return WidgetSelect
	case digest.UTF16Len(in.Value) > maxInput:
		return WidgetNote
	}
	return WidgetText
}

// Note is the line a form shows for a field drawn as WidgetNote: its
// label, strong, and what becomes of its value (Unshown).
func (in FormInput) Note() Line {
	return Line{{Kind: Strong, Text: in.Label + ":"}, {Text: " " + in.Unshown(digest.UTF16Len(in.Value))}}
}

// Unshown is what a form says in place of the input for a value of n
// characters, more than the platform's inputs hold (an imported story's
// summary has no limit): the form leaves the field as it is, since a form
// that showed the value cut would save it cut when the editor changed only
// another field.
func (in FormInput) Unshown(n int) string {
	return fmt.Sprintf("%d characters, more than a form can show; it is kept as it is.", n)
}

// FieldIntro is the name of the intro form's one field.
const FieldIntro = "intro"

// EditFormOutline is the form that corrects a story: headline, summary,
// sector and commentary, each starting at its value as the form shows it
// (see fieldMark), so that sending it back unchanged changes nothing.
func EditFormOutline(s digest.Story) FormOutline {
	headline, summary := digest.OneLine(s.Headline), digest.CleanText(s.Summary)
	return FormOutline{
		Title:  fmt.Sprintf("Edit story #%d", s.ID),
		Submit: "Save",
		Fields: []FormInput{
			{Name: FieldHeadline, Label: "Headline", Required: true, Value: headline, Limit: InputLimit(MaxHeadline, headline)},
			{Name: FieldSummary, Label: "Summary", Multiline: true, Value: summary, Limit: InputLimit(MaxSummary, summary)},
			{Name: FieldSector, Label: "Sector", Placeholder: "A sector's name or short name", Required: true, Choice: true,
				Value: s.Sector, Limit: InputLimit(100, s.Sector)}, // a slug may be longer (check-config warns)
			commentaryInput(s),
		},
	}
}

// commentaryInput is a story's commentary field, the same in the edit
// form and the commentary form.
func commentaryInput(s digest.Story) FormInput {
	value := digest.CleanText(s.Commentary)
	return FormInput{Name: FieldCommentary, Label: "Commentary",
		Hint:      "Shown above the story in the edition; each line break starts a new paragraph. Leave empty for none.",
		Multiline: true, Value: value, Limit: InputLimit(MaxCommentary, value)}
}

// NoteFormOutline is the form for a story's commentary alone, the one
// Discord opens for /shared note without its text.
func NoteFormOutline(s digest.Story) FormOutline {
	return FormOutline{Title: fmt.Sprintf("Commentary on story #%d", s.ID), Submit: "Save",
		Fields: []FormInput{commentaryInput(s)}}
}

// RejectFormOutline is the form that rejects a story, asking for the
// optional reason the submitter is told.
func RejectFormOutline(s digest.Story) FormOutline {
	return FormOutline{Title: fmt.Sprintf("Reject story #%d", s.ID), Submit: "Reject",
		Fields: []FormInput{{Name: FieldReason, Label: "Reason",
			Hint:        "Optional: the submitter is told, with your reason if you give one.",
			Placeholder: "Why “" + digest.OneLine(s.Headline) + "” is not for the edition",
			Multiline:   true, Limit: MaxReason}}}
}

// CardFormOutline is the form a review card's control opens for story s
// (FormOn): the reject form for RejectForm, else the edit form.
func CardFormOutline(kind FormKind, s digest.Story) FormOutline {
	if kind == RejectForm {
		return RejectFormOutline(s)
	}
	return EditFormOutline(s)
}

// IntroFormOutline is the form for the draft edition's intro, starting at
// the intro it has.
func IntroFormOutline(intro string) FormOutline {
	return FormOutline{Title: "The draft edition's intro", Submit: "Save",
		Fields: []FormInput{{Name: FieldIntro, Label: "Intro", Hint: "Each line break starts a new paragraph.",
			Multiline: true, Required: true, Value: intro, Limit: InputLimit(MaxIntro, intro)}}}
}

// CommandForm is the form a command opens instead of running (FormFor),
// with the text it shows as it stands: the draft edition's intro, or the
// story whose commentary it is for.
type CommandForm struct {
	Intro string
	Story digest.Story // zero for the intro form
}

// Kind is which form it is: the commentary form when it is for a story,
// else the intro form.
func (f CommandForm) Kind() FormKind {
	if f.Story.ID != 0 {
		return NoteForm
	}
	return IntroForm
}

// Outline is the form itself (Kind), showing its text as it stands.
func (f CommandForm) Outline() FormOutline {
	if f.Kind() == NoteForm {
		return NoteFormOutline(f.Story)
	}
	return IntroFormOutline(f.Intro)
}

// tooLong is what a platform answers instead of opening the form when its
// text has n characters (as the platforms count them, digest.UTF16Len),
// more than the platform's input holds (limit): the form would show it
// cut or empty, and saving it would lose the rest. It says how to set the
// text instead: the command with the text typed after it.
func (f CommandForm) tooLong(command string, n, limit int) Reply {
	what, typed := "The intro", command+" intro TEXT"
	if f.Story.ID != 0 {
		what, typed = fmt.Sprintf("The commentary on #%d", f.Story.ID), fmt.Sprintf("%s note %d TEXT", command, f.Story.ID)
	}
	return problem(fmt.Sprintf("%s has %s characters, more than a form here can hold (%s), so no form was opened: it would lose the rest. "+
		"Nothing was changed. To replace it, type `%s` (\\n starts a new paragraph).", what, digest.Thousands(n), digest.Thousands(limit), typed))
}

// FormFor says whether cmd opens a form instead of running, on a platform
// whose commands take their text on one line but that can open a form
// taking line breaks (Discord's slash command): intro, and note with its
// story's number, given without their text, which is paragraphs. ok is
// false when cmd runs as given: its text is there, or note names no story
// (the router says what is missing). A caller who may not write the text,
// or a story that cannot take it, gets refused instead, with form nil; so
// does a text longer than the form's input holds (limit), saying how else
// to set it (tooLong). (The edit form shows such a field as a line and
// leaves it alone, but this form has nothing else to save.)
func (b *Bot) FormFor(ctx context.Context, caller Caller, cmd Command, limit int) (form *CommandForm, refused Reply, ok bool) {
	switch {
	case cmd.Name == "intro" && len(cmd.Args) == 0:
		intro, refused, allowed := b.DraftIntro(ctx, caller)
		if !allowed {
			return nil, refused, true
		}
		form = &CommandForm{Intro: intro}
	case cmd.Name == "note" && len(cmd.Args) == 1:
		id, valid := parseStoryID(cmd.Arg(0))
		if !valid {
			return nil, Reply{}, false
		}
		s, refused, allowed := b.StoryForForm(ctx, caller, id, EditForm)
		if !allowed {
			return nil, refused, true
		}
		form = &CommandForm{Story: s}
	default:
		return nil, Reply{}, false
	}
	if n := digest.UTF16Len(form.Outline().Fields[0].Value); n > limit {
		return nil, form.tooLong(b.CommandWord(caller.Platform), n, limit), true
	}
	return form, Reply{}, true
}

// FormSubmission is a submitted form as an adapter decodes it from its
// platform's shape (Slack's view submission, Discord's modal): which form
// it is, the story it is for (none for the intro form; 0 for a form the
// adapter could not place, which is stale) with the mark the form carried
// (FormMark, "" for none), and its fields.
type FormSubmission struct {
	Kind    FormKind
	StoryID int64
	Mark    string
	// Value returns a field's text, or a select's value, by the field's
	// name (FieldHeadline…; FieldIntro and FieldCommentary for the
	// paragraph forms' one field), and whether the form sent it.
	Value func(field string) (string, bool)
	// ChoiceMax is the longest value the platform's selects take, with
	// which the sector select's value is read back (FormChanges).
	ChoiceMax int
	// Whole says the platform shows the form again with each refusal
	// under its field (StoryChanges.Whole): Slack's modals.
	Whole bool
}

// FormResult is what submitting a form did: the reply that answers it,
// and for a Whole form that was refused, the sentence to show under each
// field, by name (a refusal that is about no field under the form's
// first), the form staying open with nothing saved. Errors is nil when
// the form may close.
type FormResult struct {
	Reply  Reply
	Errors map[string]string
}

// SubmitForm applies a submitted form, the one path from every platform's
// forms to the bot: an edit form edits each field that changed (EditStory)
// and a commentary form the commentary, a reject form rejects the story
// with its reason (RejectOnCard), and the intro form sets the draft's
// intro (SetIntro). A form for no story, or a paragraph form that arrives
// without its one input (drawn as a line, its text too long for an input),
// is stale: saving it would empty the text. Whoever calls, the bot decides
// who may.
func (b *Bot) SubmitForm(ctx context.Context, caller Caller, f FormSubmission) FormResult {
	reply, refused := b.submitForm(ctx, caller, f)
	if !f.Whole || !IsProblem(reply) {
		return FormResult{Reply: reply}
	}
	errs := map[string]string{}
	for _, r := range refused {
		errs[r.Field] = r.Reason
	}
	if len(errs) == 0 {
		errs[f.Kind.firstField()] = reply.Body.(Message).Text
	}
	return FormResult{Reply: reply, Errors: errs}
}

// submitForm is SubmitForm's reply, with the fields an edit refused.
func (b *Bot) submitForm(ctx context.Context, caller Caller, f FormSubmission) (Reply, []FieldRefusal) {
	if f.Kind != IntroForm && f.StoryID <= 0 {
		return problem(StaleForm), nil
	}
	var changes StoryChanges
	switch f.Kind {
	case IntroForm, NoteForm:
		text, sent := f.Value(f.Kind.firstField())
		if !sent {
			return problem(StaleForm), nil
		}
		if f.Kind == IntroForm {
			return b.SetIntro(ctx, caller, text), nil
		}
		changes = StoryChanges{Commentary: &text}
	case RejectForm:
		reason, _ := f.Value(FieldReason)
		return b.RejectOnCard(ctx, caller, f.StoryID, reason), nil
	default:
		changes = FormChanges(f.Value, b.Sectors(), f.ChoiceMax)
	}
	changes.Drawn, changes.Whole = f.Mark, f.Whole
	out := b.EditStory(ctx, caller, f.StoryID, changes)
	return out.Reply, out.Refused
}

// firstField is the name of a form's first field, under which a Whole
// form shows a refusal that is about no field of its own.
func (k FormKind) firstField() string {
	switch k {
	case RejectForm:
		return FieldReason
	case IntroForm:
		return FieldIntro
	case NoteForm:
		return FieldCommentary
	}
	return FieldHeadline
}
