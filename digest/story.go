// Package digest is the news domain of Shared News: stories, sectors and
// editions, and the pure functions that canonicalise, resolve, compose and
// render them. An edition's Outline (its parts in reading order, what each
// story shows) is the one walk every renderer follows, the chat adapters
// and the web archive included. Chat's layout of an edition is decided
// here once (Outline.Chat): the intro, the lead as a section without a
// heading, each section's text and stories, the footer, and each story's
// lines (commentary and afterword in italics, the headline bold and
// linked, "Read more >>>", the source), in boxes a platform's text box
// holds, a long paragraph or story continuing in the next (SplitWords,
// PackWords, LineSplit). With the text helpers every chat renderer shares
// (counting, clipping, packing text within a platform's limits, a sector's
// label) and the one packer of a long answer's parts into messages
// (Pager), an adapter only says how it writes the text (ChatMarkup: its
// escaping, marks, links, a box's size, where a cut may fall) and puts
// the boxes in its containers.
// Nothing here does I/O.
package digest

import (
	"strings"
	"time"
)

// State is where a story is in the editorial workflow.
type State string

// The states of a story. Newswire stories that did not pass their feed's
// filters stay in StateNewswire; everything the editor must look at is
// StateQueued until a decision moves it on.
const (
	StateNewswire  State = "newswire"
	StateQueued    State = "queued"
	StateApproved  State = "approved"
	StateRejected  State = "rejected"
	StatePublished State = "published"
)

// Undecided reports whether a story in state s is still waiting for an
// editor's decision (queued or on the newswire): approvable, rejectable,
// its review cards showing buttons.
func (s State) Undecided() bool { return s == StateQueued || s == StateNewswire }

// Person identifies a chat user on one platform.
type Person struct {
	Platform string // "slack", "discord", "console"
	ID       string // the platform's user ID
	Name     string // display name at the time, for messages only
}

// IsZero reports whether p names nobody (a newswire story has no submitter).
func (p Person) IsZero() bool { return p.ID == "" }

// DisplayName is how messages name a person: their display name on one
// line, or their platform ID when they have none.
func (p Person) DisplayName() string {
	if n := OneLine(p.Name); n != "" {
		return n
	}
	return p.ID
}

// Story is one news item.
type Story struct {
	ID              int64
	URL             string // canonical URL (see Canonicalize)
	Headline        string
	Summary         string
	Source          string // publisher name, e.g. "BBC News"
	Sector          string // sector slug chosen by the editor, or the suggestion until then
	SuggestedSector string // what the suggester proposed
	Commentary      string // the editor's note shown above the story
	// Afterword is text the editor placed after the story in its edition
	// (an imported edition's follow-up paragraph); it belongs to the
	// edition's layout, so only stories loaded with an edition carry it.
	Afterword     string
	State         State
	Submitter     Person // zero for newswire stories
	SubmitNote    string // what the submitter wrote with the link
	RejectReason  string
	DecidedBy     Person
	DecidedAt     time.Time
	PublishedAt   time.Time // when the source published it (zero if unknown)
	CreatedAt     time.Time
	EditionNumber int // the published edition it appeared in, 0 if none
}

// EditionState says whether an edition can still change.
type EditionState string

// Edition states: one draft at a time; published editions are frozen.
const (
	EditionDraft     EditionState = "draft"
	EditionPublished EditionState = "published"
)

// Edition is one weekly digest, laid out as it is read: the intro, the
// lead story, then the sections in the edition's own order.
type Edition struct {
	ID     int64
	Number int // 0 while draft, or the number it will carry (a preview's); shown once published
	State  EditionState
	Title  string // "News Summary of ... from 19th November 2014"
	Date   time.Time
	// DateLine is the date line above the title as an imported edition
	// wrote it ("Friday, 30th May 2014"), when not as DateLine(Date)
	// writes it; "" writes Date so.
	DateLine    string
	Intro       string    // paragraphs separated by blank lines
	Lead        []Story   // under the intro, before the first section; usually one or none
	Sections    []Section // in the edition's order (see Arrange)
	Footer      string
	PublishedAt time.Time
	// Subscribe is how a reader of this copy gets the newsletter, which a
	// footer's {subscribe} says (FooterText): in chat a command for the
	// channel, by email and on the web the sign-up page. The surface that
	// shows the edition sets it; "" says it in general words.
	Subscribe string
}

// SubscribeHere in a footer (digest.footer) stands for how a reader gets
// the newsletter, in the words of where it is read (Edition.Subscribe):
// a chat channel's members subscribe it by a command, which means nothing
// to a reader of the email or the web archive.
const SubscribeHere = "{subscribe}"

// DefaultFooter is digest.footer's default: the newsletter's own offer.
const DefaultFooter = "Receive this Shared Service News Summary every week: " + SubscribeHere + "."

// formerDefaultFooter was the default before it said {subscribe}, when
// it gave the chat command to every reader. Every edition published under
// it stored it, so it is read as DefaultFooter: its email and web copies
// then say how their readers subscribe, and chat reads as it did.
const formerDefaultFooter = "Receive this Shared Service News Summary every week: ask your editor to subscribe your channel with /shared subscribe."

// anyReader is what {subscribe} says where the surface did not say how
// its readers subscribe.
const anyReader = "ask your editor how to subscribe"

// SignUpAt is how a reader of the email or the web archive gets the
// newsletter (Edition.Subscribe): its sign-up page, at url.
func SignUpAt(url string) string { return "sign up at " + url }

// FooterText is the edition's footer as this copy's reader reads it:
// {subscribe} said as Subscribe says it.
func (e Edition) FooterText() string {
	footer := e.Footer
	if strings.TrimSpace(footer) == formerDefaultFooter {
		footer = DefaultFooter
	}
	if !strings.Contains(footer, SubscribeHere) {
		return footer
	}
	how := OneLine(e.Subscribe)
	if how == "" {
		how = anyReader
	}
	return strings.ReplaceAll(footer, SubscribeHere, how)
}

// Section is one sector's part of an edition: its heading, and its
// stories in running order.
type Section struct {
	Sector Sector
	// Heading is the heading as an imported edition wrote it ("Social
	// care"); "" shows the sector's name.
	Heading string
	// Text is the editor's text under the heading that belongs to no
	// story, such as a section of job adverts with no "Read more".
	Text string
	// Unruled is set for a section that an imported edition wrote without
	// the row of asterisks above its heading (often the first, right under
	// the title); the plain text draws the row above every other section.
	Unruled bool
	Stories []Story
}

// StoryCount is the number of stories in the edition, lead included.
func (e Edition) StoryCount() int {
	n := len(e.Lead)
	for _, s := range e.Sections {
		n += len(s.Stories)
	}
	return n
}

// Stories returns every story of the edition in running order: the lead,
// then each section's.
func (e Edition) Stories() []Story {
	out := make([]Story, 0, e.StoryCount())
	out = append(out, e.Lead...)
	for _, s := range e.Sections {
		out = append(out, s.Stories...)
	}
	return out
}
