package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/feeds"
)

// A reply's Outline is what every platform says, in the order it says it:
// the wording of each sentence and how much of each field is shown are
// decided here once, as digest.Edition.Outline does for editions, so a
// council reading Slack and Discord (and its operator on the console)
// reads the same sentences. An adapter only maps the outline to its
// markup and containers.

// SpanKind says what a piece of a line means, so each platform can mark it
// up in its own way.
type SpanKind int

// Span kinds.
const (
	Plain  SpanKind = iota // words
	Strong                 // words the eye should find: bold, on the console in quotes
	Code                   // words to type, such as a command or a sector's slug
	Link                   // Text linking to URL (an absolute http or https URL, or "")
	Quoted                 // a headline quoted inside a sentence
	When                   // a moment: At, which a platform may show in each reader's zone; Text is it in the bot's
	Named                  // a name inside a sentence (the bot's, as configured): words, never markup
)

// Span is one piece of a line.
type Span struct {
	Kind SpanKind
	Text string // on one line
	URL  string // for Link
	At   time.Time
}

// Line is one line of a reply, made of spans.
type Line []Span

// words makes a line of plain words from a format.
func words(format string, args ...any) Line {
	return plainLine(fmt.Sprintf(format, args...))
}

// plainLine is a line of plain words.
func plainLine(s string) Line { return Line{{Kind: Plain, Text: s}} }

// Entry is one thing a reply lists: a story, a sector, a feed, a command,
// a fact about a channel.
type Entry struct {
	Name   string // a headline, a feed's name, a fact's label; words to type in Rows
	URL    string // where Name links; "" for none
	Sector string // the sector's slug, for platforms that colour a story by it
	Lines  []Line // what is said of it, each on its own line
	Facts  []string
	// Inline entries are short facts shown side by side where a platform
	// can (a status's queue, draft and latest edition).
	Inline bool
}

// FactLine is the entry's facts that are not empty on one line, joined by
// " · ", as every platform shows them under a story ("#12 · BBC News ·
// Health").
func (e Entry) FactLine() string {
	shown := make([]string, 0, len(e.Facts))
	for _, f := range e.Facts {
		if f != "" {
			shown = append(shown, f)
		}
	}
	return strings.Join(shown, " · ")
}

// Shape says how a reply's entries stand, so each platform can pick its
// containers: Slack blocks, Discord embeds and fields, console lines.
type Shape int

// Shapes of a reply.
const (
	Cards  Shape = iota // each entry is a linked story with its facts (Discord: an embed each)
	Fields              // each entry is a name over its lines (Discord: fields)
	Rows                // each entry is one line: words to type, then what they do
	// Review is a review card: the first entry is the story, as in
	// Cards; the others are what the editor decides on, as in Fields.
	Review
)

// Group is a reply's entries under an optional heading ("Editors").
type Group struct {
	Heading string
	Entries []Entry
}

// Outline is a reply as every platform shows it, in reading order: the
// title, the sentences before the entries (what to say when there are
// none, a note, a did-you-mean), the entries, and the sentences after them.
type Outline struct {
	Title  string
	Shape  Shape
	Before []Line
	Groups []Group
	After  []Line
	// Controls are a review card's buttons and choices, in order: a
	// waiting card's, or a rejected card's Approve after all; none for any
	// other reply.
	Controls []Control
}

// Outliner is a reply body that has an outline: every body but a Message
// and an edition, which have their own.
type Outliner interface {
	Outline(loc *time.Location) Outline
}

// Clip lengths of the fields a list shows, the same on every platform:
// enough to tell stories apart, short enough to skim ten of them.
const (
	summaryClip  = 300 // a story's summary
	remarkClip   = 200 // the editor's commentary, the submitter's note
	problemClip  = 300 // a feed's error and where it moved
	headlineClip = 100 // a headline quoted in a sentence
)

// maxFailuresShown is how many failed channels status names; the rest are
// counted in one line.
const maxFailuresShown = 8

