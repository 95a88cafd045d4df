package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/sharednews/sharednews/digest"
)

// CommandSpec is one command of PRODUCT.md section 3. The table of them
// (Commands) is the only one: the router parses and runs commands from
// it, help lists it, and platforms with typed commands (Discord's slash
// command options) register it.
type CommandSpec struct {
	Name    string // e.g. "approve"
	Args    string // the usage after the command word, e.g. "ID [SECTOR]"
	Summary string // what it does, e.g. "approve a story into the draft edition"
	// Params are the arguments as typed options, in the order the router
	// reads their words.
	Params     []Param
	EditorOnly bool
	// AdminToo lets channel admins run an otherwise editor-only command.
	AdminToo bool
	// Public commands answer the whole channel when they succeed.
	Public bool

	verb string // completes "Only editors can …"
	// extraHint follows the refusal of words after a command that takes
	// none (see extraWords); {command} is the platform's command word.
	extraHint string
	run       func(b *Bot, ctx context.Context, req Request, cmd Command) Reply
}

// Description is the command's summary as a line of a list of commands
// to pick from (Discord's command picker): after "Editors: " when only
// editors may use it, as help lists such commands under "Editors", else
// starting with a capital. A command channel admins may use too is not
// marked: the picker is all its users see.
func (c CommandSpec) Description() string {
	if c.EditorOnly && !c.AdminToo {
		return editorsHeading + ": " + c.Summary
	}
	return digest.UpperFirst(c.Summary)
}

// Param is one argument of a command as a typed option.
type Param struct {
	Name        string // e.g. "sector"
	Description string // e.g. "File it under this sector instead"
	Kind        ParamKind
	Required    bool
	// Max is the largest value of a ParamNumber (the smallest is 1), and
	// the most characters of a ParamText or ParamNote: platforms stop more
	// as it is typed. The command may still refuse shorter text of one
	// form with a sentence (search takes a link of 2,048 characters but
	// words of at most 200).
	Max int
	// Choices are the only values a ParamWord takes, when set; for a
	// ParamSector, the words it takes besides the sectors (order's "reset").
	Choices []string
	// Repeats makes a sector argument a list: a platform that takes named
	// options offers it as many times as there are sectors (NameAt(1),
	// NameAt(2), …), the later ones described by MoreDescription.
	Repeats         bool
	MoreDescription string
	// Paragraphs marks text read as the editor's paragraphs, each line
	// break (or "\n" typed) starting one: a platform whose options take
	// one line may ask for it in a form instead.
	Paragraphs bool
	// Spills marks a one-word argument that members fill with more than
	// the word: submit's url field, where "https://… housing worth a
	// look" is typed as it would be after /shared submit. Its first word
	// is the argument; the rest are read as typed words after the
	// arguments that follow it, before any free text.
	Spills bool
}

// NameAt is the name of the k-th option of a repeated argument: its Name,
// then Name2, Name3 and so on.
func (p Param) NameAt(k int) string {
	if k <= 1 {
		return p.Name
	}
	return p.Name + strconv.Itoa(k)
}

// position is which option of p a named argument is (1 for p.Name, k for
// NameAt(k) when p repeats), or 0 when it is not one of p's.
func (p Param) position(name string) int {
	if name == p.Name {
		return 1
	}
	digits, ok := strings.CutPrefix(name, p.Name)
	if !p.Repeats || !ok {
		return 0
	}
	k, err := strconv.Atoi(digits)
	if err != nil || k < 2 || strconv.Itoa(k) != digits {
		return 0
	}
	return k
}

// Option is one option of a command as a platform whose commands take
// named options registers it (Discord's): one of its Params, or a later
// option of a repeated argument (Later).
type Option struct {
	Param
	Later bool
}

// formOptionNote ends the description of an option a form may ask for.
const formOptionNote = " (leave out to write it in a form, with paragraphs)"

// Options are c's arguments as named options, at most max of them, with
// sectors configured. An argument whose text takes paragraphs is
// optional: a named option is one line, so left out it is asked for in a
// form, which takes line breaks (FormFor), and its description says so. A
// repeated sector argument is offered once per sector (NameAt(2), … each
// described by MoreDescription) as far as max allows.
func (c CommandSpec) Options(sectors, max int) []Option {
	var out []Option
	for _, p := range c.Params {
		if p.Paragraphs {
			p.Required, p.Description = false, p.Description+formOptionNote
		}
		out = append(out, Option{Param: p})
		if !p.Repeats {
			continue
		}
		for k := 2; k <= min(sectors, max-len(c.Params)+1); k++ {
			out = append(out, Option{Param: Param{Name: p.NameAt(k), Description: p.MoreDescription, Kind: p.Kind}, Later: true})
		}
	}
	return out
}

