package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// note answers /shared note ID TEXT.
func (b *Bot) note(ctx context.Context, req Request, cmd Command) Reply {
	s, reply, ok := b.storyArg(ctx, cmd)
	if !ok {
		return reply
	}
	text := cmd.Rest(1)
	if isNone(text) {
		return b.removeField(ctx, req.Caller, s, "commentary")
	}
	// Text that is only typed line breaks ("\n") is no commentary: taken,
	// it would wipe the story's commentary under "Updated".
	if editorParagraphs(text) == "" {
		return badArgs("Write the commentary after the story number, or `none` to remove it.")
	}
	return b.Edit(ctx, req.Caller, s.ID, "commentary", text)
}

// isNone reports whether an argument is the word none, which removes what
// it names (as intro and lead take it).
func isNone(text string) bool { return strings.EqualFold(strings.TrimSpace(text), "none") }

// removeField answers "edit ID summary none", "edit ID commentary none" and
// "note ID none": the console and a typed command have no form to empty a
// field in, and the word itself published as a summary read "none Read
// more >>>".
func (b *Bot) removeField(ctx context.Context, caller Caller, s digest.Story, field string) Reply {
	current := s.Summary
	if field == "commentary" {
		current = s.Commentary
	}
	if strings.TrimSpace(current) == "" && s.State != digest.StatePublished {
		if r, refused := b.refuseNonEditor(caller, "edit stories"); refused {
			return r
		}
		return info(fmt.Sprintf("Story #%d has no %s, so there is nothing to remove.", s.ID, field))
	}
	return b.Edit(ctx, caller, s.ID, field, "")
}

// edit answers /shared edit ID headline|summary|sector|commentary TEXT.
func (b *Bot) edit(ctx context.Context, req Request, cmd Command) Reply {
	s, reply, ok := b.storyArg(ctx, cmd)
	if !ok {
		return reply
	}
	// "headline: New text", "headline : New text" and "headline:New
	// text" are how a correction is written; the colon belongs to neither
	// the field nor the text.
	field, typed, joined := strings.Cut(cmd.Arg(1), ":")
	field = strings.ToLower(field)
	if field == "" {
		return badArgs("Say which field to change: headline, summary, sector or commentary.")
	}
	var text string
	switch {
	case joined && strings.TrimSpace(typed) != "":
		text = strings.TrimSpace(strings.TrimSpace(typed) + " " + cmd.Rest(2))
	case cmd.Arg(2) == ":":
		text = cmd.Rest(3)
	default:
		text = cmd.Rest(2)
	}
	if (field == "summary" || field == "commentary" || field == "note") && isNone(text) {
		if field == "note" {
			field = "commentary"
		}
		return b.removeField(ctx, req.Caller, s, field)
	}
	if (field == "headline" || field == "title") && (text == "" || isNone(text)) {
		// `none` removes a summary or a commentary; taken as a headline,
		// it published the story headed "none".
		why := ""
		if text != "" {
			why = " (`none` removes a summary or a commentary)"
		}
		return badArgs("A story needs a headline, so it cannot be removed" + why + "; nothing was changed. Write the new headline after the field name.")
	}
	if text == "" || (field == "commentary" || field == "note") && editorParagraphs(text) == "" {
		return badArgs(fmt.Sprintf("Write the new %s after the field name.", field))
	}
	return b.Edit(ctx, req.Caller, s.ID, field, text)
}

// Edit changes one field of a story and redraws its waiting review cards.
// Commands and the review cards' sector select share it. A caller who is
// not an editor is refused.
func (b *Bot) Edit(ctx context.Context, caller Caller, id int64, field, text string) Reply {
	if r, refused := b.refuseNonEditor(caller, "edit stories"); refused {
		return r
	}
	s, reply, changed := b.editField(ctx, id, field, text)
	if IsProblem(reply) || !changed {
		return reply
	}
	if s.State == digest.StateQueued {
		reply = withStaleCards(reply, b.refreshReviewCards(ctx, s.ID, editedNote(field, caller)))
	}
	return reply
}

