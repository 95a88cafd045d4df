package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/pagemeta"
	"github.com/sharednews/sharednews/store"
)

// Request is one command typed by someone in a channel.
type Request struct {
	Caller  Caller
	Channel Channel
	Text    string // the command line, with or without the leading command word
	// Command, when set, is the command as the adapter already parsed it
	// (to mark Literal arguments); Text is then not parsed again.
	Command *Command
}

// Caller is who typed the command, with the facts the adapter verified
// with its platform.
type Caller struct {
	digest.Person
	// Groups are the Slack user-group IDs or Discord role IDs the adapter
	// confirmed the caller belongs to.
	Groups []string
	// ChannelAdmin is true for Slack workspace admins and owners and for
	// Discord members with Manage Channels: they may (un)subscribe channels.
	ChannelAdmin bool
}

// Channel is where a command was typed and where subscriptions deliver.
type Channel struct {
	Platform string
	ID       string
	Name     string
	// Direct marks a conversation between people that the app is not part
	// of (a Slack direct message), where commands are answered but no
	// edition can be posted, so it cannot be subscribed.
	Direct bool
	// Lacks names, in the platform's words, the permissions the bot lacks
	// here to post an edition ("Send Messages"), and LacksHistory the one
	// it lacks to see, when restarted while posting, which parts of an
	// edition it had posted; both are empty when it lacks nothing or the
	// platform does not say. Subscribing a channel that lacks either is
	// refused, saying why (CannotPost).
	Lacks        []string
	LacksHistory string
}

// CannotPost says why an edition could not be posted here once and whole,
// in words for the user naming the bot by name (marked, as says marks
// it), from what the platform says the bot lacks: a piece of a sentence,
// empty when it lacks nothing.
func (c Channel) CannotPost(name string) Message {
	var why Message
	if len(c.Lacks) > 0 {
		why = says(Info, "%s lacks %s in this channel, so it could not post the edition", named(name), ListWords(c.Lacks))
	}
	if c.LacksHistory != "" {
		if why.Text != "" {
			why = why.and("; it also needs")
		} else {
			why = says(Info, "%s needs", named(name))
		}
		why = why.and(" %s here to see which parts of an edition it had posted "+
			"when it is restarted while posting (without it, part of an edition could be posted twice)", c.LacksHistory)
	}
	if why.Text == "" {
		return Message{}
	}
	return why.and(". An admin can grant them in the channel's settings, under Permissions")
}

// PageReader reads a submitted page's title and description.
type PageReader interface {
	Fetch(ctx context.Context, rawURL string) (pagemeta.Meta, error)
}

// Suggester proposes a sector slug for a story.
type Suggester interface {
	Suggest(ctx context.Context, s digest.Story) string
}

// Judge is a Suggester that can say how likely a sector is for a story,
// 0–1, calibrated: the review card says "not sure" when it is low.
type Judge interface {
	Confidence(ctx context.Context, s digest.Story, sector string) float64
}

// Learner is a Suggester that learns from the editor's decisions: the bot
// hands it every story whose sector an editor approved or corrected.
type Learner interface {
	LearnStory(s digest.Story) error
}

// Options are what a Bot is built from.
type Options struct {
	Config    *config.Config
	Store     *store.Store
	Pages     PageReader // nil: submissions are not fetched
	Suggester Suggester  // nil: a model of the configured keywords only
	Logger    *slog.Logger
	Metrics   *Metrics // nil: not measured
	Now       func() time.Time
}

// Deliverer sends the deliveries Publish records; *delivery.Worker is one.
type Deliverer interface {
	// Deliver is told that deliveries were recorded: a running worker is
	// woken, otherwise they are sent before it returns.
	Deliver(ctx context.Context)
}

