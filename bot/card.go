package bot

import (
	"time"

	"github.com/sharednews/sharednews/digest"
)

// ReviewCard is a story as the editors see it in the review channel. Its
// methods are the facts every platform's card shows, decided here; an
// adapter only marks them up and adds its controls while the story waits.
type ReviewCard struct {
	Story      digest.Story
	SectorName string // the display name of the story's sector; "" for none
	// SuggestedName is the display name of the sector the suggester
	// proposed; "" when it proposed none.
	SuggestedName string
	// Outcome is empty while the story waits, else a sentence such as
	// "Approved by @ed into Health & Social Care".
	Outcome string
	// Note is a line about the latest change to a waiting story, such as
	// "Edited by @ed"; empty when there is none.
	Note string
	// NotSure is set when the story's sector is the suggested one and the
	// sector model is not sure of it: adapters show "not sure" beside it.
	NotSure bool
}

// reviewCard is the card of s, with its sectors named.
func (b *Bot) reviewCard(s digest.Story) ReviewCard {
	return ReviewCard{Story: s, SectorName: b.sectorName(s.Sector), SuggestedName: b.sectorName(s.SuggestedSector)}
}

// Waiting reports whether the story still waits for a decision, so the
// card carries the review controls: Approve, Reject, Edit and a sector
// choice.
func (c ReviewCard) Waiting() bool { return c.Outcome == "" }

// Suggestion says how the story's sector stands with the suggester's:
// "suggested" or "suggested, not sure" when it is the suggested one, ""
// otherwise (see OtherSuggestion).
func (c ReviewCard) Suggestion() string {
	s := c.Story
	switch {
	case s.SuggestedSector == "" || s.SuggestedSector != s.Sector:
		return ""
	case c.NotSure:
		return "suggested, not sure"
	}
	return "suggested"
}

// OtherSuggestion is the sector the suggester proposed when the story is
// filed under another one; "" otherwise.
func (c ReviewCard) OtherSuggestion() string {
	s := c.Story
	if s.SuggestedSector == "" || s.SuggestedSector == s.Sector {
		return ""
	}
	if c.SuggestedName != "" {
		return c.SuggestedName
	}
	return s.SuggestedSector
}

// Submitted says where a story came from, as cards and the queue show it:
// "submitted by @Mason on 3 Mar 09:15" (the time in loc), or "from the
// newswire".
func Submitted(s digest.Story, loc *time.Location) string {
	if s.Submitter.IsZero() {
		return "from the newswire"
	}
	return "submitted by @" + s.Submitter.DisplayName() + " on " + s.CreatedAt.In(loc).Format("2 Jan 15:04")
}