// withStaleCards is reply with the sentence saying a review card could not
// be redrawn (stale, from refreshReviewCards) after its own, when it has
// one and reply is a sentence.
func withStaleCards(reply Reply, stale Message) Reply {
	if m, ok := reply.Body.(Message); ok && stale.Text != "" {
		reply.Body = m.and("%s", stale)
	}
	return reply
}

// editedNote is the line a redrawn review card shows under the story.
func editedNote(field string, by Caller) string {
	if field == "sector" {
		return "Sector changed by @" + by.Person.DisplayName()
	}
	return "Edited by @" + by.Person.DisplayName()
}

// editField changes one field of a story, returning the story as it now
// is, the reply that says so or a refusal, and whether it changed: not
// when refused, nor when the text asks for what the story already has
// (the reply says so).
func (b *Bot) editField(ctx context.Context, id int64, field, text string) (digest.Story, Reply, bool) {
	var e store.StoryEdit
	field, reply, ok := b.fieldChange(field, text, &e)
	if !ok {
		return digest.Story{}, reply, false
	}
	if field == "sector" {
		// The sector a story is in, named again (by its name, an alias,
		// in another case, or chosen again in the card's select), is no
		// move: taken as one, the answer said the story "is now in" it
		// and its card was redrawn "Sector changed by @ed" when nothing
		// had. A published story is left to EditStory, which says it can
		// no longer change.
		if was, err := b.store.Story(ctx, id); err == nil && was.Sector == *e.Sector && was.State != digest.StatePublished {
			return was, info(fmt.Sprintf("Story #%d is already in %s; nothing was changed.", was.ID, b.sectorName(was.Sector))), false
		}
	}
	s, err := b.store.EditStory(ctx, id, e)
	if err != nil {
		return digest.Story{}, b.decisionRefusal(ctx, "edit", id, err), false
	}
	// The model learns an approved story's words as well as its sector,
	// so it learns the story again whichever field changed: as a restart
	// would, from the story as it is stored.
	b.learn(ctx, s)
	if field == "sector" {
		return s, success(fmt.Sprintf("Story #%d is now in %s.", s.ID, b.sectorName(s.Sector))), true
	}
	if strings.TrimSpace(text) == "" {
		return s, Reply{Body: says(Success, "Removed the %s of #%d %s.", field, s.ID, quote(s.Headline))}, true
	}
	return s, Reply{Body: says(Success, "Updated the %s of #%d %s.", field, s.ID, quote(s.Headline))}, true
}

// fieldChange checks one field's new text as /shared edit takes it and
// sets it in e, returning the field's own name ("title" is the headline,
// "note" the commentary), or the refusal.
func (b *Bot) fieldChange(field, text string, e *store.StoryEdit) (string, Reply, bool) {
	text = strings.TrimSpace(text)
	if field != "commentary" && field != "note" {
		// A headline or summary is one paragraph: a line break typed as
		// "\n" (which starts one in a commentary) is a space there, as a
		// newline typed in the command is, not two characters published.
		text = escapedBreaks.ReplaceAllString(text, " ")
	}
	switch field {
	case "headline", "title":
		// A headline is one line wherever it shows (cards, replies, forms'
		// one-line inputs); a line break typed or pasted into the command
		// is a space, as a page's or feed's headline is read.
		text = digest.OneLine(text)
		if text == "" {
			return "", badArgs("A headline cannot be empty."), false
		}
		if r, bad := tooLong("A headline", text, maxHeadlineRunes); bad {
			return "", r, false
		}
		e.Headline = &text
		return "headline", Reply{}, true
	case "summary":
		text = strings.TrimSpace(text)
		if r, bad := tooLong("A summary", text, maxSummaryRunes); bad {
			return "", r, false
		}
		e.Summary = &text
		return "summary", Reply{}, true
	case "commentary", "note":
		text = editorParagraphs(text)
		// Counted as typed: a paragraph break is the one line break the
		// editor typed in the form (whose max_length is this limit), not
		// the blank line it is stored as.
		if r, bad := tooLong("Commentary", strings.ReplaceAll(text, "\n\n", "\n"), maxNoteRunes); bad {
			return "", r, false
		}
		e.Commentary = &text
		return "commentary", Reply{}, true
	case "sector":
		sec, reply, ok := b.storySector(text)
		if !ok {
			return "", reply, false
		}
		e.Sector = &sec.Slug
		return "sector", Reply{}, true
	}
	return "", badArgs(fmt.Sprintf("`%s` is not a field I can edit: use headline, summary, sector or commentary.", field)), false
}