// Bot runs the newsroom conversation. It is safe for concurrent use.
type Bot struct {
	cfg       *config.Config
	sectors   digest.Sectors
	loc       *time.Location
	schedule  wallSchedule
	store     *store.Store
	pages     PageReader
	suggester Suggester
	log       *slog.Logger
	metrics   *Metrics
	now       func() time.Time
	recheck   time.Duration // how often RunSchedule looks at the wall clock while it waits
	commands  map[string]*CommandSpec
	order     []*CommandSpec

	cards cardLocks // one redraw of a story's review cards at a time

	// emptyToldAt is the slot of the last scheduled publication whose
	// empty draft the editors were told of (PublishScheduled), as Unix
	// seconds; 0 before the first.
	emptyToldAt atomic.Int64

	mu        sync.RWMutex
	platforms map[string]Platform
	deliverer Deliverer // nil: Publish only records deliveries
}

// New builds a Bot. The configuration must already be valid.
func New(opts Options) (*Bot, error) {
	if opts.Config == nil || opts.Store == nil {
		return nil, fmt.Errorf("bot: config and store are required")
	}
	spec, err := config.ParseSchedule(opts.Config.Digest.Schedule)
	if err != nil {
		return nil, fmt.Errorf("bot: digest.schedule: %w", err)
	}
	schedule := wallSchedule{cron: spec, loc: opts.Config.Location()}
	b := &Bot{
		cfg:       opts.Config,
		sectors:   digest.Sectors(opts.Config.DigestSectors()),
		loc:       opts.Config.Location(),
		schedule:  schedule,
		store:     opts.Store,
		pages:     opts.Pages,
		suggester: opts.Suggester,
		log:       opts.Logger,
		metrics:   opts.Metrics,
		now:       opts.Now,
		recheck:   time.Minute,
		platforms: map[string]Platform{},
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.suggester == nil {
		b.suggester = classify.New(b.sectors)
	}
	b.order = commandTable()
	b.commands = make(map[string]*CommandSpec, len(b.order))
	for _, c := range b.order {
		b.commands[c.Name] = c
	}
	return b, nil
}

// AddPlatform registers a platform for review cards, notifications and
// deliveries. Adapters call it before they start serving.
func (b *Bot) AddPlatform(p Platform) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.platforms[p.Name()] = p
}

// DeliverWith hands the deliveries Publish records to d. Call it before
// anything can publish; without it Publish only records them.
func (b *Bot) DeliverWith(d Deliverer) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.deliverer = d
}

// deliver hands the deliveries just recorded (a new edition's, a failed
// copy Subscribe sent again) to the Deliverer, and reports whether there
// is one to take them.
func (b *Bot) deliver(ctx context.Context) bool {
	b.mu.RLock()
	d := b.deliverer
	b.mu.RUnlock()
	if d == nil {
		return false
	}
	d.Deliver(ctx)
	return true
}

func (b *Bot) platform(name string) (Platform, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	p, ok := b.platforms[name]
	return p, ok
}

func (b *Bot) allPlatforms() []Platform {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make([]Platform, 0, len(b.platforms))
	for _, p := range b.platforms {
		out = append(out, p)
	}
	return out
}

// Sectors returns the configured sectors in display order.
func (b *Bot) Sectors() digest.Sectors { return b.sectors }

// Location is bot.timezone.
func (b *Bot) Location() *time.Location { return b.loc }

// Name is what the bot calls itself (bot.name), in every sentence, title
// and notice on every platform: the operator may have renamed it.
func (b *Bot) Name() string { return b.cfg.Bot.Name }

// About is what the newsletter is, in one line: the one description of it
// wherever it is described (Discord's registered command, the web
// archive's footer, and Slack's app manifest, which a test keeps to it).
const About = "a weekly digest of collaboration and shared-services news for the public sector"

// Description is the bot's name and what it is, "Shared News: a weekly
// digest of …", where a platform describes the bot in a line of at most
// max UTF-16 units (Discord's command); when a long name leaves it no
// room, it says only what the bot is ("A weekly digest of …").
func (b *Bot) Description(max int) string {
	if d := b.Name() + ": " + About; digest.UTF16Len(d) <= max {
		return d
	}
	return strings.ToUpper(About[:1]) + About[1:]
}