// Outline lays out news, search results and the queue: the empty sentence,
// the note and the did-you-mean before the stories, how much of a longer
// queue is shown, or that a search matched more, after them.
func (l StoryList) Outline(loc *time.Location) Outline {
	o := Outline{Title: digest.OneLine(l.Title), Shape: Cards}
	if len(l.Items) == 0 {
		empty := l.Empty
		if empty == "" {
			empty = "Nothing to show."
		}
		o.Before = append(o.Before, plainLine(digest.OneLine(empty)))
	}
	if l.Note != "" {
		o.Before = append(o.Before, plainLine(digest.OneLine(l.Note)))
	}
	if l.ReadWith != "" {
		o.Before = append(o.Before, Line{{Text: "Read it with "}, {Kind: Code, Text: l.ReadWith}, {Text: "."}})
	}
	if l.DidYouMean != "" {
		o.Before = append(o.Before, Line{{Text: "Did you mean "}, {Kind: Strong, Text: digest.OneLine(l.DidYouMean)}, {Text: "?"}})
	}
	entries := make([]Entry, 0, len(l.Items))
	for _, it := range l.Items {
		entries = append(entries, l.entry(it, loc))
	}
	o.Groups = []Group{{Entries: entries}}
	if l.Kind == QueueList && l.Total > len(l.Items) {
		o.After = append(o.After, words("Showing the oldest %d of %d queued stories.", len(l.Items), l.Total))
	}
	if l.More {
		o.After = append(o.After, moreLine(l.MoreURL))
	}
	return o
}

// moreLine tells a member that a search matched more stories than its
// list shows, and how to see them: with more words in chat, or page by
// page on the web archive (url, "" when it is off), which has only the
// published stories.
func moreLine(url string) Line {
	if url == "" {
		return plainLine("More stories match: add words to narrow the search.")
	}
	return Line{{Text: "More stories match: add words to narrow the search, or page through the published ones in "},
		{Kind: Link, Text: "the web archive", URL: url}, {Text: "."}}
}

// entry is one story of a list: its linked name, the start of its summary,
// the editor's words (or the sentence a search matched in them), in the
// queue the submitter's note, then its number, source, sector and where it
// stands (in the queue, who submitted it and when, in loc).
func (l StoryList) entry(it StoryItem, loc *time.Location) Entry {
	s := it.Story
	e := Entry{Sector: s.Sector, Lines: make([]Line, 0, 3), Facts: make([]string, 0, 4)}
	e.Name, e.URL = s.Name()
	if sum := digest.OneLine(s.Summary); sum != "" {
		e.Lines = append(e.Lines, plainLine(digest.Shorten(sum, summaryClip)))
	}
	if c := digest.OneLine(it.Commentary()); c != "" {
		e.Lines = append(e.Lines, plainLine("Commentary: "+digest.Shorten(c, remarkClip)))
	}
	if n := digest.OneLine(s.SubmitNote); l.Kind == QueueList && n != "" {
		e.Lines = append(e.Lines, plainLine("Note: "+digest.Shorten(n, remarkClip)))
	}
	e.Facts = append(e.Facts, "#"+strconv.FormatInt(s.ID, 10))
	if src := digest.OneLine(s.Source); src != "" {
		e.Facts = append(e.Facts, src)
	}
	if it.SectorName != "" {
		e.Facts = append(e.Facts, it.SectorName) // the bot's own name of a sector
	}
	if l.Kind == QueueList && !s.Submitter.IsZero() {
		e.Facts = append(e.Facts, Submitted(s, loc))
	} else if st := it.Standing(); st != "" {
		e.Facts = append(e.Facts, st)
	}
	return e
}

// Outline lays out the sectors: each slug to type, then the sector's name,
// its stories and its aliases.
func (l SectorList) Outline(*time.Location) Outline {
	entries := make([]Entry, 0, len(l.Items))
	for _, it := range l.Items {
		line := digest.OneLine(it.Sector.Name) + " — " + digest.Plural(it.Stories, "story", "stories")
		if len(it.Sector.Aliases) > 0 {
			line += " (also: " + digest.OneLine(strings.Join(it.Sector.Aliases, ", ")) + ")"
		}
		entries = append(entries, Entry{Name: digest.OneLine(it.Sector.Slug), Lines: []Line{plainLine(line)}})
	}
	return Outline{Title: "Sectors", Shape: Rows, Groups: []Group{{Entries: entries}}}
}