// FormKind is which of an editor's forms a platform opened: one a review
// card opens, or one a command opens (FormFor).
type FormKind int

// The forms a review card opens, then those a command opens.
const (
	EditForm   FormKind = iota // correct the headline, summary, sector and commentary
	RejectForm                 // reject, with a reason for the submitter
	IntroForm                  // the draft edition's intro (CommandForm)
	NoteForm                   // a story's commentary alone (CommandForm)
)

// StoryForForm returns the story a review card's form is about to show,
// or the refusal to show instead: the caller is not an editor, there is
// no such story, it was published and can no longer change, or (the
// reject form) it was decided already. Adapters
// ask it before they open a form, so that nobody fills in a form only to
// be refused.
func (b *Bot) StoryForForm(ctx context.Context, caller Caller, id int64, form FormKind) (digest.Story, Reply, bool) {
	verb := "edit stories"
	if form == RejectForm {
		verb = "reject stories"
	}
	if r, refused := b.refuseNonEditor(caller, verb); refused {
		return digest.Story{}, r, false
	}
	s, err := b.store.Story(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return digest.Story{}, problem(fmt.Sprintf("There is no story #%d.", id)), false
	case err != nil:
		return digest.Story{}, b.failure(ctx, "load the story", err), false
	case s.State == digest.StatePublished:
		return digest.Story{}, Reply{Body: b.stateSentence(verb, s)}, false
	case form == RejectForm && !s.State.Undecided():
		// The form would reject a story still waiting only (RejectOnCard).
		return digest.Story{}, Reply{Body: b.stateSentence("reject", s)}, false
	}
	return s, Reply{}, true
}

// The edit and reject forms' fields, the same on every platform. Each is
// named for the story field it edits, which is also its input's ID in a
// platform's form, so that a refusal (FieldRefusal.Field) can show under
// the input it is about.
const (
	FieldHeadline   = "headline"
	FieldSummary    = "summary"
	FieldSector     = "sector"
	FieldCommentary = "commentary"
	FieldReason     = "reason"
)

// Limits of the forms' text fields, in characters: the same as typed
// commands', so that a platform stops over-long text in the form before
// it is sent.
const (
	MaxHeadline   = maxHeadlineRunes
	MaxSummary    = maxSummaryRunes
	MaxCommentary = maxNoteRunes
	MaxReason     = maxReasonRunes
	MaxIntro      = maxIntroRunes
)

// InputLimit is the most characters (as UTF-16, the way platforms count)
// a form's input for a story's text takes: the field's limit, or the
// stored value's own length when that is longer (a feed's summary may
// outgrow MaxSummary), so that the form can show the value whole and
// sending it back unchanged changes nothing. EditStory refuses a new text
// over the limit.
func InputLimit(limit int, value string) int { return max(limit, digest.UTF16Len(value)) }

// FormChanges reads a submitted edit form through value, which returns a
// field's text and whether the form sent it; the sector's is a select's
// value, read back from sectors' choices at the platform's choiceMax
// (digest.Sectors.FromChoice), or a sector typed. A field the form did not
// send is left nil, so EditStory leaves it alone.
func FormChanges(value func(field string) (string, bool), sectors digest.Sectors, choiceMax int) StoryChanges {
	field := func(name string) *string {
		v, sent := value(name)
		if !sent {
			return nil
		}
		if name == FieldSector {
			v = sectors.FromChoice(v, choiceMax)
		}
		return &v
	}
	return StoryChanges{Headline: field(FieldHeadline), Summary: field(FieldSummary),
		Sector: field(FieldSector), Commentary: field(FieldCommentary)}
}