// ChatSubscribe is how a chat channel's members get the newsletter, which
// an edition's footer says there (digest.Edition.Subscribe): "ask your
// editor to subscribe your channel with /shared subscribe", in the
// platform's command.
func (b *Bot) ChatSubscribe(platform string) string { return SubscribeBy(b.CommandWord(platform)) }

// SubscribeBy is ChatSubscribe's words for a platform whose command is
// command ("/shared").
func SubscribeBy(command string) string {
	return "ask your editor to subscribe your channel with " + command + " subscribe"
}

// CommandWord is the slash command the platform registers, e.g. "/shared".
func (b *Bot) CommandWord(platform string) string { return CommandWordIn(b.cfg, platform) }

// CommandWordIn is the slash command cfg has the platform register, for a
// tool that checks what a platform was sent without a Bot.
func CommandWordIn(cfg *config.Config, platform string) string {
	switch platform {
	case "discord":
		return "/" + cfg.Discord.Command
	case "slack":
		return cfg.Slack.Command
	}
	return "/shared"
}

// NextPublication is when the schedule next publishes after t.
func (b *Bot) NextPublication(t time.Time) time.Time {
	return b.schedule.Next(t)
}

// Story returns one story, for adapters that show or edit it (review cards,
// edit forms). It returns an error wrapping store.ErrNotFound when there is none.
func (b *Bot) Story(ctx context.Context, id int64) (digest.Story, error) {
	return b.store.Story(ctx, id)
}

// SectorName is the display name of a sector slug (the slug itself if unknown).
func (b *Bot) SectorName(slug string) string { return b.sectorName(slug) }

// isEditor decides whether the caller may review, edit and publish. Every
// state-changing call asks it, whatever the adapter showed the caller.
func (b *Bot) isEditor(c Caller) bool {
	var ids []string
	var group string
	switch c.Platform {
	case "console":
		return true // the local operator already has the database in hand
	case "slack":
		ids, group = b.cfg.Editors.Slack, b.cfg.Editors.SlackUsergroup
	case "discord":
		ids, group = b.cfg.Editors.Discord, b.cfg.Editors.DiscordRole
	}
	for _, id := range ids {
		if id == c.ID {
			return true
		}
	}
	if group != "" {
		for _, g := range c.Groups {
			if g == group {
				return true
			}
		}
	}
	return false
}

func (b *Bot) sectorName(slug string) string {
	if s, ok := b.sectors.Lookup(slug); ok {
		return s.Name
	}
	return slug
}

func (b *Bot) item(s digest.Story) StoryItem {
	return StoryItem{Story: s, SectorName: b.sectorName(s.Sector)}
}

func (b *Bot) items(stories []digest.Story) []StoryItem {
	out := make([]StoryItem, len(stories))
	for i, s := range stories {
		out[i] = b.item(s)
	}
	return out
}

// shortDate formats a time as "3 Sep" in bot.timezone (with the year when it is not this year).
func (b *Bot) shortDate(t time.Time) string {
	t = t.In(b.loc)
	if t.Year() != b.now().In(b.loc).Year() {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}

// byline is lead + "@ana on 3 Sep": who did something and on which day,
// the name marked (named) as the person wrote it; empty when nobody did.
// It is a piece of a sentence, for says.
func (b *Bot) byline(lead string, p digest.Person, t time.Time) Message {
	if p.IsZero() {
		return Message{}
	}
	return says(Info, "%s@%s on %s", lead, named(p.DisplayName()), b.shortDate(t))
}

// learn passes an editor's decision to the suggester, if it learns.
func (b *Bot) learn(ctx context.Context, s digest.Story) {
	l, ok := b.suggester.(Learner)
	if !ok {
		return
	}
	if err := l.LearnStory(s); err != nil {
		b.log.WarnContext(ctx, "learn from decision", "story", s.ID, "err", err)
	}
}
