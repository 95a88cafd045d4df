package discord

import (
	"context"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// A slash command's string option is one line, so the commands whose text
// takes paragraphs (the intro, a story's commentary) register that option
// as optional on Discord: left out, it is asked for in a form, which takes
// line breaks and shows the text as it stands.
const (
	actionIntroForm = "introform" // the intro form: "sharednews:introform"
	actionNoteForm  = "noteform"  // the commentary form: "sharednews:noteform:ID:MARK"
)

// formOptionNote ends the description of an option a form may ask for.
const formOptionNote = " (leave out to write it in a form, with paragraphs)"

// textForm opens the intro or commentary form when the bot says the
// command, given without its text, asks for it in one (bot.FormFor). It
// reports false when the command is answered the usual way.
func (a *Adapter) textForm(ctx context.Context, x *exchange, caller bot.Caller, cmd bot.Command) (bool, error) {
	form, refused, ok := a.bot.FormFor(ctx, caller, cmd)
	switch {
	case !ok:
		return false, nil
	case form == nil:
		return true, a.answer(ctx, x, refused)
	case form.Story.ID == 0:
		return true, x.send(ctx, introForm(form.Intro))
	}
	return true, x.send(ctx, noteForm(form.Story))
}

// introForm is the form for the draft edition's intro
// (bot.IntroFormOutline), showing the current one (unless it is too long
// for a text input, which a slash command's one line could never have
// made).
func introForm(intro string) *interactionResponse {
	if length(intro) > maxTextInputLength {
		intro = ""
	}
	return modal(customIDPrefix+actionIntroForm, bot.IntroFormOutline(intro), nil, formInput)
}

// noteForm is the form for a story's commentary (bot.NoteFormOutline),
// with the commentary it has.
func noteForm(s digest.Story) *interactionResponse {
	return modal(markedID(actionNoteForm, s), bot.NoteFormOutline(s), nil, formInput)
}

// formInput is the custom_id of a paragraph form's one input, whatever
// its field, so that a form opened before an upgrade still arrives.
const formInput = "text"
