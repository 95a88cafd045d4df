package discord

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// argKind says how an option's value becomes words for the shared router.
type argKind int

const (
	// argWord is one argument: quoted when it holds spaces, so the router
	// reads it as one.
	argWord argKind = iota
	// argRest is free text to the end of the command, passed as typed (the
	// router reads it raw, apostrophes and inner quotes included).
	argRest
	// argNote is the note after submit's URL: free text like argRest, and
	// marked Literal so that the router never reads its first word as the
	// sector (the sector has an option of its own).
	argNote
)

// optionSpec is one typed option of a subcommand.
type optionSpec struct {
	name        string
	description string
	typ         discordgo.ApplicationCommandOptionType
	kind        argKind
	required    bool
	sector      bool     // its values are sectors: choices, or autocomplete when there are too many
	choices     []string // fixed choices (values are also the names)
	min, max    int      // integer bounds, when max > 0
	maxLength   int      // string length limit, when > 0
}

// subcommandSpec is one command of PRODUCT.md section 3 as a Discord
// subcommand of /shared. Its options are in the order the router reads
// their words.
type subcommandSpec struct {
	name        string
	description string
	options     []optionSpec
}

func sectorOption(name, description string, required bool) optionSpec {
	return optionSpec{name: name, description: description, typ: discordgo.ApplicationCommandOptionString, sector: true, required: required}
}

func idOption(description string) optionSpec {
	return optionSpec{name: "id", description: description, typ: discordgo.ApplicationCommandOptionInteger, required: true, min: 1, max: 1 << 52}
}

func textOption(name, description string, required bool, maxLength int) optionSpec {
	return optionSpec{name: name, description: description, typ: discordgo.ApplicationCommandOptionString, kind: argRest, required: required, maxLength: maxLength}
}

// subcommands is the command table the slash command is registered from
// and interactions are read with. Limits match the router's.
func subcommands() []subcommandSpec {
	return []subcommandSpec{
		{name: "help", description: "List the commands you can use"},
		{name: "news", description: "The latest approved or published stories, newest first", options: []optionSpec{
			sectorOption("sector", "Only stories in this sector", false),
			{name: "count", description: "How many stories (1 to 20, default 5)", typ: discordgo.ApplicationCommandOptionInteger, min: 1, max: 20},
		}},
		{name: "sectors", description: "The sectors, their short names and story counts"},
		{name: "search", description: "Search every story in the archive, best match first", options: []optionSpec{
			textOption("words", "What to search for", true, 200),
		}},
		{name: "edition", description: "A published edition (default: the latest)", options: []optionSpec{
			{name: "number", description: "The edition's number", typ: discordgo.ApplicationCommandOptionInteger, min: 1, max: 1 << 30},
		}},
		{name: "submit", description: "Send a story to the editors' review queue", options: []optionSpec{
			{name: "url", description: "The story's web address (http or https)", typ: discordgo.ApplicationCommandOptionString, required: true, maxLength: 2000},
			sectorOption("sector", "The sector it belongs in (the bot suggests one if you leave it out)", false),
			{name: "note", description: "A note for the editors", typ: discordgo.ApplicationCommandOptionString, kind: argNote, maxLength: 1000},
		}},
		{name: "subscribe", description: "This channel receives each weekly edition (editors and channel managers)", options: []optionSpec{
			sectorOption("sector", "Only this sector (leave out for every sector)", false),
			sectorOption("sector2", "And this sector", false),
			sectorOption("sector3", "And this sector", false),
		}},
		{name: "unsubscribe", description: "This channel stops receiving the edition"},
		{name: "status", description: "This channel's subscription, the next publication time and the queue size"},
		{name: "queue", description: "Editors: the oldest queued stories, with their numbers", options: []optionSpec{
			{name: "count", description: "How many stories (1 to 50, default 10)", typ: discordgo.ApplicationCommandOptionInteger, min: 1, max: 50},
		}},
		{name: "approve", description: "Editors: approve a story into the draft edition", options: []optionSpec{
			idOption("The story's number (see queue)"),
			sectorOption("sector", "File it under this sector instead", false),
		}},
		{name: "reject", description: "Editors: reject a story; the submitter is told, with the reason", options: []optionSpec{
			idOption("The story's number (see queue)"),
			textOption("reason", "Why, for the submitter", false, 500),
		}},
		{name: "note", description: "Editors: set the commentary shown above a story", options: []optionSpec{
			idOption("The story's number"),
			textOption("text", "The commentary", true, 1000),
		}},
		{name: "edit", description: "Editors: correct a story's headline, summary, sector or commentary", options: []optionSpec{
			idOption("The story's number"),
			{name: "field", description: "What to change", typ: discordgo.ApplicationCommandOptionString, required: true,
				choices: []string{"headline", "summary", "sector", "commentary"}},
			textOption("text", "The new text (for a sector: its name or short name)", true, 1000),
		}},
		{name: "intro", description: "Editors: set the draft edition's lead paragraph", options: []optionSpec{
			textOption("text", "The intro", true, 4000),
		}},
		{name: "draft", description: "Editors: preview the draft edition exactly as it will be posted"},
		{name: "publish", description: "Editors: publish the draft now to every subscribed channel"},
		{name: "feeds", description: "Editors: each feed's health: last fetch, new stories, errors, next poll"},
	}
}

