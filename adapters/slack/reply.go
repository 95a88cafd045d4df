package slack

import (
	"fmt"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// replyMessages renders a bot reply as Block Kit messages: one, except for
// an edition or a long list that needs more.
func replyMessages(r bot.Reply, loc *time.Location) []message {
	switch b := r.Body.(type) {
	case bot.Message:
		return noticeMessages(b)
	case bot.StoryList:
		return storyListMessages(b, loc)
	case bot.SectorList:
		return sectorListMessages(b)
	case bot.EditionView:
		return editionMessages(b.Edition)
	case bot.StatusView:
		return []message{statusMessage(b, loc)}
	case bot.HelpView:
		return helpMessages(b)
	case bot.FeedList:
		return feedListMessages(b, loc)
	}
	text := fmt.Sprintf("(a reply Slack cannot show: %T)", r.Body)
	return []message{{Text: text, Blocks: []slackgo.Block{section(escape(text))}}}
}

// toneIcons lead a message of each tone.
var toneIcons = map[bot.Tone]string{bot.Success: ":white_check_mark: ", bot.Problem: ":warning: "}

// noticeMessages renders a bot.Message: the sentence with its tone's icon
// and, below it, the usage line of a mistyped command. A long one (the
// editors' list of channels an edition failed to reach) continues over as
// many sections and messages as it needs, split between lines.
func noticeMessages(m bot.Message) []message {
	lines := strings.Split(toneIcons[m.Tone]+escape(m.Text), "\n")
	units := sectionUnits(joinSections(lines, "\n"))
	if m.Usage != "" {
		units = append(units, unit{blocks: []slackgo.Block{contextLine("Usage: " + clipEscaped(m.Usage, maxText-7))}})
	}
	fallback := digest.OneLine(m.Text)
	return pagedMessages(clipPlain(fallback, 100), fallback, units)
}

// storyListMessages renders news, search results and the queue: per story
// its linked headline, the start of its summary, and a context line with its
// number, source and sector (and, in the queue, who submitted it and their note).
func storyListMessages(l bot.StoryList, loc *time.Location) []message {
	title := digest.OneLine(l.Title)
	units := []unit{{blocks: []slackgo.Block{header(title)}}}
	if len(l.Items) == 0 {
		units = append(units, unit{blocks: []slackgo.Block{section(escape(l.Empty))}})
	}
	if l.Note != "" {
		units = append(units, unit{blocks: []slackgo.Block{contextLine(escape(digest.OneLine(l.Note)))}})
	}
	for _, it := range l.Items {
		units = append(units, unit{blocks: storyItemBlocks(l, it, loc)})
	}
	if l.DidYouMean != "" {
		units = append(units, unit{blocks: []slackgo.Block{section("Did you mean *" + escape(digest.OneLine(l.DidYouMean)) + "*?")}})
	}
	if shown := l.Shown(); shown != "" {
		units = append(units, unit{blocks: []slackgo.Block{contextLine("Showing " + shown + ".")}})
	}
	fallback := title
	if len(l.Items) == 0 {
		fallback = l.Empty
	}
	return pagedMessages(title, fallback, units)
}

// pagedMessages packs units into messages (see paginate), each with
// fallback as its notification text, later ones headed "continued".
func pagedMessages(title, fallback string, units []unit) []message {
	pages := paginate(units, title)
	msgs := make([]message, len(pages))
	for i, p := range pages {
		msgs[i] = message{Text: clipEscaped(fallback, maxText), Blocks: p}
	}
	return msgs
}

// sectionUnits makes each section its own unit, so a long list breaks
// between sections.
func sectionUnits(blocks []slackgo.Block) []unit {
	out := make([]unit, len(blocks))
	for i, b := range blocks {
		out[i] = unit{blocks: []slackgo.Block{b}}
	}
	return out
}

// listSummaryRunes is how much of a summary a story list shows.
const listSummaryRunes = 300

func storyItemBlocks(l bot.StoryList, it bot.StoryItem, loc *time.Location) []slackgo.Block {
	s, o := it.Story, it.Story.Outline()
	room := textLen(headlineLink(o)) + 1 + listSummaryRunes
	if more := textLen(link(o.URL, digest.ReadMore)); more > listSummaryRunes/2 {
		room += more // a long link still fits, with some of the summary
	}
	text := storyText(o, room)
	details := append([]string{fmt.Sprintf("#%d", s.ID)}, l.Facts(it, loc)...)
	lines := []string{clipEscaped(strings.Join(details, " · "), 1000)}
	if l.Kind == bot.QueueList && strings.TrimSpace(s.SubmitNote) != "" {
		lines = append(lines, "Note: "+clipEscaped(digest.OneLine(s.SubmitNote), 1000))
	}
	if c := it.Commentary(); c != "" {
		lines = append(lines, "Commentary: "+clipEscaped(digest.OneLine(c), 1000))
	}
	return []slackgo.Block{section(text), contextLine(lines...)}
}

func sectorListMessages(l bot.SectorList) []message {
	lines := make([]string, 0, len(l.Items))
	for _, it := range l.Items {
		line := fmt.Sprintf("*%s* `%s` — %s", escape(digest.OneLine(it.Sector.Name)), escape(it.Sector.Slug), it.Count())
		if len(it.Sector.Aliases) > 0 {
			line += " _(also: " + escape(strings.Join(it.Sector.Aliases, ", ")) + ")_"
		}
		lines = append(lines, line)
	}
	units := []unit{{blocks: []slackgo.Block{header("Sectors")}}}
	units = append(units, sectionUnits(joinSections(lines, "\n"))...)
	units = append(units, unit{blocks: []slackgo.Block{
		contextLine("Use a sector's name, short name or alias in `news`, `submit` and `subscribe`.")}})
	return pagedMessages("Sectors", "Sectors", units)
}

func statusMessage(v bot.StatusView, loc *time.Location) message {
	var lines []string
	switch {
	case !v.Subscribed:
		lines = append(lines, ":no_bell: This channel is not subscribed; `subscribe` to receive each edition here.")
	case len(v.Sectors) == 0:
		lines = append(lines, ":bell: This channel receives every edition, all sectors.")
	default:
		lines = append(lines, ":bell: This channel receives each edition's "+escape(strings.Join(v.SectorNames(), ", "))+".")
	}
	if next := v.NextEdition(loc); next == "" {
		lines = append(lines, "*Next edition:* none scheduled")
	} else {
		lines = append(lines, "*Next edition:* "+slackDate(v.NextPublication, next))
	}
	facts := fmt.Sprintf("*Review queue:* %s · *Draft:* %s", v.Queue(), v.Draft())
	if v.LatestEdition > 0 {
		facts += fmt.Sprintf(" · *Latest edition:* %d", v.LatestEdition)
	}
	lines = append(lines, facts)
	blocks := append([]slackgo.Block{header("Shared News status")}, joinSections(lines, "\n")...)
	if t := v.Delivery; t != nil {
		lines := []string{fmt.Sprintf("Delivery of edition %d: %s", t.Edition, t.Counts())}
		for i, f := range t.Failures {
			if len(lines) == maxContextElements-1 && i < len(t.Failures)-1 {
				lines = append(lines, fmt.Sprintf("… and %d more failed", len(t.Failures)-i))
				break
			}
			lines = append(lines, clipEscaped("Failed: "+f.Channel+": "+f.Reason, 1000))
		}
		blocks = append(blocks, contextLine(lines...))
	}
	if e := v.Email; e != nil {
		lines := []string{"Email readers: " + e.Readers()}
		if e.Edition > 0 {
			lines = append(lines, fmt.Sprintf("Email of edition %d: %s", e.Edition, e.Mails()))
		}
		blocks = append(blocks, contextLine(lines...))
	}
	return message{Text: "Shared News status", Blocks: blocks}
}

// slackDate shows a time in each reader's own time zone, with fallback
// (the time in the bot's zone) where a client cannot.
func slackDate(t time.Time, fallback string) string {
	return fmt.Sprintf("<!date^%d^{date_long_pretty} at {time}|%s>", t.Unix(), fallback)
}

func helpMessages(h bot.HelpView) []message {
	var everyone, editors []string
	for _, e := range h.Entries {
		line := "`" + escape(e.Usage) + "` — " + escape(e.Summary)
		if e.EditorOnly {
			editors = append(editors, line)
		} else {
			everyone = append(everyone, line)
		}
	}
	units := []unit{{blocks: []slackgo.Block{header("Shared News commands")}}}
	units = append(units, sectionUnits(joinSections(everyone, "\n"))...)
	if len(editors) > 0 {
		units = append(units, unit{blocks: []slackgo.Block{divider(), section("*Editors*")}})
		units = append(units, sectionUnits(joinSections(editors, "\n"))...)
	}
	units = append(units, unit{blocks: []slackgo.Block{contextLine("Answers to you are visible only to you; publishing and subscriptions are shown to the channel. " +
		"You can also mention the bot with the same words, such as `@Shared News news health`.")}})
	return pagedMessages("Shared News commands", "Shared News commands", units)
}

func feedListMessages(l bot.FeedList, loc *time.Location) []message {
	lines := make([]string, 0, len(l.Items))
	for _, f := range l.Items {
		line := "*" + escape(digest.OneLine(f.Name)) + "* — " + link(f.URL, f.URL)
		if f.Sector != "" {
			line += " · " + escape(f.Sector)
		}
		h := f.Health
		line += "\n" + escape(f.LastFetch(loc))
		if !h.LastFetchAt.IsZero() {
			if h.LastError != "" {
				line += fmt.Sprintf("\n:warning: %s (%d in a row)", clipEscaped(h.LastError, 500), h.ConsecutiveFailures)
			}
			if next := f.NextPoll(loc); next != "" {
				line += ", next poll " + next
			}
			if moved := f.Moved(); moved != "" {
				line += "\n:arrow_right: " + clipEscaped(moved, 500)
			}
		}
		line += heldBackLines(f, l.Command)
		lines = append(lines, line)
	}
	units := []unit{{blocks: []slackgo.Block{header("Feeds")}}}
	units = append(units, sectionUnits(joinSections(lines, "\n\n"))...)
	return pagedMessages("Feeds", "Feeds", units)
}

// heldBackLines lists a feed's entries held back as duplicates, with how
// to keep one; "" when there are none.
func heldBackLines(f bot.FeedStatus, command string) string {
	if f.Health.HeldBackTotal == 0 {
		return ""
	}
	out := fmt.Sprintf("\n%s, not kept (to keep one: `%s submit URL`):", f.HeldBack(), escape(command))
	for _, hb := range f.Health.HeldBack {
		out += fmt.Sprintf("\n• %s looks like #%d “%s”", link(hb.Entry.URL, digest.Shorten(hb.Entry.Headline, 100)), hb.Of.ID, clipEscaped(digest.OneLine(hb.Of.Headline), 100))
	}
	return out
}