// StoryChanges are the fields an edit form submitted, each nil when the
// form did not carry it.
type StoryChanges struct {
	Headline, Summary, Sector, Commentary *string
	// Drawn is FormMark of the story as the form showed it ("" for a form
	// without one). A field submitted as the form showed it was not
	// touched by this editor and is left alone, so that saving the form
	// does not put back what another editor changed since it opened.
	Drawn string
	// Whole says the form is shown again, with each refusal under its
	// field, when any field is refused (Slack's modals): the editor reads
	// it as not saved yet and may still cancel, so nothing of a refused
	// form is saved. A form that closes on submission (Discord's) saves
	// the fields that passed and says which were refused.
	Whole bool
}

// FormMark fingerprints a story's form fields as an edit form shows them,
// briefly enough for a Slack form's private_metadata or a Discord modal's
// custom_id (27 characters, no colon). Adapters keep it with the form and
// return it in StoryChanges.Drawn.
func FormMark(s digest.Story) string {
	marks := make([]string, len(formFields))
	for i, f := range formFields {
		marks[i] = fieldMark(f, f.of(s))
	}
	return strings.Join(marks, ".")
}

// formFields are an edit form's fields, in FormMark's order.
var formFields = []formField{
	{FieldHeadline, func(s digest.Story) string { return s.Headline }},
	{FieldSummary, func(s digest.Story) string { return s.Summary }},
	{FieldSector, func(s digest.Story) string { return s.Sector }},
	{FieldCommentary, func(s digest.Story) string { return s.Commentary }},
}

type formField struct {
	name string
	of   func(digest.Story) string
}

// fieldMark is 24 bits of a SHA-256 of a field's text as a form shows it
// and an editor leaving it alone sends it back: on one line for the
// headline, cleaned for the summary, as paragraphs for the commentary.
func fieldMark(f formField, text string) string {
	switch f.name {
	case FieldHeadline:
		text = digest.OneLine(text)
	case FieldSummary:
		text = digest.CleanText(text)
	case FieldCommentary:
		text = editorParagraphs(text)
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(text)))
	return hex.EncodeToString(sum[:3])
}

// drawnAs reports whether a form's value for a field is what the form
// showed, by the form's mark; false without a mark.
func drawnAs(mark, field, value string) bool {
	marks := strings.Split(mark, ".")
	if len(marks) != len(formFields) {
		return false
	}
	for i, f := range formFields {
		if f.name == field {
			return marks[i] == fieldMark(f, value)
		}
	}
	return false
}

// EditOutcome is what applying an edit form did.
type EditOutcome struct {
	// Changed are the fields that changed, in the form's order.
	Changed []string
	// Refused are the fields that did not change and why, each a sentence.
	Refused []FieldRefusal
	// Reply sums it up for the caller: what changed and what was refused,
	// or why nothing could be (not an editor, no such story).
	Reply Reply
}

// FieldRefusal is one field of an edit form that was refused.
type FieldRefusal struct {
	Field  string // "headline", "summary", "sector" or "commentary"
	Reason string
}

