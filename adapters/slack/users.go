package slack

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// Cache lifetimes: a busy channel costs Slack almost no lookups, and a new
// editor or admin is recognised within minutes.
const (
	userTTL  = 10 * time.Minute
	groupTTL = 5 * time.Minute
	// lookupTimeout bounds one lookup, so a slow Slack cannot hold up a command.
	lookupTimeout = 2 * time.Second
)

// userFacts is what users.info told us about one user.
type userFacts struct {
	name  string
	admin bool
}

// caller is the bot's view of a Slack user: their name (nameHint, the
// payload's, when users.info cannot say), whether they are a workspace
// admin or owner (users.info), and whether they are in the editors' user
// group (usergroups.users.list). A failed lookup gives no extra rights.
func (a *Adapter) caller(ctx context.Context, userID, nameHint string) bot.Caller {
	c := bot.Caller{Person: digest.Person{Platform: PlatformName, ID: userID, Name: nameHint}}
	if userID == "" {
		return c
	}
	f, err := a.user(ctx, userID) // nothing, when users.info cannot say
	if err != nil {
		a.log.WarnContext(ctx, "look up slack user", "user", userID, "err", err)
	}
	c.Name, c.ChannelAdmin = cmp.Or(f.name, nameHint, userID), f.admin
	if a.editors != "" && a.inGroup(ctx, userID) {
		c.Groups = []string{a.editors}
	}
	return c
}

// user is what users.info says of a user; nothing when it cannot say.
func (a *Adapter) user(ctx context.Context, id string) (userFacts, error) {
	f, err := a.users.Get(ctx, id, func(ctx context.Context) (userFacts, error) {
		u, err := a.api.GetUserInfoContext(ctx, id)
		if err != nil {
			return userFacts{}, fmt.Errorf("users.info %s: %w", id, err)
		}
		return userFacts{name: displayName(u), admin: u.IsAdmin || u.IsOwner || u.IsPrimaryOwner}, nil
	})
	if err != nil {
		return userFacts{}, err // a stale admin is not kept: no more rights than Slack says now
	}
	return f, nil
}

// displayName is the name Slack shows for a user.
func displayName(u *slackgo.User) string {
	return cmp.Or(digest.OneLine(u.Profile.DisplayName), digest.OneLine(u.RealName),
		digest.OneLine(u.Profile.RealName), digest.OneLine(u.Name), u.ID)
}

// inGroup reports whether the user is in the editors' user group: when it
// cannot be read, as last read (nobody, never read).
func (a *Adapter) inGroup(ctx context.Context, userID string) bool {
	members, err := a.members.Get(ctx, a.editors, func(ctx context.Context) ([]string, error) {
		ids, err := a.api.GetUserGroupMembersContext(ctx, a.editors)
		if err != nil {
			return nil, fmt.Errorf("usergroups.users.list %s: %w", a.editors, err)
		}
		return ids, nil
	})
	if err != nil {
		a.log.WarnContext(ctx, "read the editors' user group", "group", a.editors, "err", err)
	}
	return slices.Contains(members, userID)
}

// userMention is a mention of a user as a message event carries it,
// <@U123>, without the name a slash command's escaping would add.
var userMention = regexp.MustCompile(`<@([UW][A-Z0-9]+)>`)

// namedMentions names each bare user mention, <@U123|Ana>, so that a note
// written in an @bot mention reads "@Ana" as the message showed it, not
// "@U123" (unless the user cannot be looked up).
func (a *Adapter) namedMentions(ctx context.Context, text string) string {
	return userMention.ReplaceAllStringFunc(text, func(m string) string {
		id := m[2 : len(m)-1]
		f, _ := a.user(ctx, id) // nothing, when users.info cannot say
		name := strings.NewReplacer("<", "", ">", "", "|", "").Replace(f.name)
		if name == "" {
			return m
		}
		return "<@" + id + "|" + name + ">"
	})
}