// publicCommand reports whether a command answers the whole channel rather
// than the caller; a deferred answer to it is deferred publicly.
func publicCommand(name string) bool {
	switch name {
	case "subscribe", "unsubscribe", "publish":
		return true
	}
	return false
}

// applicationCommand is /shared (or the configured name) with its
// subcommands and typed options. Sector options list the sectors as
// choices, or autocomplete them when there are more than Discord's 25.
func applicationCommand(name string, sectors digest.Sectors) *discordgo.ApplicationCommand {
	cmd := &discordgo.ApplicationCommand{
		Type:        discordgo.ChatApplicationCommand,
		Name:        name,
		Description: "Shared News: the weekly newsletter of collaboration and shared-services news",
	}
	for _, sub := range subcommands() {
		o := &discordgo.ApplicationCommandOption{
			Type:        discordgo.ApplicationCommandOptionSubCommand,
			Name:        sub.name,
			Description: sub.description,
		}
		for _, spec := range sub.options {
			o.Options = append(o.Options, commandOption(spec, sectors))
		}
		cmd.Options = append(cmd.Options, o)
	}
	return cmd
}

func commandOption(spec optionSpec, sectors digest.Sectors) *discordgo.ApplicationCommandOption {
	o := &discordgo.ApplicationCommandOption{
		Type:        spec.typ,
		Name:        spec.name,
		Description: spec.description,
		Required:    spec.required,
		MaxLength:   spec.maxLength,
	}
	if spec.max > 0 {
		lo := float64(spec.min)
		o.MinValue, o.MaxValue = &lo, float64(spec.max)
	}
	for _, c := range spec.choices {
		o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: c, Value: c})
	}
	if spec.sector {
		if len(sectors) > maxChoices {
			o.Autocomplete = true
		} else {
			o.Choices = sectorChoices(sectors, "")
		}
	}
	return o
}

// sectorChoices are the sectors whose slug, name or alias contains typed
// (all of them for ""), at most 25, as option choices named for people and
// valued by slug.
func sectorChoices(sectors digest.Sectors, typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, s := range sectors {
		if len(out) == maxChoices {
			break
		}
		if typed != "" && !sectorMatches(s, typed) {
			continue
		}
		name := digest.OneLine(s.Name)
		if name == "" {
			name = s.Slug
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: clip(name, maxOptionLabel), Value: s.Slug})
	}
	return out
}

func sectorMatches(s digest.Sector, typed string) bool {
	for _, key := range append([]string{s.Slug, s.Name}, s.Aliases...) {
		if strings.Contains(strings.ToLower(key), typed) {
			return true
		}
	}
	return false
}

