package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// Reply is the bot's answer to one command. Adapters render Body in their
// platform's idiom; Public replies are shown to the channel, the others only
// to the caller (ephemeral).
type Reply struct {
	Public bool
	Body   Body
	// Zone is the bot's time zone, in which an outline writes times;
	// nil for a reply made outside Handle.
	Zone *time.Location
}

// Body is one of the reply types below.
type Body interface{ body() }

// Tone says how a Message should be presented.
type Tone int

// Message tones.
const (
	Info    Tone = iota // neutral information
	Success             // something was done
	Problem             // the command was refused or failed; nothing changed
)

// Mark is the emoji chat shows before a message of the tone: "" for
// information.
func (t Tone) Mark() string {
	switch t {
	case Success:
		return "✅ "
	case Problem:
		return "⚠️ "
	}
	return ""
}

// Message is a sentence or two, optionally with the usage line of the
// command that was mistyped. Text is written in the bot's words with their
// markup (`draft`); a sentence that quotes text from members or feeds (a
// headline, an editor's reason) says which part is quoted (Line).
type Message struct {
	Tone  Tone
	Text  string
	Usage string // e.g. "/shared approve ID [SECTOR]"; empty when not relevant
	// Once, when set, marks a message to the editors that they are to
	// hear once however many runs post it: a run stopped or killed while
	// it posted leaves the message to the next, which cannot know whether
	// the post went out. A platform that can read its review channel
	// posts the message with the key and posts only the parts it does not
	// find there; one that cannot posts it whole.
	Once *Once
	// quoted is Text as spans when it quotes someone's text or holds a
	// name (says): the bot's words Plain, each quote Quoted, each name
	// Named; nil when it has neither.
	quoted Line
}

// Once is the key of a message told once (Message.Once): Key names the
// message, the same in every run that posts it; Since is when it could
// first have been posted, where a platform's look for it may start.
type Once struct {
	Key   string
	Since time.Time
}

// onceSkew is how long before a notice's Since the look for it starts: a
// platform's clock, which stamps its messages, and ours may disagree.
const onceSkew = time.Hour

// LookFrom is when a platform's look for the message o names starts: an
// hour before Since, or zero (no bound) when Since is.
func (o Once) LookFrom() time.Time {
	if o.Since.IsZero() {
		return time.Time{}
	}
	return o.Since.Add(-onceSkew)
}

// quote is text from a member or a feed that a sentence quotes: says
// writes it in curly quotes and marks it, so that no headline can format,
// link or mention inside the bot's sentence.
type quote string

// named is a name a sentence holds, such as bot.name, which the
// operator wrote: says marks it (Named), so that its "*" or "_" is shown
// as written where the bot's own words are markup.
type named string

// says is a Message of tone saying format with args, as fmt.Sprintf
// would, where each quote among args is written in curly quotes and
// marked as quoted, each named is marked as a name (Line), and each
// Message is written as its text, its own quotes and names still marked.
func says(tone Tone, format string, args ...any) Message {
	return Message{Tone: tone}.and(format, args...)
}

// and is m with format and args (as in says) written after its text.
func (m Message) and(format string, args ...any) Message {
	// Each quote is formatted as a marker, its number between NUL bytes
	// (which a quote, cleaned, cannot hold), and the sentence is cut at
	// the markers into the bot's words and the quotes.
	var quotes []Span
	marked, written := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		marked[i], written[i] = a, a
		switch a := a.(type) {
		case quote:
			marked[i] = fmt.Sprintf("\x00%d\x00", len(quotes))
			quotes = append(quotes, Span{Kind: Quoted, Text: digest.CleanText(string(a))})
			written[i] = "“" + quotes[len(quotes)-1].Text + "”"
		case named:
			marked[i] = fmt.Sprintf("\x00%d\x00", len(quotes))
			quotes = append(quotes, Span{Kind: Named, Text: digest.CleanText(string(a))})
			written[i] = quotes[len(quotes)-1].Text
		case Message:
			// A piece of a sentence made by says (a byline) keeps its
			// quotes and names marked inside the sentence it joins.
			var mark strings.Builder
			for _, sp := range a.Line() {
				mark.WriteString(fmt.Sprintf("\x00%d\x00", len(quotes)))
				quotes = append(quotes, sp)
			}
			marked[i], written[i] = mark.String(), a.Text
		}
	}
	line := m.Line()
	for i, p := range strings.Split(fmt.Sprintf(format, marked...), "\x00") {
		if n, err := strconv.Atoi(p); i%2 == 1 && err == nil && n < len(quotes) {
			line = append(line, quotes[n])
		} else if p != "" {
			line = append(line, Span{Kind: Plain, Text: p})
		}
	}
	// Text is written apart from the spans: should another argument hold
	// a marker's byte, the spans no longer spell Text and Line falls back
	// to Text alone.
	m.quoted, m.Text = line, m.Text+fmt.Sprintf(format, written...)
	return m
}