// EditStory applies an edit form: every field that differs from the story
// is edited as /shared edit would edit it, with the same limits and
// sentences, and the story's waiting review cards are redrawn once. A
// field left as the form showed it (c.Drawn) is not edited, whatever
// another editor saved since; a field both changed keeps the later save. A
// caller who is not an editor is refused and nothing changes, and so is
// a Whole form with any field refused.
func (b *Bot) EditStory(ctx context.Context, caller Caller, id int64, c StoryChanges) EditOutcome {
	if r, refused := b.refuseNonEditor(caller, "edit stories"); refused {
		return EditOutcome{Reply: r}
	}
	s, err := b.store.Story(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return EditOutcome{Reply: problem(fmt.Sprintf("There is no story #%d.", id))}
	}
	if err != nil {
		return EditOutcome{Reply: b.failure(ctx, "load the story", err)}
	}
	var (
		out EditOutcome
		e   store.StoryEdit
	)
	for _, f := range []struct {
		field   string
		value   *string
		current string
	}{
		{FieldHeadline, c.Headline, s.Headline},
		{FieldSummary, c.Summary, s.Summary},
		{FieldSector, c.Sector, s.Sector},
		{FieldCommentary, c.Commentary, s.Commentary},
	} {
		if f.value == nil || sameText(f.field, *f.value, f.current) || b.sameSector(f.field, *f.value, f.current) ||
			drawnAs(c.Drawn, f.field, *f.value) {
			continue
		}
		if _, reply, ok := b.fieldChange(f.field, *f.value, &e); !ok {
			out.Refused = append(out.Refused, FieldRefusal{Field: f.field, Reason: reply.Body.(Message).Text})
			continue
		}
		out.Changed = append(out.Changed, f.field)
	}
	if c.Whole && len(out.Refused) > 0 {
		out.Changed = nil
		out.Reply = out.summary(id)
		return out
	}
	if len(out.Changed) > 0 {
		// The fields are saved together: a publication or a decision
		// cannot land between two of them.
		edited, err := b.store.EditStory(ctx, id, e)
		if err != nil {
			return EditOutcome{Reply: b.decisionRefusal(ctx, "edit", id, err)} // nothing could change
		}
		s = edited
		// Its words too, not only its sector (see editField).
		b.learn(ctx, s)
	}
	var stale Message
	if len(out.Changed) > 0 && s.State == digest.StateQueued {
		stale = b.refreshReviewCards(ctx, s.ID, editedNote("", caller))
	}
	out.Reply = withStaleCards(out.summary(id), stale)
	return out
}

// sameText reports whether a form's value for field says what the story
// already holds: commentary compared as the paragraphs it would be stored
// as, the rest as trimmed text.
func sameText(field, value, current string) bool {
	if field == "commentary" {
		return editorParagraphs(value) == editorParagraphs(current)
	}
	return strings.TrimSpace(value) == strings.TrimSpace(current)
}

// sameSector reports whether a form's sector, as typed (a name, an alias,
// another case), names the sector the story is already in (current), so
// that sending it is no change, as for a field sent as it stands.
func (b *Bot) sameSector(field, value, current string) bool {
	if field != FieldSector {
		return false
	}
	sec, _, ok := b.storySector(value)
	return ok && sec.Slug == current
}

// summary is the sentence that answers an edit form.
func (o EditOutcome) summary(id int64) Reply {
	switch {
	case len(o.Changed) == 0 && len(o.Refused) == 0:
		return info(fmt.Sprintf("Nothing changed in #%d.", id))
	case len(o.Refused) == 0:
		return success(fmt.Sprintf("Updated the %s of #%d.", ListWords(o.Changed), id))
	}
	// Each refusal is a field's own sentence, which a form that shows it
	// under its field (Slack's) ends with "Nothing was changed."; in one
	// answer that is said once, and not at all after the fields that were
	// updated: "Updated the summary of #2, but: A headline can be at most
	// 300 characters; yours has 400. Nothing was changed." contradicted
	// itself. A refusal that does not say it ("A headline cannot be empty.", an
	// unknown sector) is followed by it all the same when nothing was
	// updated: said alone, it left the editor to wonder whether the rest
	// of a form that had closed was saved.
	reasons := make([]string, len(o.Refused))
	for i, r := range o.Refused {
		reasons[i], _ = strings.CutSuffix(r.Reason, " "+nothingChanged)
	}
	text := strings.Join(reasons, " ")
	if len(o.Changed) > 0 {
		return problem(fmt.Sprintf("Updated the %s of #%d, but: %s", ListWords(o.Changed), id, text))
	}
	return problem(text + " " + nothingChanged)
}

// nothingChanged ends a refusal that left everything as it was.
const nothingChanged = "Nothing was changed."
