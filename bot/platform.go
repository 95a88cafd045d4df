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
	// Notify tells one user something privately (a DM or the like).
	Notify(ctx context.Context, user digest.Person, msg Message) error
	// PostEdition posts an edition to a channel, in as many messages as the
	// platform's limits need, and returns a reference to the first message.
	PostEdition(ctx context.Context, channelID string, e digest.Edition) (ref string, err error)
}

// ReviewCard is a story as the editors see it in the review channel.
type ReviewCard struct {
	Story      digest.Story
	SectorName string
	// Outcome is empty while the story waits, else a sentence such as
	// "Approved by @ed into Health & Social Care".
	Outcome string
}