// ParamKind says what an argument holds and how its value becomes words
// for the router.
type ParamKind int

// The kinds of argument.
const (
	ParamWord   ParamKind = iota // one word (quoted when it holds spaces)
	ParamNumber                  // a whole number from 1 to Max
	ParamSector                  // a sector's name, short name or alias
	ParamText                    // free text to the end of the command, read as typed
	// ParamNote is free text that is never read as a keyword: submit's
	// note, given in a field of its own, is never taken for the sector.
	ParamNote
)

// Limits of command arguments the platforms can enforce as they are typed.
const (
	maxStoryID       = 1 << 52 // story numbers are SQLite row IDs, kept within what JSON numbers hold exactly
	maxEditionNumber = 1 << 30
	maxStoryIDRunes  = 20 // "#" and the digits of maxStoryID, or "none"
	maxDateRunes     = 40 // "Wednesday 30th September 2014"
)

func (c *CommandSpec) usage(word string) string {
	if c.Args == "" {
		return word + " " + c.Name
	}
	return word + " " + c.Name + " " + c.Args
}

func storyIDParam(description string) Param {
	return Param{Name: "id", Description: description, Kind: ParamNumber, Required: true, Max: maxStoryID}
}

func sectorParam(name, description string) Param {
	return Param{Name: name, Description: description, Kind: ParamSector}
}

func textParam(name, description string, required bool, max int) Param {
	return Param{Name: name, Description: description, Kind: ParamText, Required: required, Max: max}
}

func paragraphsParam(name, description string, max int) Param {
	return Param{Name: name, Description: description, Kind: ParamText, Required: true, Max: max, Paragraphs: true}
}

