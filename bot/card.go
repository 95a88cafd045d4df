package bot

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// ReviewCard is a story as the editors see it in the review channel. Its
// Outline is what every platform's card says, decided here; an adapter
// only marks it up and adds the controls it names: the review controls
// while the story waits, Approve after all once it was rejected.
type ReviewCard struct {
	Story      digest.Story
	SectorName string // the display name of the story's sector; "" for none
	// SuggestedName is the display name of the sector the suggester
	// proposed; "" when it proposed none.
	SuggestedName string
	// Outcome is empty while the story waits, else a sentence such as
	// "Approved by @ed into Health & Social Care".
	Outcome string
	// Note is a line about the latest change to a waiting story, such as
	// "Edited by @ed"; empty when there is none.
	Note string
	// NotSure is set when the story's sector is the suggested one and the
	// sector model is not sure of it: the card says "not sure" beside it.
	NotSure bool
}

// reviewCard is the card of s, with its sectors named.
func (b *Bot) reviewCard(s digest.Story) ReviewCard {
	return ReviewCard{Story: s, SectorName: b.sectorName(s.Sector), SuggestedName: b.sectorName(s.SuggestedSector)}
}

// Waiting reports whether the story still waits for a decision, so the
// card carries the review controls: Approve, Reject, Edit and a sector
// choice.
func (c ReviewCard) Waiting() bool { return c.Outcome == "" }

// Verdict is how a decided card's story fared, which each platform shows
// by a mark or a colour beside the outcome: Success once it was approved
// (or published since), Problem once rejected, Info otherwise and while
// it waits. It follows the story's state, not the outcome's words, which
// may change.
func (c ReviewCard) Verdict() Tone {
	switch {
	case c.Waiting():
		return Info
	case c.Story.State == digest.StateApproved, c.Story.State == digest.StatePublished:
		return Success
	case c.Story.State == digest.StateRejected:
		return Problem
	}
	return Info
}

// Mark is the emoji chat shows before a decided card's outcome, by its
// verdict, as a colour does where a platform has one: "" while it waits.
func (c ReviewCard) Mark() string {
	switch v := c.Verdict(); {
	case c.Waiting():
		return ""
	case v == Success:
		return "✅ "
	case v == Problem:
		return "❌ "
	}
	return "ℹ️ "
}

// Colour is the card's colour where a platform colours it, as Mark marks
// it in words: its story's sector's while it waits
// (digest.SectorColour), then its verdict's, green approved and red
// rejected.
func (c ReviewCard) Colour() int {
	switch v := c.Verdict(); {
	case c.Waiting():
	case v == Success:
		return approvedColour
	case v == Problem:
		return rejectedColour
	}
	return digest.SectorColour(c.Story.Sector)
}

// The colours of decided cards.
const (
	approvedColour = 0x00703C
	rejectedColour = 0xD4351C
)

// The actions of a review card's controls: the word each platform puts in
// a control's ID ("sharednews:approve", PRODUCT.md section 4), by which it
// knows what a press asks for.
const (
	ActionApprove = "approve"
	ActionReject  = "reject"
	ActionEdit    = "edit"
	ActionSector  = "sector"
	// ActionApproveAfterAll is a rejected card's one control: it approves
	// the story after all, as /shared approve does.
	ActionApproveAfterAll = "approve-after-all"
)

// IsCardAction reports whether action is one a review card's control
// carries (ActionApprove…): a platform that is sent presses of controls
// that are not the bot's (Slack's block actions) passes on only these.
func IsCardAction(action string) bool {
	switch action {
	case ActionApprove, ActionReject, ActionEdit, ActionSector, ActionApproveAfterAll:
		return true
	}
	return false
}

// approveAfterAllLabel is the words of a rejected card's button, which
// sentences name too.
const approveAfterAllLabel = "Approve after all"