// Outline lays out a channel's status: what it receives, then the next
// edition, the queue, the draft and the latest edition, and for editors
// how its delivery and the email edition stand.
func (v StatusView) Outline(loc *time.Location) Outline {
	var sub Line
	switch {
	case !v.Subscribed && v.Channel.Direct && v.CanSubscribe:
		// subscribe refuses a direct message: the line does not offer it.
		sub = Line{{Text: "A direct message cannot receive the edition: "}, {Kind: Code, Text: v.Command + " subscribe"},
			{Text: " in a channel sends each edition there."}}
	case !v.Subscribed && v.Channel.Direct:
		sub = Line{{Text: "A direct message cannot receive the edition: an editor or a channel admin can send each edition to a channel with "},
			{Kind: Code, Text: v.Command + " subscribe"}, {Text: " there."}}
	case !v.Subscribed && v.CanSubscribe:
		sub = Line{{Text: "This channel is not subscribed: "}, {Kind: Code, Text: v.Command + " subscribe"},
			{Text: " sends each edition here."}}
	case !v.Subscribed:
		// subscribe refuses a member: the line says who may run it.
		sub = Line{{Text: "This channel is not subscribed: an editor or a channel admin can send each edition here with "},
			{Kind: Code, Text: v.Command + " subscribe"}, {Text: "."}}
	case len(v.Sectors) == 0:
		sub = plainLine("This channel receives each edition, every sector.")
	default:
		names := make([]string, len(v.Sectors))
		for i, s := range v.Sectors {
			names[i] = digest.OneLine(s.Name)
		}
		sub = words("This channel receives the %s stories of each edition.", ListWords(names))
	}
	next := plainLine("none scheduled")
	if !v.NextPublication.IsZero() {
		next = Line{{Kind: When, At: v.NextPublication, Text: v.NextPublication.In(loc).Format("Monday 2 January 2006 at 15:04 MST")}}
	}
	entries := []Entry{
		{Name: "Next edition", Lines: []Line{next}},
		{Name: "Review queue", Lines: []Line{plainLine(digest.Plural(v.QueueSize, "story", "stories"))}, Inline: true},
		{Name: "Draft", Lines: []Line{plainLine(digest.Plural(v.DraftStories, "story", "stories"))}, Inline: true},
	}
	if v.LatestEdition > 0 {
		entries = append(entries, Entry{Name: "Latest edition", Lines: []Line{plainLine(strconv.Itoa(v.LatestEdition))}, Inline: true})
	}
	if t := v.Delivery; t != nil {
		e := Entry{Name: fmt.Sprintf("Delivery of edition %d", t.Edition), Lines: []Line{plainLine(t.Counts())}}
		if w := t.Waiting.Line(loc); w != "" {
			e.Lines = append(e.Lines, plainLine(w))
		}
		for i, f := range t.Failures {
			if i == maxFailuresShown && len(t.Failures) > maxFailuresShown+1 {
				// A revoked token fails every channel: status names a few
				// and counts the rest, as it did on Slack before.
				e.Lines = append(e.Lines, words("… and %d more failed", len(t.Failures)-i))
				break
			}
			e.Lines = append(e.Lines, words("Failed: %s: %s", digest.OneLine(f.Channel), digest.OneLine(f.Reason)))
		}
		entries = append(entries, e)
	}
	if m := v.Email; m != nil {
		entries = append(entries, Entry{Name: "Email readers", Lines: []Line{plainLine(m.Readers())}})
		if m.Edition > 0 {
			e := Entry{Name: fmt.Sprintf("Email of edition %d", m.Edition), Lines: []Line{plainLine(m.Mails())}}
			if w := m.Waiting.Line(loc); w != "" {
				e.Lines = append(e.Lines, plainLine(w))
			}
			entries = append(entries, e)
		}
	}
	return Outline{Title: v.Name + " status", Shape: Fields, Before: []Line{sub}, Groups: []Group{{Entries: entries}}}
}

// editorsHeading names what only editors may do: help's heading over
// their commands, and the mark of one in a list to pick from
// (CommandSpec.Description).
const editorsHeading = "Editors"

// Outline lays out the commands the caller may use, everyone's first,
// then the editors', and on a chat platform ends with how the bot answers
// there and that a mention of it takes the same words.
func (h HelpView) Outline(*time.Location) Outline {
	var everyone, editors []Entry
	for _, e := range h.Entries {
		entry := Entry{Name: digest.OneLine(e.Usage), Lines: []Line{plainLine(digest.OneLine(e.Summary))}}
		if e.EditorOnly {
			editors = append(editors, entry)
		} else {
			everyone = append(everyone, entry)
		}
	}
	o := Outline{Title: h.Name + " commands", Shape: Rows, Groups: []Group{{Entries: everyone}}}
	if len(editors) > 0 {
		o.Groups = append(o.Groups, Group{Heading: editorsHeading, Entries: editors})
	}
	if h.Chat {
		o.After = []Line{{{Text: "Answers to you are visible only to you; publishing and subscriptions are shown to the channel. " +
			"You can also mention the bot with the same words, such as "}, {Kind: Code, Text: "@" + digest.OneLine(h.Name) + " news health"}, {Text: "."}}}
	}
	return o
}