// commandTable is every command, in the order help lists them.
func commandTable() []*CommandSpec {
	return []*CommandSpec{
		{Name: "help", Summary: "list the commands you can use", run: (*Bot).help},
		{Name: "news", Args: "[SECTOR] [N]", Summary: "the latest N approved or published stories (default 5, at most 20)",
			Params: []Param{sectorParam("sector", "Only stories in this sector"),
				{Name: "count", Description: "How many stories (1 to 20, default 5)", Kind: ParamNumber, Max: maxNews}},
			run: (*Bot).news},
		{Name: "sectors", Summary: "the sectors, their short names and story counts", run: (*Bot).sectorList},
		{Name: "search", Args: "WORDS", Summary: "search every story in the archive, best match first; -word leaves out stories with it",
			Params: []Param{textParam("words", "What to search for; -word leaves out stories with it", true, maxSearchRunes)},
			run:    (*Bot).search},
		{Name: "edition", Args: "[N|DATE|MONTH]", Summary: "a published edition, by number, date or month (default: the latest)",
			Params: []Param{{Name: "number", Description: "The edition's number", Kind: ParamNumber, Max: maxEditionNumber},
				{Name: "date", Description: "Or its date or month, such as 2014-12-04 or November 2014", Kind: ParamWord, Max: maxDateRunes}},
			run: (*Bot).edition},
		{Name: "submit", Args: "URL [SECTOR] [NOTE…]", Summary: "send a story to the editors' review queue",
			Params: []Param{
				{Name: "url", Description: "The story's web address (http or https)", Kind: ParamWord, Required: true, Max: digest.MaxURLLength,
					Spills: true},
				sectorParam("sector", "The sector it belongs in (the bot suggests one if you leave it out)"),
				{Name: "note", Description: "A note for the editors", Kind: ParamNote, Max: maxNoteRunes}},
			run: (*Bot).submit},
		{Name: "subscribe", Args: "[SECTOR…]", Summary: "this channel receives each weekly edition (optionally only some sectors)",
			Params: []Param{{Name: "sector", Description: "Only this sector (leave out for every sector)", Kind: ParamSector,
				Repeats: true, MoreDescription: "And this sector"}},
			EditorOnly: true, AdminToo: true, Public: true, verb: "subscribe channels", run: (*Bot).subscribe},
		{Name: "unsubscribe", Summary: "this channel stops receiving the edition",
			EditorOnly: true, AdminToo: true, Public: true, verb: "unsubscribe channels", run: (*Bot).unsubscribe,
			extraHint: "It stops every edition to this channel; to receive only some sectors, use `{command} subscribe SECTOR…`, which replaces the channel's sectors."},
		{Name: "status", Summary: "this channel's subscription, the next publication time and the queue size", run: (*Bot).status},
		{Name: "queue", Args: "[N]", Summary: "the oldest queued stories, with their numbers",
			Params:     []Param{{Name: "count", Description: "How many stories (1 to 50, default 10)", Kind: ParamNumber, Max: maxQueue}},
			EditorOnly: true, verb: "see the review queue", run: (*Bot).queue},
		{Name: "approve", Args: "ID [SECTOR]", Summary: "approve a story into the draft edition (a rejected one too, after all)",
			Params:     []Param{storyIDParam("The story's number (see queue)"), sectorParam("sector", "File it under this sector instead")},
			EditorOnly: true, verb: "approve stories", run: (*Bot).approve},
		{Name: "reject", Args: "ID [REASON…]", Summary: "reject a story; the submitter is told, with the reason",
			Params:     []Param{storyIDParam("The story's number (see queue)"), textParam("reason", "Why, for the submitter", false, maxReasonRunes)},
			EditorOnly: true, verb: "reject stories", run: (*Bot).reject},
		{Name: "note", Args: "ID TEXT…|none", Summary: "set the commentary shown above a story (\\n starts a new paragraph; none removes it)",
			Params:     []Param{storyIDParam("The story's number"), paragraphsParam("text", "The commentary", maxNoteRunes)},
			EditorOnly: true, verb: "write commentary", run: (*Bot).note},
		{Name: "edit", Args: "ID headline|summary|sector|commentary TEXT…", Summary: "correct a story's headline, summary, sector or commentary",
			Params: []Param{storyIDParam("The story's number"),
				{Name: "field", Description: "What to change", Kind: ParamWord, Required: true,
					Choices: []string{"headline", "summary", "sector", "commentary"}},
				textParam("text", "The new text (a sector's name or short name; none removes a summary or commentary)", true, max(maxHeadlineRunes, maxSummaryRunes, maxNoteRunes))},
			EditorOnly: true, verb: "edit stories", run: (*Bot).edit},
		{Name: "intro", Args: "TEXT…|none", Summary: "set the draft edition's intro (\\n starts a new paragraph; none removes it)",
			Params:     []Param{paragraphsParam("text", "The intro", maxIntroRunes)},
			EditorOnly: true, verb: "write the intro", run: (*Bot).intro},
		{Name: "lead", Args: "ID|none", Summary: "make an approved story the draft's lead, under the intro before the first section",
			Params:     []Param{{Name: "id", Description: "The approved story's number, or none", Kind: ParamWord, Required: true, Max: maxStoryIDRunes}},
			EditorOnly: true, verb: "choose the lead story", run: (*Bot).lead},
		{Name: "order", Args: "SECTOR…|reset", Summary: "the draft's section order (sectors not named follow in the usual order)",
			Params: []Param{{Name: "sector", Description: "The first section (reset: back to the usual order)", Kind: ParamSector,
				Required: true, Choices: []string{"reset"}, Repeats: true, MoreDescription: "Then this one"}},
			EditorOnly: true, verb: "order the sections", run: (*Bot).sectionOrder},
		{Name: "draft", Summary: "preview the draft edition exactly as it will be posted",
			EditorOnly: true, verb: "preview the draft", run: (*Bot).draft},
		{Name: "publish", Summary: "publish the draft now to every subscribed channel",
			EditorOnly: true, Public: true, verb: "publish", run: (*Bot).publishCommand},
		{Name: "feeds", Summary: "each feed's health: last fetch, new stories, errors, next poll, duplicates held back",
			EditorOnly: true, verb: "see feed health", run: (*Bot).feeds},
	}
}

// Commands is the command table, in the order help lists it.
func (b *Bot) Commands() []CommandSpec {
	out := make([]CommandSpec, len(b.order))
	for i, c := range b.order {
		out[i] = *c
		out[i].Params = slices.Clone(c.Params)
	}
	return out
}

// Command returns the spec of the named command.
func (b *Bot) Command(name string) (CommandSpec, bool) {
	c, ok := b.commands[name]
	if !ok {
		return CommandSpec{}, false
	}
	return *c, true
}

// Completions is what a member typing into a sector argument is offered:
// the argument's other words (order's "reset") that contain typed, then
// the sectors that do (digest.WordsContaining); when nothing does, all of
// them, so that the list is never empty. param is the argument's name (a
// repeated one's later options, NameAt(2) on, take sectors only); an
// unknown command or argument has no other words.
func (b *Bot) Completions(command, param, typed string) (words []string, sectors digest.Sectors) {
	var all []string
	if spec, ok := b.commands[command]; ok {
		for _, p := range spec.Params {
			if p.Name == param {
				all = p.Choices
			}
		}
	}
	words, sectors = digest.WordsContaining(all, typed), b.sectors.Containing(typed)
	if len(words) == 0 && len(sectors) == 0 {
		return digest.WordsContaining(all, ""), b.sectors
	}
	return words, sectors
}