// Press is what a press of a card's control decides, on every platform:
// Approve decides the waiting story (ApproveOnCard) into sector, the one
// the card's select shows when the platform sends it ("" keeps the
// story's own); Approve after all approves the rejected story into its
// sector, as /shared approve does; the sector choice files the story
// under sector at once. ok is false for the controls that open a form
// (FormOn) and for an action that is not a card's, which the platform
// answers itself.
func (b *Bot) Press(ctx context.Context, caller Caller, action string, id int64, sector string) (r Reply, ok bool) {
	switch action {
	case ActionApprove:
		return b.ApproveOnCard(ctx, caller, id, sector), true
	case ActionApproveAfterAll:
		return b.Approve(ctx, caller, id, ""), true
	case ActionSector:
		return b.Edit(ctx, caller, id, "sector", sector), true
	}
	return Reply{}, false
}

// Pressed is what a press of a card's control does (PressControl): open
// the form Form for Story as it stands (Opens), or answer with Reply.
type Pressed struct {
	Reply Reply
	Opens bool
	Form  FormKind
	Story digest.Story
}

// PressControl answers a press of a review card's control, the one path
// from every platform's controls to the bot: a control that opens a form
// (FormOn) opens it for the story as it stands, if the caller may have it
// (StoryForForm); the bot decides what any other press does (Press), the
// sector chosen being the select's value choice, read back at the
// platform's choiceMax (digest.Sectors.FromChoice; "" for none); a
// control the bot did not draw is answered ForeignControl.
func (b *Bot) PressControl(ctx context.Context, caller Caller, action string, id int64, choice string, choiceMax int) Pressed {
	if kind, opens := FormOn(action); opens {
		s, refused, ok := b.StoryForForm(ctx, caller, id, kind)
		return Pressed{Reply: refused, Opens: ok, Form: kind, Story: s}
	}
	if r, pressed := b.Press(ctx, caller, action, id, b.Sectors().FromChoice(choice, choiceMax)); pressed {
		return Pressed{Reply: r}
	}
	return Pressed{Reply: Reply{Body: b.ForeignControl()}}
}

// FormOn is the form a card's control opens instead of deciding at once
// (Press): Reject asks for the reason the submitter is told (optional),
// as the typed /shared reject ID REASON takes it; Edit shows the story's
// fields. ok is false for every other action.
func FormOn(action string) (kind FormKind, ok bool) {
	switch action {
	case ActionReject:
		return RejectForm, true
	case ActionEdit:
		return EditForm, true
	}
	return EditForm, false
}

// FormNotOpened is what a platform answers when a card's control could
// not open its form (Slack's views.open, whose trigger expires three
// seconds after the press): try again, or type the command that does what
// the form would, as the platform's slash command is spelt (CommandWord),
// with the story's number.
func (b *Bot) FormNotOpened(platform string, kind FormKind, id int64) Reply {
	command := "edit"
	if kind == RejectForm {
		command = "reject"
	}
	return problem(fmt.Sprintf("The form could not be opened; please try again, or use `%s %s %d …`.", b.CommandWord(platform), command, id))
}

// Control is one of a waiting card's controls as every platform draws it:
// what it does, its words (a button's label, a choice's placeholder) and
// how it stands out.
type Control struct {
	Action string
	Label  string
	Style  ControlStyle
}

// ControlStyle says what kind of control a Control is and how it stands
// out, which each platform maps to its own styles.
type ControlStyle int

// Control styles.
const (
	Secondary ControlStyle = iota // a button that does not stand out (Edit)
	Primary                       // the decision a story usually gets (Approve): green
	Danger                        // a decision that turns the story away (Reject): red
	// SectorChoice is a choice of the configured sectors, the story's own
	// chosen, which files the story under the one chosen at once.
	SectorChoice
)

// cardControls are a waiting card's controls, in order: the sector first,
// as an editor checks where a story is filed before deciding on it, then
// the decisions. A new slice each time, as an outline is the caller's.
func cardControls() []Control {
	return []Control{
		{Action: ActionSector, Label: "Move to another sector", Style: SectorChoice},
		{Action: ActionApprove, Label: "Approve", Style: Primary},
		{Action: ActionReject, Label: "Reject", Style: Danger},
		{Action: ActionEdit, Label: "Edit", Style: Secondary},
	}
}

