// Package console is the terminal adapter: a local chat on stdin/stdout in
// which the operator types commands exactly as in Slack or Discord. A
// bot.Platform and delivery.Destination like every adapter, a scripted
// conversation exercises the real router, permissions, store and delivery
// worker. With no configuration section or HTTP endpoint, it is built with
// New(bot, Options) and has Run alone.
package console

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/lines"
)

// MaxLineBytes is the longest line the console runs: a command is a few
// thousand characters at most; a longer line, pasted by mistake, is skipped.
const MaxLineBytes = 1 << 20

// PlatformName is the key the console uses for subscriptions and users.
const PlatformName = "console"

// channelID is the one channel the console has: the terminal itself.
const channelID = "console"

// Console is a local chat session.
type Console struct {
	bot    *bot.Bot
	in     io.Reader
	out    io.Writer
	prompt string // printed before each line when the input is a terminal
	user   digest.Person

	mu sync.Mutex // serialises writes: deliveries may print while a command answers
}

// Options configure a Console.
type Options struct {
	In  io.Reader
	Out io.Writer
	// Interactive prints a prompt and a greeting; off when stdin is a pipe.
	Interactive bool
	// User is the operator's name, shown in review outcomes ("Approved by @…").
	User string
}

// New makes a console for b and registers it as a platform.
func New(b *bot.Bot, opts Options) *Console {
	name := cmp.Or(opts.User, "operator")
	c := &Console{bot: b, in: opts.In, out: opts.Out,
		user: digest.Person{Platform: PlatformName, ID: name, Name: name}}
	if opts.Interactive {
		c.prompt = "shared> "
	}
	b.AddPlatform(c)
	return c
}

// Run reads commands until the input ends, "quit" is typed, or ctx is done.
// A line over MaxLineBytes is answered with a refusal and skipped; the
// session carries on with the next line.
func (c *Console) Run(ctx context.Context) error {
	input := make(chan lines.Line)
	readErr := make(chan error, 1)
	go func() {
		readErr <- lines.Read(c.in, MaxLineBytes, func(l lines.Line) bool {
			select {
			case input <- l:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	if c.prompt != "" {
		c.printf("%s console. You are the editor. Type %s help, or quit to leave.\n", c.bot.Name(), c.bot.CommandWord(PlatformName))
	}
	for {
		c.printf("%s", c.prompt)
		select {
		case <-ctx.Done():
			return nil
		case err := <-readErr: // after every line sent, which was taken at once
			if c.prompt != "" {
				c.printf("\n")
			}
			if err != nil {
				return fmt.Errorf("read console input: %w", err)
			}
			return nil
		case in := <-input:
			if in.TooLong {
				c.printf("✗ That line is longer than 1 MiB (%d bytes), so it was not run and nothing was changed. A command is much shorter: check what was pasted.\n", in.Size)
				continue
			}
			line := strings.TrimSpace(in.Text)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if line == "quit" || line == "exit" {
				return nil
			}
			req := bot.Request{Caller: bot.Caller{Person: c.user}, Text: line,
				Channel: bot.Channel{Platform: PlatformName, ID: channelID, Name: "console"}}
			c.printf("%s\n", RenderReply(c.bot.Handle(ctx, req), c.bot.Location()))
		}
	}
}

// printf writes to the terminal, never a control character in it: the
// answer may quote anything a member, an editor or a feed wrote, and a
// terminal obeys ESC and BEL rather than print them.
func (c *Console) printf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	io.WriteString(c.out, digest.StripControls(fmt.Sprintf(format, args...)))
}

// Name implements bot.Platform.
func (c *Console) Name() string { return PlatformName }

// PostReviewCard implements bot.Platform: the console is its own review
// channel, so a card is printed as its outline says it.
func (c *Console) PostReviewCard(ctx context.Context, card bot.ReviewCard) (string, error) {
	return fmt.Sprintf("review-%d", card.Story.ID), c.UpdateReviewCard(ctx, "", card)
}

// UpdateReviewCard implements bot.Platform: the card again, after a
// decision or an edit, which it names.
func (c *Console) UpdateReviewCard(_ context.Context, _ string, card bot.ReviewCard) error {
	c.printf("[review] %s\n", renderOutline(card.Outline(c.bot.Location())))
	return nil
}

// Notify implements bot.Platform.
func (c *Console) Notify(_ context.Context, user digest.Person, msg bot.Message) error {
	c.printf("[to @%s] %s\n", user.Name, msg.Text)
	return nil
}

// PostToReview implements bot.Platform: the console is its own review channel.
func (c *Console) PostToReview(_ context.Context, msg bot.Message) error {
	c.printf("[review] %s\n", msg.Text)
	return nil
}

// PostEdition implements bot.Platform: a subscribed console prints the
// edition, in one part.
func (c *Console) PostEdition(_ context.Context, post delivery.Post, sent func(part int, ref string) error) error {
	if post.ChannelID != channelID {
		return &delivery.PermanentError{Reason: fmt.Sprintf("the console has no channel %q", post.ChannelID)}
	}
	return post.EachPart(1, sent, func(int) (string, error) {
		c.printf("[delivered to this console]\n%s\n", digest.RenderText(post.Edition))
		return fmt.Sprintf("edition-%d", post.Edition.Number), nil
	})
}
