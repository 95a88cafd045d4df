package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

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

// formParam is the option of a command that a form may ask for instead,
// its text of paragraphs (bot.Param.Paragraphs), or "" for a command
// without one.
func formParam(c bot.CommandSpec) string {
	for _, p := range c.Params {
		if p.Paragraphs {
			return p.Name
		}
	}
	return ""
}

// formOptionNote ends the description of an option a form may ask for.
const formOptionNote = " (leave out to write it in a form, with paragraphs)"

// textForm opens the intro or commentary form when a command that takes
// one was given without its text. It reports false when the command is
// answered the usual way.
func (a *Adapter) textForm(ctx context.Context, x *exchange, caller bot.Caller, data discordgo.ApplicationCommandInteractionData) (bool, error) {
	path, opts := subcommandPath(data.Options)
	if len(path) != 1 {
		return false, nil
	}
	spec, _ := a.bot.Command(path[0])
	param := formParam(spec)
	if param == "" {
		return false, nil
	}
	var id int64
	for _, o := range opts {
		switch {
		case o.Name == param && optionValue(o) != "":
			return false, nil // the text is given: the command runs as typed
		case o.Name == "id":
			fmt.Sscan(optionValue(o), &id)
		}
	}
	switch path[0] {
	case "intro":
		intro, refused, ok := a.bot.DraftIntro(ctx, caller)
		if !ok {
			return true, a.answer(ctx, x, refused)
		}
		return true, x.send(ctx, introForm(intro))
	case "note":
		if id <= 0 {
			return false, nil // the router says what is missing
		}
		s, refused, ok := a.bot.StoryForForm(ctx, caller, id, bot.EditForm)
		if !ok {
			return true, a.answer(ctx, x, refused)
		}
		return true, x.send(ctx, noteForm(s))
	}
	return false, nil
}

// introForm is the form for the draft edition's intro
// (bot.IntroFormOutline), showing the current one (unless it is too long
// for a text input, which a slash command's one line could never have
// made).
func introForm(intro string) *interactionResponse {
	if length(intro) > maxTextInputLength {
		intro = ""
	}
	return paragraphForm(customIDPrefix+actionIntroForm, bot.IntroFormOutline(intro))
}

// noteForm is the form for a story's commentary (bot.NoteFormOutline),
// with the commentary it has.
func noteForm(s digest.Story) *interactionResponse {
	return paragraphForm(markedID(actionNoteForm, s), bot.NoteFormOutline(s))
}

// paragraphForm is a modal with a form's one paragraph input, whose
// custom_id is formInput whatever the field, so that a form opened before
// an upgrade still arrives.
func paragraphForm(id string, form bot.FormOutline) *interactionResponse {
	return modal(id, form.Title, labelled(form.Fields[0], formInput, nil))
}

// formInput is the custom_id of a paragraph form's one input.
const formInput = "text"