// Outline lays out the card (shape Review), the same on every platform:
// the title says where the story stands ("New in the review queue: #12",
// or once decided the outcome, which the channel then reads as a log);
// the first entry is the story, its headline linked over its summary's
// paragraphs, its facts its number, its source and where it came from;
// the others are what the editor decides on, each a name over its lines:
// the submitter's note, the sector (with the suggestion while the story
// waits) and the commentary. After them, the latest change to a waiting
// story ("Edited by @ed"). While the story waits, the controls the
// editors decide with; once rejected, the one that approves it after all.
// Submission times are in loc.
func (c ReviewCard) Outline(loc *time.Location) Outline {
	if loc == nil {
		loc = time.UTC
	}
	s := c.Story
	title := fmt.Sprintf("New in the review queue: #%d", s.ID)
	if !c.Waiting() {
		title = digest.OneLine(c.Outcome)
	}
	story := Entry{Sector: s.Sector, Lines: paragraphLines(s.Summary), Facts: []string{fmt.Sprintf("#%d", s.ID)}}
	story.Name, story.URL = s.Name()
	if src := digest.OneLine(s.Source); src != "" {
		story.Facts = append(story.Facts, src)
	}
	story.Facts = append(story.Facts, Submitted(s, loc))
	entries := []Entry{story}
	if note := paragraphLines(s.SubmitNote); len(note) > 0 {
		entries = append(entries, Entry{Name: "Note", Lines: note})
	}
	entries = append(entries, Entry{Name: "Sector", Lines: []Line{plainLine(c.sector())}, Inline: true})
	if com := paragraphLines(s.Commentary); len(com) > 0 {
		entries = append(entries, Entry{Name: "Commentary", Lines: com})
	}
	o := Outline{Title: title, Shape: Review, Groups: []Group{{Entries: entries}}}
	switch {
	case c.Waiting():
		o.Controls = cardControls()
	case c.Story.State == digest.StateRejected:
		// A mis-click or a change of mind is undone where it was made; the
		// bot checks who presses it, as it does every control. Not green:
		// on a rejected card it is the exception, not the usual decision.
		o.Controls = []Control{{Action: ActionApproveAfterAll, Label: approveAfterAllLabel, Style: Secondary}}
	}
	if n := digest.OneLine(c.Note); n != "" {
		o.After = []Line{plainLine(n)}
	}
	return o
}

// sector is the card's sector line: the sector's name (or "none"), and
// while the story waits how it stands with the suggester's: "(suggested)",
// "(suggested, not sure)", or "(suggested: Housing)" when it is filed
// under another sector. Once a person decided, the suggestion no longer
// helps anyone and is left out.
func (c ReviewCard) sector() string {
	s := c.Story
	name := digest.OneLine(cmp.Or(c.SectorName, s.Sector, "none"))
	switch {
	case !c.Waiting() || s.SuggestedSector == "":
		return name
	case s.SuggestedSector != s.Sector:
		return name + " (suggested: " + digest.OneLine(cmp.Or(c.SuggestedName, s.SuggestedSector)) + ")"
	case c.NotSure:
		return name + " (suggested, not sure)"
	}
	return name + " (suggested)"
}

// paragraphLines are text's paragraphs, each on one line.
func paragraphLines(text string) []Line {
	var out []Line
	for _, p := range digest.Paragraphs(text) {
		if p = digest.OneLine(p); p != "" {
			out = append(out, plainLine(p))
		}
	}
	return out
}

// Submitted says where a story came from, as cards and the queue show it:
// "submitted by @Mason on 3 Mar 09:15" (the time in loc), or "from the
// newswire".
func Submitted(s digest.Story, loc *time.Location) string {
	if s.Submitter.IsZero() {
		return "from the newswire"
	}
	return "submitted by @" + s.Submitter.DisplayName() + " on " + s.CreatedAt.In(loc).Format("2 Jan 15:04")
}