// Outline lays out each feed's health: its address and sector, its last
// fetch, its error, its next poll, where it moved, and the entries it held
// back as duplicates with how to keep one.
func (l FeedList) Outline(loc *time.Location) Outline {
	entries := make([]Entry, 0, len(l.Items))
	for _, f := range l.Items {
		entries = append(entries, l.entry(f, loc))
	}
	return Outline{Title: "Feeds", Shape: Fields, Groups: []Group{{Entries: entries}}}
}

func (l FeedList) entry(f FeedStatus, loc *time.Location) Entry {
	h := f.Health
	e := Entry{Name: digest.OneLine(f.Name), Lines: []Line{{{Kind: Link, Text: digest.OneLine(f.URL), URL: f.URL}}}}
	if e.Name == "" {
		e.Name = "(unnamed feed)"
	}
	if f.Sector != "" {
		e.Lines = append(e.Lines, plainLine("Sector: "+digest.OneLine(f.Sector)))
	}
	if h.LastFetchAt.IsZero() {
		// A feed added to the configuration waits for run to restart (it
		// reads the configuration at start), while a console beside it
		// lists the file as it is now: say when it will be read.
		e.Lines = append(e.Lines, Line{{Text: "Not fetched yet: "}, {Kind: Code, Text: "sharednews run"},
			{Text: " polls a feed added to the configuration when it next starts"}})
	} else {
		last := fmt.Sprintf(" (%s), %s", digest.OneLine(h.LastStatus), digest.Plural(h.LastNewStories, "new story", "new stories"))
		if h.LastHeldBack > 0 {
			last += fmt.Sprintf(", %d held back", h.LastHeldBack)
		}
		if h.LastFiltered > 0 {
			last += fmt.Sprintf(", %d left on the newswire by its filters", h.LastFiltered)
		}
		e.Lines = append(e.Lines, Line{{Text: "Last fetch "},
			{Kind: When, At: h.LastFetchAt, Text: h.LastFetchAt.In(loc).Format("2 Jan 15:04")}, {Text: last}})
	}
	if h.LastError != "" {
		e.Lines = append(e.Lines, words("Error: %s (%d in a row)", digest.Shorten(digest.OneLine(h.LastError), problemClip), h.ConsecutiveFailures))
	}
	if !h.NextPollAt.IsZero() {
		e.Lines = append(e.Lines, Line{{Text: "Next poll "}, {Kind: When, At: h.NextPollAt, Text: h.NextPollAt.In(loc).Format("2 Jan 15:04")}})
	}
	if h.MovedTo != "" {
		e.Lines = append(e.Lines, plainLine(digest.Shorten("Moved permanently to "+digest.OneLine(h.MovedTo)+": change its url in the configuration", problemClip)))
	}
	if left := feeds.LeftOutWords(h.LeftOut); len(left) > 0 {
		// Entries that are not stories are counted where editors look,
		// as the ones held back are.
		e.Lines = append(e.Lines, plainLine("Left out when last read: "+strings.Join(left, " and ")))
	}
	if h.HeldBackTotal > 0 {
		// Only an entry under a link of its own can be kept by
		// submitting it: a story's link is that story already.
		keepable := len(h.HeldBack) < h.HeldBackTotal
		for _, hb := range h.HeldBack {
			keepable = keepable || !hb.SharesLink()
		}
		held := digest.Plural(h.HeldBackTotal, "entry held back as a duplicate", "entries held back as duplicates")
		head := Line{{Text: held + ":"}}
		if keepable {
			head = Line{{Text: held + ", not kept (to keep one: "}, {Kind: Code, Text: l.Command + " submit URL"}, {Text: "):"}}
		}
		e.Lines = append(e.Lines, head)
		for _, hb := range h.HeldBack {
			// An entry under a story's own link is no other page to
			// keep: it says whose link it has.
			like := " looks like #%d "
			if hb.SharesLink() {
				like = " has the link of #%d "
			}
			e.Lines = append(e.Lines, Line{{Text: "• "},
				{Kind: Link, Text: digest.Shorten(digest.OneLine(hb.Entry.Headline), headlineClip), URL: hb.Entry.URL},
				{Text: fmt.Sprintf(like, hb.Of.ID)}, {Kind: Quoted, Text: digest.Shorten(digest.OneLine(hb.Of.Headline), headlineClip)}})
		}
	}
	return e
}

