package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// AnswerTries and AnswerRetryWait are how a platform sends again an
// answer a member waits for (a command's reply) that met a server error
// or a failed connection: three tries in all, half a second before the
// second, doubling (tasks.Tries). Only a request that cannot land twice
// is sent again.
const (
	AnswerTries     = 3
	AnswerRetryWait = 500 * time.Millisecond
)

// Platform is what the bot needs from a chat platform: review cards,
// notices to editors and private messages. Each adapter implements it (and
// delivery.Destination, to receive editions); the bot never imports an
// adapter.
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
	// channel (failed deliveries, a skipped publication). It posts nothing
	// and returns ErrNoReviewChannel when the platform has no review
	// channel configured.
	PostToReview(ctx context.Context, msg Message) error
	// Notify tells one user something privately (a DM or the like). An
	// error that wraps ErrNotReachable says the user does not take such
	// messages from the bot.
	Notify(ctx context.Context, user digest.Person, msg Message) error
}

// Mux is where an adapter's Mount puts its HTTP endpoints (webhooks the
// platform calls); *server.Server and *http.ServeMux both are one. Every
// adapter's Mount takes it, so they all have one signature.
type Mux interface {
	Handle(pattern string, h http.Handler)
}

// Announcer is a Platform that posts a notice to everyone in a channel the
// way it posts an edition there (Slack: chat.postMessage, which works only
// where the app is a member, while a slash command works anywhere).
// Subscribing a channel on such a platform posts a notice there first and
// stores nothing when the platform refuses it: the member who can fix the
// channel learns it then, not the editors each week from a failed
// delivery. A platform that already says so with the command (Discord's
// app permissions, Channel.CannotPost) and shows its answer to the channel
// itself needs none.
type Announcer interface {
	Announce(ctx context.Context, channelID string, msg Message) error
}

// PostRefusedError is an Announce error saying the platform refused the
// bot's post for a reason trying again will not change, and which would
// fail every edition there: the channel (the bot is not a member of it, it
// is archived, only admins may post), the workspace's rules or the bot's
// token.
type PostRefusedError struct {
	// Reason says why in words for members: "the channel is archived".
	Reason string
	// NotMember: the bot is not a member of the channel, and adding it
	// (Slack's /invite) lets it post.
	NotMember bool
	Err       error
}

func (e *PostRefusedError) Error() string {
	return fmt.Sprintf("post refused (%s): %v", e.Reason, e.Err)
}

func (e *PostRefusedError) Unwrap() error { return e.Err }

// ErrNotReachable is wrapped by a Notify error when the platform says the
// user does not accept private messages from the bot (their privacy
// settings, or they left the server), rather than that sending failed.
var ErrNotReachable = errors.New("the user does not accept direct messages from the bot")

// JoinRef is a posted message's reference as an adapter stores it (a
// review card's, an edition's first message's): the channel and the
// message's ID on the platform, joined by sep. Each platform keeps the
// separator its stored references already use.
func JoinRef(channel, message, sep string) string { return channel + sep + message }

// SplitRef reads a reference made by JoinRef with the same sep.
func SplitRef(ref, sep string) (channel, message string, err error) {
	channel, message, ok := strings.Cut(ref, sep)
	if !ok || channel == "" || message == "" {
		return "", "", fmt.Errorf("%q is not a message reference (CHANNEL%sMESSAGE)", ref, sep)
	}
	return channel, message, nil
}