// Line is the message's text as spans, for a platform to escape each
// quote (Quoted, without its curly quotes) and each name (Named) as it
// escapes that text in cards, and to keep the bot's own words (Plain) and
// their markup as they are: one Plain span for a message that has neither.
func (m Message) Line() Line {
	if m.quoted != nil && (Markup{}).Line(m.quoted) == m.Text {
		return m.quoted
	}
	if m.Text == "" {
		return nil
	}
	return Line{{Kind: Plain, Text: m.Text}}
}

// UsageLine is the line every platform shows under the sentence of a
// mistyped command, "Usage: /shared approve ID [SECTOR]"; "" when the
// message has no usage. The words are the bot's; an adapter only marks
// the line up.
func (m Message) UsageLine() string {
	u := digest.OneLine(m.Usage)
	if u == "" {
		return ""
	}
	return "Usage: " + u
}

// StoryItem is a story with its sector's display name resolved.
type StoryItem struct {
	Story      digest.Story
	SectorName string
	// Excerpt is, in a search's list, the sentence of the editor's words
	// that matched when the headline and summary did not (search.Hit):
	// shown in place of the commentary.
	Excerpt string
}

// Commentary is the editor's text a list shows with the story: the
// excerpt a search found, else the story's commentary.
func (it StoryItem) Commentary() string {
	if it.Excerpt != "" {
		return it.Excerpt
	}
	return strings.TrimSpace(it.Story.Commentary)
}

// Standing is where the story stands, in a few words for a list: "edition
// 12", "in the next edition" or "newswire"; "" for a story in the queue.
func (it StoryItem) Standing() string {
	s := it.Story
	switch {
	case s.EditionNumber > 0:
		return fmt.Sprintf("edition %d", s.EditionNumber)
	case s.State == digest.StateApproved:
		return "in the next edition"
	case s.State == digest.StateNewswire:
		return "newswire"
	}
	return ""
}

// StoryList answers news, queue and search.
type StoryList struct {
	Kind  ListKind
	Title string      // e.g. "Latest in Health & Social Care"
	Items []StoryItem // may be empty
	Empty string      // what to say when Items is empty
	Total int         // for the queue: how many wait in all (may exceed len(Items))
	// Note is a sentence shown with the list, such as a search's "only
	// some words matched"; "" for none.
	Note string
	// DidYouMean is a search that would find more, for a search that found
	// nothing or little: adapters show "Did you mean *…*?".
	DidYouMean string
	// More is set, for a search, when more stories match than Items
	// holds; MoreURL is then the web archive's search for the same words,
	// "" when the web archive is off.
	More    bool
	MoreURL string
	// ReadWith is, for a search that found no story with every word but
	// whose words the editor wrote in an edition (Empty or Note says
	// which), the command that shows that edition.
	ReadWith string
}

// ListKind says what a story list is for, so adapters can show the right details
// (queue entries show the submitter and note; news shows the edition).
type ListKind int

// Story list kinds.
const (
	NewsList ListKind = iota
	QueueList
	SearchList
)

// SectorList answers /shared sectors.
type SectorList struct {
	Items []SectorCount
}

// SectorCount is a sector and how many approved or published stories it has.
type SectorCount struct {
	Sector  digest.Sector
	Stories int
}

// EditionView is a whole edition (published, or the draft as it will be posted).
type EditionView struct {
	Edition digest.Edition
	// Note is a line shown above the edition, apart from it: for the
	// draft, when it goes out; "" for a published edition.
	Note string
}

// StatusView answers /shared status for one channel.
type StatusView struct {
	Channel         Channel
	Subscribed      bool
	Sectors         []digest.Sector // the channel's filter; empty means every sector
	NextPublication time.Time       // in bot.timezone; zero if the schedule never fires
	QueueSize       int
	DraftStories    int
	LatestEdition   int    // 0 if none published
	Command         string // the platform's command word, for how to subscribe ("/shared")
	Name            string // the bot's name (bot.name), which titles the status
	// CanSubscribe is whether the caller may subscribe the channel (an
	// editor or a channel admin): the line that offers it says who may.
	CanSubscribe bool
	// Delivery is how the latest edition's delivery stands; nil for
	// callers who are not editors, or when it went to no channel.
	Delivery *DeliveryTally
	// Email is the email edition's readers and how the latest edition's
	// mail stands; nil for callers who are not editors, and when email is
	// off and nobody subscribed.
	Email *EmailStatus
}

