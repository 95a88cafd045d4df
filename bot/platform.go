package bot

import (
	"context"

	"github.com/sharednews/sharednews/digest"
)

// Platform is what the bot needs from a chat platform. Each adapter
// implements it; the bot never imports an adapter.
type Platform interface {
	// Name is the key stored with subscriptions and users: "slack", "discord", "console".
	Name() string
	// PostReviewCard shows a queued story in the platform's review channel
	// and returns a reference for later updates. It returns "" and no error
	// when the platform has no review channel configured.
	PostReviewCard(ctx context.Context, card ReviewCard) (ref string, err error)
	// UpdateReviewCard replaces a posted card after a decision.
	UpdateReviewCard(ctx context.Context, ref string, card ReviewCard) error
	// PostToReview tells the editors something in the platform's review
	// channel (failed deliveries, a skipped publication). It does nothing
	// when the platform has no review channel configured.
	PostToReview(ctx context.Context, msg Message) error
	// Notify tells one user something privately (a DM or the like).
	Notify(ctx context.Context, user digest.Person, msg Message) error
	// PostEdition posts one channel's copy of an edition, in as many
	// messages (parts) as the platform's limits need, starting at part
	// post.From. After each part is posted it calls sent with the part's
	// index (from 0) and its message reference; an error from sent stops
	// the posting and is returned. Errors are classified with
	// PermanentError and RetryAfterError; any other error is transient.
	PostEdition(ctx context.Context, post EditionPost, sent func(part int, ref string) error) error
}

// EditionPost is one channel's copy of an edition, as the delivery worker
// asks a platform to post it.
type EditionPost struct {
	ChannelID string
	// Edition is already filtered to the channel's sectors.
	Edition digest.Edition
	// From is the first part still to post; the parts before it are
	// already in the channel.
	From int
	// FirstRef is the reference of part 0 when From > 0 (Slack posts the
	// later parts in its thread).
	FirstRef string
	// Key names this delivery (edition and channel) uniquely. Platforms
	// attach it to every part so that a restarted bot can recognise the
	// parts it already posted.
	Key string
}

// PostedPartsFinder is implemented by platforms that can look in a channel
// for the parts of an edition already posted there, so that a delivery
// interrupted between posting a part and recording it resumes at the first
// part not yet in the channel.
type PostedPartsFinder interface {
	// PostedParts returns how many leading parts of post are already in
	// the channel and the reference of part 0 ("" when none is).
	PostedParts(ctx context.Context, post EditionPost) (parts int, firstRef string, err error)
}

// ReviewCard is a story as the editors see it in the review channel.
type ReviewCard struct {
	Story      digest.Story
	SectorName string
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