// RegisterCommands registers the slash command with a bulk overwrite, in
// each server of discord.guild_ids (where it appears at once) or globally
// when there are none. An overwrite replaces whatever was registered, so a
// changed command or sector list takes effect on the next start.
func (a *Adapter) RegisterCommands(ctx context.Context) error {
	cmd := applicationCommand(a.cfg.Command, a.bot.Sectors())
	guilds := a.cfg.GuildIDs
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	var errs []error
	for _, g := range guilds {
		_, err := a.session.ApplicationCommandBulkOverwrite(a.cfg.ApplicationID, g, []*discordgo.ApplicationCommand{cmd}, discordgo.WithContext(ctx))
		where := "globally"
		if g != "" {
			where = "in server " + g
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("register /%s %s: %w", a.cfg.Command, where, err))
			continue
		}
		a.log.InfoContext(ctx, "slash command registered", "command", "/"+a.cfg.Command, "where", where)
	}
	return errors.Join(errs...)
}

// commandFor turns a slash command into the command the shared router
// runs: the words a member would type (see commandText), with submit's note
// marked Literal.
func commandFor(data discordgo.ApplicationCommandInteractionData) bot.Command {
	text, note := commandText(data)
	cmd := bot.ParseCommand(text, "")
	// Every word before the note is one token (argWord quotes spaces), and
	// the first is the command's name.
	if i := note - 1; note > 0 && i < len(cmd.Args) {
		cmd.Args[i].Literal = true
	}
	return cmd
}

// commandText turns a slash command into the words the shared router
// reads, as a member would type them: the subcommand (and group) names,
// then the options in the order the router expects, for example
// "news health 5" or `subscribe health "blue light"`. It also returns the
// index of the word where submit's note begins (0: no note).
func commandText(data discordgo.ApplicationCommandInteractionData) (text string, note int) {
	words, opts := subcommandPath(data.Options)
	var spec *subcommandSpec
	if len(words) == 1 {
		for _, s := range subcommands() {
			if s.name == words[0] {
				spec = &s
				break
			}
		}
	}
	given := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range opts {
		given[o.Name] = o
	}
	if spec == nil {
		// Not in our table (a command registered by an older version):
		// pass the options in the order given.
		for i, o := range opts {
			kind := argWord
			if i == len(opts)-1 {
				kind = argRest
			}
			if v := optionValue(o); v != "" {
				words = append(words, formatArg(v, kind))
			}
		}
		return strings.Join(words, " "), 0
	}
	for _, os := range spec.options {
		v := optionValue(given[os.name])
		if v == "" {
			continue
		}
		if os.kind == argNote {
			note = len(words)
		}
		words = append(words, formatArg(v, os.kind))
	}
	return strings.Join(words, " "), note
}

// subcommandPath follows subcommand groups and subcommands down to the
// options the user gave, returning the names on the way.
func subcommandPath(opts []*discordgo.ApplicationCommandInteractionDataOption) ([]string, []*discordgo.ApplicationCommandInteractionDataOption) {
	var path []string
	for len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand ||
		opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		path = append(path, opts[0].Name)
		opts = opts[0].Options
	}
	return path, opts
}

// optionValue is an option's value as text; "" when absent.
func optionValue(o *discordgo.ApplicationCommandInteractionDataOption) string {
	if o == nil || o.Value == nil {
		return ""
	}
	switch v := o.Value.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return strings.TrimSpace(fmt.Sprint(o.Value))
}

// formatArg writes one value as router words. A word with spaces is
// quoted; straight double quotes inside it become curly ones so that they
// cannot end the quoting early.
func formatArg(v string, kind argKind) string {
	v = digest.OneLine(v)
	if kind != argWord || !strings.ContainsFunc(v, unicode.IsSpace) {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, "”") + `"`
}

// focusedOption is the option a member is typing in an autocomplete
// interaction, and the subcommand it belongs to.
func focusedOption(data discordgo.ApplicationCommandInteractionData) (sub string, opt *discordgo.ApplicationCommandInteractionDataOption) {
	path, opts := subcommandPath(data.Options)
	if len(path) > 0 {
		sub = path[len(path)-1]
	}
	for _, o := range opts {
		if o.Focused {
			return sub, o
		}
	}
	return sub, nil
}
