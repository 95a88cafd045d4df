package bot

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/tasks"
)

// HandleLater runs a command as a background task of g, as a platform
// answers one it has acknowledged already (a Slack command, a message that
// mentions the bot): req is the request, made within the task (who calls
// may take a look-up), and answer posts the reply, a failure to post it
// logged to log as "answer WHAT". It reports false, having run nothing,
// once g is shutting down.
func (b *Bot) HandleLater(g *tasks.Group, log *slog.Logger, what string, req func(context.Context) Request, answer func(context.Context, Reply) error) bool {
	return g.Go(what, func(ctx context.Context) {
		r := req(ctx)
		if err := answer(ctx, b.Handle(ctx, r)); err != nil {
			log.WarnContext(ctx, "answer "+what, "user", r.Caller.ID, "channel", r.Channel.ID, "err", err)
		}
	})
}

// Handle runs one command and returns the reply. It never panics on user
// input and never returns an empty reply.
func (b *Bot) Handle(ctx context.Context, req Request) Reply {
	start := b.now()
	word := b.CommandWord(req.Channel.Platform)
	var cmd Command
	if req.Command != nil {
		cmd = *req.Command
	} else {
		cmd = b.parse(req.Text, word)
	}
	name := cmd.Name
	var reply Reply
	if req.Command == nil && len(req.Text) > maxCommandBytes {
		// ParseCommand reads only the first maxCommandBytes: running the
		// command on that cut would store cut text, or refuse it quoting
		// a length the caller never wrote.
		reply = problem(fmt.Sprintf("That message is too long to be a command: %s characters. Shorten it and send it again. Nothing was changed.",
			digest.Thousands(utf8.RuneCountInString(req.Text))))
	} else {
		reply = b.dispatch(ctx, req, cmd, word)
	}
	reply.Zone = b.loc
	outcome := "ok"
	if m, ok := reply.Body.(Message); ok && m.Tone == Problem {
		outcome = "refused"
	}
	if _, known := b.commands[name]; !known {
		name = "unknown"
	}
	b.metrics.observe(name, outcome, time.Since(start))
	// A refused command is answered and normal: it is information for the
	// operator, not a warning (the console shows warnings on its terminal).
	b.log.LogAttrs(ctx, slog.LevelInfo, "command",
		slogString("command", name), slogString("platform", req.Caller.Platform),
		slogString("user", req.Caller.ID), slogString("outcome", outcome))
	return reply
}

func (b *Bot) dispatch(ctx context.Context, req Request, cmd Command, word string) Reply {
	if cmd.Name == "" {
		return b.help(ctx, req, cmd)
	}
	spec, ok := b.commands[cmd.Name]
	if !ok {
		msg := fmt.Sprintf("Unknown command `%s`.", cmd.Name)
		if line := b.commandWordSlip(cmd, word); line != "" {
			msg += fmt.Sprintf(" Did you mean `%s`?", line)
		} else if near := b.nearestCommand(cmd.Name); near != "" {
			msg += fmt.Sprintf(" Did you mean `%s %s`?", word, near)
		}
		// The line under it is the command that lists the others:
		// "Usage: /shared help".
		return problemUsage(msg, word+" help")
	}
	if spec.EditorOnly && !b.isEditor(req.Caller) && !(spec.AdminToo && req.Caller.ChannelAdmin) {
		who := "Only editors"
		if spec.AdminToo {
			who = "Only editors and channel admins"
		}
		return problem(fmt.Sprintf("%s can %s.", who, spec.verb))
	}
	if refusal, extra := extraWords(spec, cmd, word); extra {
		return refusal
	}
	reply := spec.run(b, ctx, req, cmd)
	if m, ok := reply.Body.(Message); ok && m.Usage == usageMarker {
		m.Usage = spec.usage(word)
		reply.Body = m
	}
	return reply
}

// extraWords refuses words after a command that takes none, with one
// sentence naming its usage. On a command that acts on the channel
// (unsubscribe, publish) ignoring them would do more than the caller asked:
// "unsubscribe health" meant to drop one sector, not every edition, and
// "publish 12" to show an old edition, not publish the draft. On a
// read-only one ("status now", "feeds extra") an answer that ignored them
// left the caller unsure they were read, as a polished app would not.
// Help is the exception: "help search" is someone looking for help, which
// the list of commands gives.
func extraWords(spec *CommandSpec, cmd Command, word string) (Reply, bool) {
	if spec.Args != "" || len(spec.Params) > 0 || len(cmd.Args) == 0 || spec.Name == "help" {
		return Reply{}, false
	}
	if !spec.Public {
		return problem(fmt.Sprintf("`%s` takes nothing after it (not `%s`): type `%s` alone.",
			spec.usage(word), cmd.RawRest(0), spec.usage(word))), true
	}
	text := fmt.Sprintf("`%s` takes nothing after it (not `%s`), so nothing was changed.", spec.usage(word), cmd.RawRest(0))
	if spec.extraHint != "" {
		text += " " + strings.ReplaceAll(spec.extraHint, "{command}", word)
	}
	return problem(text), true
}

// usageMarker in a Message's Usage is replaced by the command's own usage
// line, so handlers need not know the platform's command word.
const usageMarker = "\x00usage"

func badArgs(text string) Reply { return problemUsage(text, usageMarker) }

func (b *Bot) nearestCommand(name string) string {
	names := make([]string, len(b.order))
	for i, c := range b.order {
		names[i] = c.Name
	}
	return nearestWord(name, names)
}

// nearestWord is the first of words that typed begins (two characters at
// least), else the one closest to typed within two edits, else "": what
// a "Did you mean" offers for a command typed a little wrong.
func nearestWord(typed string, words []string) string {
	best, bestDist := "", 3
	for _, w := range words {
		if strings.HasPrefix(w, typed) && len(typed) >= 2 {
			return w
		}
		if d := digest.EditDistance(typed, w); d < bestDist {
			best, bestDist = w, d
		}
	}
	return best
}

func (b *Bot) help(_ context.Context, req Request, _ Command) Reply {
	editor := b.isEditor(req.Caller)
	word := b.CommandWord(req.Channel.Platform)
	var entries []HelpEntry
	for _, c := range b.order {
		if c.EditorOnly && !editor && !(c.AdminToo && req.Caller.ChannelAdmin) {
			continue
		}
		entries = append(entries, HelpEntry{Usage: c.usage(word), Summary: c.Summary, EditorOnly: c.EditorOnly})
	}
	sort.SliceStable(entries, func(i, j int) bool { return !entries[i].EditorOnly && entries[j].EditorOnly })
	chat := req.Channel.Platform == "slack" || req.Channel.Platform == "discord"
	return Reply{Body: HelpView{Command: word, Name: b.Name(), Entries: entries, Chat: chat}}
}
