package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// commandSpec is one command of PRODUCT.md section 3.
type commandSpec struct {
	name       string
	args       string // usage after the command word, e.g. "ID [SECTOR]"
	summary    string
	editorOnly bool
	// adminToo lets channel admins run an otherwise editor-only command.
	adminToo bool
	// verb completes "Only editors can …" for refusals.
	verb string
	run  func(b *Bot, ctx context.Context, req Request, cmd Command) Reply
}

func (c *commandSpec) usage(word string) string {
	if c.args == "" {
		return word + " " + c.name
	}
	return word + " " + c.name + " " + c.args
}

func commandTable() (map[string]*commandSpec, []*commandSpec) {
	order := []*commandSpec{
		{name: "help", summary: "list the commands you can use", run: (*Bot).help},
		{name: "news", args: "[SECTOR] [N]", summary: "the latest N approved or published stories (default 5, at most 20)", run: (*Bot).news},
		{name: "sectors", summary: "the sectors, their short names and story counts", run: (*Bot).sectorList},
		{name: "search", args: "WORDS", summary: "search every story in the archive, best match first", run: (*Bot).search},
		{name: "edition", args: "[N]", summary: "a published edition (default: the latest)", run: (*Bot).edition},
		{name: "submit", args: "URL [SECTOR] [NOTE…]", summary: "send a story to the editor's review queue", run: (*Bot).submit},
		{name: "subscribe", args: "[SECTOR…]", summary: "this channel receives each weekly edition (optionally only some sectors)", editorOnly: true, adminToo: true, verb: "subscribe channels", run: (*Bot).subscribe},
		{name: "unsubscribe", summary: "this channel stops receiving the edition", editorOnly: true, adminToo: true, verb: "unsubscribe channels", run: (*Bot).unsubscribe},
		{name: "status", summary: "this channel's subscription, the next publication time and the queue size", run: (*Bot).status},
		{name: "queue", args: "[N]", summary: "the oldest queued stories, with their numbers", editorOnly: true, verb: "see the review queue", run: (*Bot).queue},
		{name: "approve", args: "ID [SECTOR]", summary: "approve a story into the draft edition", editorOnly: true, verb: "approve stories", run: (*Bot).approve},
		{name: "reject", args: "ID [REASON…]", summary: "reject a story; the submitter is told, with the reason", editorOnly: true, verb: "reject stories", run: (*Bot).reject},
		{name: "note", args: "ID TEXT…", summary: "set the commentary shown above a story", editorOnly: true, verb: "write commentary", run: (*Bot).note},
		{name: "edit", args: "ID headline|summary|sector|commentary TEXT…", summary: "correct a story", editorOnly: true, verb: "edit stories", run: (*Bot).edit},
		{name: "intro", args: "TEXT…", summary: "set the draft edition's lead paragraph", editorOnly: true, verb: "write the intro", run: (*Bot).intro},
		{name: "draft", summary: "preview the draft edition exactly as it will be posted", editorOnly: true, verb: "preview the draft", run: (*Bot).draft},
		{name: "publish", summary: "publish the draft now to every subscribed channel", editorOnly: true, verb: "publish", run: (*Bot).publishCommand},
		{name: "feeds", summary: "each feed's health: last fetch, new stories, errors, next poll", editorOnly: true, verb: "see feed health", run: (*Bot).feeds},
	}
	byName := make(map[string]*commandSpec, len(order))
	for _, c := range order {
		byName[c.name] = c
	}
	return byName, order
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
		cmd = ParseCommand(req.Text, word)
	}
	name := cmd.Name
	reply := b.dispatch(ctx, req, cmd, word)
	outcome := "ok"
	if m, ok := reply.Body.(Message); ok && m.Tone == Problem {
		outcome = "refused"
	}
	if _, known := b.commands[name]; !known {
		name = "unknown"
	}
	b.metrics.observe(name, outcome, time.Since(start))
	b.log.LogAttrs(ctx, levelFor(outcome), "command",
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
		if near := b.nearestCommand(cmd.Name); near != "" {
			msg += fmt.Sprintf(" Did you mean `%s %s`?", word, near)
		}
		return problemUsage(msg, word+" help lists the commands you can use.")
	}
	if spec.editorOnly && !b.isEditor(req.Caller) && !(spec.adminToo && req.Caller.ChannelAdmin) {
		who := "Only editors"
		if spec.adminToo {
			who = "Only editors and channel admins"
		}
		return problem(fmt.Sprintf("%s can %s.", who, spec.verb))
	}
	reply := spec.run(b, ctx, req, cmd)
	if m, ok := reply.Body.(Message); ok && m.Usage == usageMarker {
		m.Usage = spec.usage(word)
		reply.Body = m
	}
	return reply
}

// usageMarker in a Message's Usage is replaced by the command's own usage
// line, so handlers need not know the platform's command word.
const usageMarker = "\x00usage"

func badArgs(text string) Reply { return problemUsage(text, usageMarker) }

func (b *Bot) nearestCommand(name string) string {
	best, bestDist := "", 3
	for _, c := range b.order {
		if strings.HasPrefix(c.name, name) && len(name) >= 2 {
			return c.name
		}
		if d := digest.EditDistance(name, c.name); d < bestDist {
			best, bestDist = c.name, d
		}
	}
	return best
}

func (b *Bot) help(_ context.Context, req Request, _ Command) Reply {
	editor := b.isEditor(req.Caller)
	word := b.CommandWord(req.Channel.Platform)
	var entries []HelpEntry
	for _, c := range b.order {
		if c.editorOnly && !editor && !(c.adminToo && req.Caller.ChannelAdmin) {
			continue
		}
		entries = append(entries, HelpEntry{Usage: c.usage(word), Summary: c.summary, EditorOnly: c.editorOnly})
	}
	sort.SliceStable(entries, func(i, j int) bool { return !entries[i].EditorOnly && entries[j].EditorOnly })
	return Reply{Body: HelpView{Command: word, Entries: entries}}
}