// Outline is the outline of the reply's body, with times in the bot's zone
// when the bot set it, else in loc (UTC when nil). A Message and an
// edition have none: adapters show them in their own way. For them, and for
// a body added here before the adapters learnt to show it, the outline is
// a title saying the reply cannot be shown, naming its type for the
// operator, in the same words on every platform.
func (r Reply) Outline(loc *time.Location) Outline {
	o, ok := r.Body.(Outliner)
	if !ok {
		return Outline{Title: fmt.Sprintf("(a reply that cannot be shown here: %T)", r.Body), Shape: Cards}
	}
	if r.Zone != nil {
		loc = r.Zone
	} else if loc == nil {
		loc = time.UTC
	}
	return o.Outline(loc)
}

// Markup is how a platform writes spans: Escape makes words safe in its
// markup (nil: as they are), EscapeCode words to type between Code marks,
// Words the bot's own words of a sentence (Message.Line), which keep their
// markup (nil: as Escape does), Strong are the marks around strong words,
// Link writes a link from its address and words, When a moment from its
// time and the bot's words for it (nil: the words).
type Markup struct {
	Escape, EscapeCode, Words func(string) string
	Strong                    [2]string
	Code                      string
	Link                      func(url, text string) string
	When                      func(at time.Time, text string) string
}

// Lines writes each line in m.
func (m Markup) Lines(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = m.Line(l)
	}
	return out
}

// Line writes l in m. A quote is in curly quotes everywhere; code never
// holds a backtick, which would end it early.
func (m Markup) Line(l Line) string {
	escape, code := m.Escape, m.EscapeCode
	if escape == nil {
		escape = func(s string) string { return s }
	}
	if code == nil {
		code = escape
	}
	if len(l) == 1 && l[0].Kind == Plain && m.Escape == nil {
		return l[0].Text // most lines are words alone: no markup to write
	}
	var sb strings.Builder
	for _, s := range l {
		switch {
		case s.Kind == Strong:
			sb.WriteString(m.Strong[0] + escape(s.Text) + m.Strong[1])
		case s.Kind == Code:
			sb.WriteString(m.Code + code(strings.ReplaceAll(s.Text, "`", "'")) + m.Code)
		case s.Kind == Quoted:
			sb.WriteString("“" + escape(s.Text) + "”")
		case s.Kind == Link && m.Link != nil:
			sb.WriteString(m.Link(s.URL, s.Text))
		case s.Kind == When && m.When != nil:
			sb.WriteString(m.When(s.At, s.Text))
		case s.Kind == Plain && m.Words != nil:
			sb.WriteString(m.Words(s.Text))
		default:
			// The spaces around plain words part them from the next
			// span: only the words are escaped (escaping trims).
			words := strings.TrimSpace(s.Text)
			before, after, _ := strings.Cut(s.Text, words)
			sb.WriteString(before + escape(words) + after)
		}
	}
	return sb.String()
}

// Entries writes entries other than stories in m, a string a line, as
// chat lists them: a row is its words to type as code, " — ", and what
// they do; a field of one line is its name, strong, and a colon before the
// line, inline ones side by side (" · "); a longer field is its name,
// strong, over its lines, after a blank line when something came before.
func (m Markup) Entries(shape Shape, entries []Entry) []string {
	var out []string
	inline := false
	strong := func(s string) string { return m.Line(Line{{Kind: Strong, Text: s}}) }
	for _, e := range entries {
		switch {
		case shape == Rows:
			out = append(out, m.Line(Line{{Kind: Code, Text: e.Name}})+" — "+m.Line(e.Lines[0]))
		case len(e.Lines) == 1 && e.Inline && inline:
			out[len(out)-1] += " · " + strong(e.Name+":") + " " + m.Line(e.Lines[0])
		case len(e.Lines) == 1:
			out = append(out, strong(e.Name+":")+" "+m.Line(e.Lines[0]))
		default:
			name := strong(e.Name)
			if len(out) > 0 {
				name = "\n" + name
			}
			out = append(append(out, name), m.Lines(e.Lines)...)
		}
		inline = e.Inline
	}
	return out
}

// Text is the line's words without markup, as the console shows them and
// platforms write their fallback text: strong words in curly quotes, and a
// link as its words, then its address when that is not its words.
func (l Line) Text() string {
	return Markup{Strong: [2]string{"“", "”"}, Link: func(url, text string) string {
		if url == "" || url == text {
			return text
		}
		return text + " " + url
	}}.Line(l)
}
