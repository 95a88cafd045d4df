package slack

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/lookup"
)

// Cache lifetimes: a busy channel costs Slack almost no lookups, and a new
// editor or admin is recognised within minutes.
const (
	userTTL  = 10 * time.Minute
	groupTTL = 5 * time.Minute
	// lookupTimeout bounds one lookup, so a slow Slack cannot hold up a command.
	lookupTimeout = 2 * time.Second
)

// directory tells the bot who a Slack user is: their name, whether they are
// a workspace admin or owner (users.info), and whether they are in the
// editors' user group (usergroups.users.list), both cached (lookup.Cache).
type directory struct {
	api     *slackgo.Client
	group   string // editors.slack_usergroup; "" for none
	log     *slog.Logger
	users   *lookup.Cache[userFacts]
	members *lookup.Cache[[]string] // the editors' group: a few people, so a list
}

// userFacts is what users.info told us about one user.
type userFacts struct {
	name  string
	admin bool
}

// caller is the bot's view of a Slack user, named nameHint (the payload's)
// when users.info cannot say. A failed lookup gives no extra rights.
func (d *directory) caller(ctx context.Context, userID, nameHint string) bot.Caller {
	c := bot.Caller{Person: digest.Person{Platform: PlatformName, ID: userID, Name: nameHint}}
	if userID == "" {
		return c
	}
	f, err := d.user(ctx, userID) // nothing, when users.info cannot say
	if err != nil {
		d.log.WarnContext(ctx, "look up slack user", "user", userID, "err", err)
	}
	c.Name = cmp.Or(f.name, nameHint, userID)
	c.ChannelAdmin = f.admin
	if d.group != "" && d.inGroup(ctx, userID) {
		c.Groups = []string{d.group}
	}
	return c
}

// user is what users.info says of a user; nothing when it cannot say.
func (d *directory) user(ctx context.Context, id string) (userFacts, error) {
	f, err := d.users.Get(ctx, id, func(ctx context.Context) (userFacts, error) {
		u, err := d.api.GetUserInfoContext(ctx, id)
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
func (d *directory) inGroup(ctx context.Context, userID string) bool {
	members, err := d.members.Get(ctx, d.group, func(ctx context.Context) ([]string, error) {
		ids, err := d.api.GetUserGroupMembersContext(ctx, d.group)
		if err != nil {
			return nil, fmt.Errorf("usergroups.users.list %s: %w", d.group, err)
		}
		return ids, nil
	})
	if err != nil {
		d.log.WarnContext(ctx, "read the editors' user group", "group", d.group, "err", err)
	}
	return slices.Contains(members, userID)
}

// userMention is a mention of a user as a message event carries it,
// <@U123>, without the name a slash command's escaping would add.
var userMention = regexp.MustCompile(`<@([UW][A-Z0-9]+)>`)

// namedMentions gives each bare user mention in a message's text the
// user's name, <@U123|Ana>, so that commandText writes "@Ana" as the
// message showed it, not "@U123" (a note written in an @bot mention), or
// the ID when the user cannot be looked up.
func (d *directory) namedMentions(ctx context.Context, text string) string {
	return userMention.ReplaceAllStringFunc(text, func(m string) string {
		id := m[2 : len(m)-1]
		f, _ := d.user(ctx, id) // nothing, when users.info cannot say
		name := strings.NewReplacer("<", "", ">", "", "|", "").Replace(f.name)
		if name == "" {
			return m
		}
		return "<@" + id + "|" + name + ">"
	})
}
