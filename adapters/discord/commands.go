package discord

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// command is an application command as Bulk Overwrite Application
// Commands takes it, and option one of its options: only the fields
// Discord documents, none null (discordgo's types send "options",
// "choices" and "channel_types" as null when empty). A command is an
// option sending its own Type, encoding/json dropping the deeper one.
type command struct {
	Type discordgo.ApplicationCommandType `json:"type"`
	option
}

type option struct {
	Type         discordgo.ApplicationCommandOptionType      `json:"type"`
	Name         string                                      `json:"name"`
	Description  string                                      `json:"description"`
	Required     bool                                        `json:"required,omitempty"`
	Choices      []*discordgo.ApplicationCommandOptionChoice `json:"choices,omitempty"`
	Options      []*option                                   `json:"options,omitempty"`
	MinValue     *float64                                    `json:"min_value,omitempty"`
	MaxValue     *float64                                    `json:"max_value,omitempty"`
	MaxLength    int                                         `json:"max_length,omitempty"`
	Autocomplete bool                                        `json:"autocomplete,omitempty"`
}

// applicationCommand is /shared (or the configured name) with a subcommand
// for each command of the bot's table, its arguments as typed options (a
// list of sectors once per sector). Sector options list the sectors as
// choices, or autocomplete them past Discord's 25 (commandOption) or when
// listing them would take the command past Discord's 8,000 characters:
// first the later options of a list, then all of them.
func applicationCommand(name, description string, cmds []bot.CommandSpec, sectors digest.Sectors) *command {
	var cmd *command
	// Every sector listed, then the later options of a list completed, then all.
	for _, completed := range []struct{ later, all bool }{{false, false}, {true, false}, {true, true}} {
		cmd = &command{Type: discordgo.ChatApplicationCommand,
			option: option{Name: name, Description: clip(description, maxDescription)}}
		for _, c := range cmds {
			o := &option{
				Type:        discordgo.ApplicationCommandOptionSubCommand,
				Name:        c.Name,
				Description: clip(c.Description(), maxDescription),
			}
			// Within Discord's 25 options a subcommand.
			for _, p := range c.Options(len(sectors), maxOptions) {
				completes := completed.all || p.Later && completed.later
				o.Options = append(o.Options, commandOption(p.Param, sectors, completes))
			}
			cmd.Options = append(cmd.Options, o)
		}
		if commandCharacters(&cmd.option) <= maxCommandCharacters {
			break
		}
	}
	return cmd
}

// commandCharacters counts a command (or option) as Discord limits its
// size: the names, descriptions and choice values of it and its options.
func commandCharacters(o *option) int {
	n := length(o.Name) + length(o.Description)
	for _, c := range o.Choices {
		n += length(c.Name) + length(fmt.Sprint(c.Value))
	}
	for _, sub := range o.Options {
		n += commandCharacters(sub)
	}
	return n
}

func commandOption(p bot.Param, sectors digest.Sectors, autocomplete bool) *option {
	o := &option{
		Type:        discordgo.ApplicationCommandOptionString,
		Name:        p.Name,
		Description: clip(p.Description, maxDescription),
		Required:    p.Required,
	}
	var listed digest.Sectors // a sector option's choices, after its other words
	switch p.Kind {
	case bot.ParamNumber:
		lo, hi := 1.0, float64(p.Max)
		o.Type, o.MinValue, o.MaxValue = discordgo.ApplicationCommandOptionInteger, &lo, &hi
	case bot.ParamSector:
		// Its other words (order's "reset") come first, so that they stay
		// when the sectors are more than a list takes.
		o.Autocomplete = autocomplete || len(sectors)+len(p.Choices) > maxChoices
		listed = sectors
	default:
		o.MaxLength = min(p.Max, maxOptionLength)
	}
	if !o.Autocomplete {
		o.Choices = choices(p.Choices, listed)
	}
	return o
}

// choices are words, then sectors named for people and valued by slug
// (digest.Sectors.Choices), as option choices, the first 25.
func choices(words []string, sectors digest.Sectors) []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, w := range words {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: w, Value: w})
	}
	for _, c := range sectors.Choices(maxChoiceValue) {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: clip(c.Label(), maxOptionLabel), Value: c.Value})
	}
	return out[:min(len(out), maxChoices)]
}

// registerCommands registers the slash command with a bulk overwrite, in
// each server of discord.guild_ids (where it appears at once) or globally
// when there are none. An overwrite replaces whatever was registered, so a
// changed command or sector list takes effect on the next start.
func (a *Adapter) registerCommands(ctx context.Context) error {
	cmd := applicationCommand(a.cfg.Command, a.bot.Description(maxDescription), a.bot.Commands(), a.bot.Sectors())
	guilds := a.cfg.GuildIDs
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	var errs []error
	for _, g := range guilds {
		endpoint, where := discordgo.EndpointApplicationGlobalCommands(a.cfg.ApplicationID), "globally"
		if g != "" {
			endpoint, where = discordgo.EndpointApplicationGuildCommands(a.cfg.ApplicationID, g), "in server "+g
		}
		_, err := a.session.RequestWithBucketID("PUT", endpoint, []*command{cmd}, endpoint, discordgo.WithContext(ctx))
		if err != nil {
			errs = append(errs, fmt.Errorf("register /%s %s: %w", a.cfg.Command, where, err))
			continue
		}
		a.log.InfoContext(ctx, "slash command registered", "command", "/"+a.cfg.Command, "where", where)
	}
	return errors.Join(errs...)
}

// commandFor turns a slash command into the shared router's command: its
// subcommand path and its options by name (bot.CommandFromArgs).
func commandFor(cmds []bot.CommandSpec, data discordgo.ApplicationCommandInteractionData) bot.Command {
	path, opts := subcommandPath(data.Options)
	var mentioned []*discordgo.User // as Discord resolves them
	if data.Resolved != nil {
		mentioned = slices.Collect(maps.Values(data.Resolved.Users))
	}
	args := make([]bot.NamedArg, len(opts))
	for i, o := range opts {
		v := optionValue(o)
		if o.Type == discordgo.ApplicationCommandOptionString {
			// Discord writes a person picked while typing an option as
			// <@ID>; the command takes the name the member saw ("thanks
			// to @Ana"), as in a message, not an ID cards and editions
			// would show readers.
			v = messageText(v, mentioned)
		}
		args[i] = bot.NamedArg{Name: o.Name, Value: v}
	}
	return bot.CommandFromArgs(cmds, path, args)
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

// optionValue is an option's value as text; "" when absent. A number
// (an integer option's, which JSON brings as a float) is written whole.
func optionValue(o *discordgo.ApplicationCommandInteractionDataOption) string {
	if o == nil || o.Value == nil {
		return ""
	}
	if f, ok := o.Value.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strings.TrimSpace(fmt.Sprint(o.Value))
}