// EmailStatus counts the email edition's readers (never naming one) and
// the latest edition's mails.
type EmailStatus struct {
	Enabled                                   bool // email.enabled
	Confirmed, Pending, Unsubscribed, Stopped int  // readers by standing
	Edition                                   int  // the latest edition's number; 0 when none was mailed
	Delivered, Sending, Failed, Skipped       int  // its mails
	// Waiting says why the mails still sending wait, and when they are
	// next tried.
	Waiting Waiting
}

// Readers is the readers' line: "120 confirmed, 3 awaiting confirmation, 4 unsubscribed, 1 stopped (mail refused)".
func (e EmailStatus) Readers() string {
	return fmt.Sprintf("%d confirmed, %d awaiting confirmation, %d unsubscribed, %d stopped (mail refused)",
		e.Confirmed, e.Pending, e.Unsubscribed, e.Stopped)
}

// Mails is the latest edition's line: "118 delivered, 0 pending, 2 failed, 0 skipped".
func (e EmailStatus) Mails() string {
	return fmt.Sprintf("%d delivered, %d pending, %d failed, %d skipped", e.Delivered, e.Sending, e.Failed, e.Skipped)
}

// DeliveryTally is how one edition's delivery stands, channel by channel.
type DeliveryTally struct {
	Edition                             int // the edition's number
	Delivered, Pending, Failed, Skipped int // channels in each state (Pending includes those in flight)
	// Failures name each channel that did not get the edition, and why.
	Failures []DeliveryFailure
	// Waiting says why the pending channels wait, and when they are next
	// tried.
	Waiting Waiting
}

// DeliveryFailure is one channel the edition could not be delivered to.
type DeliveryFailure struct {
	Channel string // e.g. "#news (slack C0123)"
	Reason  string // for editors, e.g. "the bot is not a member of the channel"
}

// Total is how many channels the edition was recorded for.
func (t DeliveryTally) Total() int { return t.Delivered + t.Pending + t.Failed + t.Skipped }

// Counts is the tally in words: "3 delivered, 1 pending, 0 failed, 2 skipped".
func (t DeliveryTally) Counts() string {
	return fmt.Sprintf("%d delivered, %d pending, %d failed, %d skipped", t.Delivered, t.Pending, t.Failed, t.Skipped)
}

// HelpView lists the commands the caller may use.
type HelpView struct {
	Command string // the platform's command word, e.g. "/shared"
	Name    string // the bot's name (bot.name), which titles the list
	Entries []HelpEntry
	// Chat is set on a chat platform (Slack, Discord), where answers to
	// the caller are theirs alone and a message mentioning the bot is a
	// command too, which the help ends by saying; not on the console.
	Chat bool
}

// HelpEntry is one command's usage and what it does.
type HelpEntry struct {
	Usage      string
	Summary    string
	EditorOnly bool
}

// FeedList answers /shared feeds.
type FeedList struct {
	Items []FeedStatus
	// Command is the platform's command word, for the line that says how
	// to keep an entry held back as a duplicate ("/shared submit URL").
	Command string
}

// FeedStatus is one configured feed and its polling health, with the
// entries it held back as duplicates of other stories that nobody has kept
// (Health.HeldBack, newest first, a few of Health.HeldBackTotal).
type FeedStatus struct {
	Name   string
	URL    string
	Sector string // sector hint's display name, if any
	Health store.FeedHealth
}

func (Message) body()     {}
func (StoryList) body()   {}
func (SectorList) body()  {}
func (EditionView) body() {}
func (StatusView) body()  {}
func (HelpView) body()    {}
func (FeedList) body()    {}

func problem(text string) Reply { return Reply{Body: Message{Tone: Problem, Text: text}} }

func problemUsage(text, usage string) Reply {
	return Reply{Body: Message{Tone: Problem, Text: text, Usage: usage}}
}

func success(text string) Reply { return Reply{Body: Message{Tone: Success, Text: text}} }

func info(text string) Reply { return Reply{Body: Message{Tone: Info, Text: text}} }
