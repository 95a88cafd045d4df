package bot

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// The sentences a member reads when what they typed is refused. The
// packages below the bot return errors for operators; the bot says what
// went wrong to the person who typed it.

// ListWords joins words as a sentence does: "a", "a and b", "a, b and c".
// Every list of words in a sentence for users is joined by it, whatever
// the platform; the rule is digest's, so that the mails, which cannot
// import the bot, join theirs the same way.
func ListWords(words []string) string { return digest.ListWords(words) }

// ListSeparator is what ListWords writes before the i-th of n words ("",
// ", " or " and "), for a list whose words are not plain text (the web's
// links to editions).
func ListSeparator(i, n int) string { return digest.ListSeparator(i, n) }

// Restarting answers what a member sends while a platform's adapter is
// shutting down and can no longer promise an answer: a command, a press or
// a form. Every platform says it in these words, with the bot's name.
func (b *Bot) Restarting() Message {
	return says(Problem, "%s is restarting; please try again in a minute.", named(b.Name()))
}

// NotOurCommand answers a slash command of another name that reached the
// bot (typed, without its "/"; command is the bot's own, "/shared"): on
// Discord, an application's commands all come to it.
func (b *Bot) NotOurCommand(typed, command string) Message {
	return says(Problem, "/%s is not a command of %s; try `%s help`.", typed, named(b.Name()), command)
}

// ForeignControl answers a press of a control the bot did not draw, or
// drew in a form it no longer reads.
func (b *Bot) ForeignControl() Message {
	return says(Problem, "That control is not one of %s's, or is out of date.", named(b.Name()))
}

// Incomplete answers a command that arrived without what its platform
// always sends with one (who sent it, the channel, where the answer goes),
// which is not acted on, on every platform.
const Incomplete = "That command arrived incomplete; nothing was done. Please try again."

// StaleForm answers a submitted form the bot can no longer place (drawn by
// an older version of it), on every platform. It names no button: a form
// may have been opened by a card's button or by a typed command.
const StaleForm = "This form is out of date; close it and open it again."

// SentByDirectMessage answers a command where its platform (platform,
// as members know it: "Slack") shows fewer messages than the answer's n
// (Slack's response_url takes five): the answer went whole to the
// caller's direct messages with the app, its first message and the rest
// in its thread, as an edition goes to a channel.
func SentByDirectMessage(platform string, n int) Message {
	return Message{Tone: Info, Text: fmt.Sprintf("This answer is %d messages long, more than %s lets a command show here, "+
		"so it has been sent to you whole in a direct message from the app (its first message, and the rest in its thread).", n, platform)}
}

// AnswerCut ends an answer cut to the messages its platform shows in
// answer to a command. When a direct message with the whole answer was
// tried and stopped after sent of its n messages, it says so: what reached
// the direct messages reads as a whole answer.
func AnswerCut(platform string, sent, n int) string {
	cut := fmt.Sprintf("… this answer is longer than %s lets a command show; the rest is left out.", platform)
	if sent > 0 {
		cut += fmt.Sprintf(" The direct message with the whole answer stopped after %d of its %d messages.", sent, n)
	}
	return cut
}

// Failed is the sentence for a failure on our side while doing what a
// member asked ("approve #3"), or doing "" when a platform failed before it
// could tell what: the same words whichever failed, on every platform.
func Failed(doing string) string {
	if doing != "" {
		doing = " (" + doing + ")"
	}
	return "Something went wrong on our side" + doing + "; nothing was changed. The operator can see the details in the log."
}

// urlProblem says why a submitted link was refused, from
// digest.Canonicalize's error.
func urlProblem(err error) string {
	switch {
	case errors.Is(err, digest.ErrURLEmpty):
		return "Please give a link."
	case errors.Is(err, digest.ErrURLTooLong):
		return fmt.Sprintf("That link is longer than %s characters.", digest.Thousands(digest.MaxURLLength))
	case errors.Is(err, digest.ErrURLScheme):
		return "Only http and https links can be submitted."
	case errors.Is(err, digest.ErrURLNoHost):
		return "That link has no host name."
	case errors.Is(err, digest.ErrURLCredentials):
		return "Links with a user name or password in them can't be submitted."
	case errors.Is(err, digest.ErrURLInvalidHost):
		return "That link's host name is not valid."
	case errors.Is(err, digest.ErrURLInvalidPort):
		return "That link's port number is not valid."
	}
	return "That doesn't look like a valid link."
}

// schemeHint is, for a link typed without its scheme whose host is a
// domain name ("www.bbc.co.uk/news"), the sentence offering it with
// https:// (Slack links such a word itself; Discord and the console pass
// it as typed), else "". The link is not taken so: which scheme the site
// serves is the member's to say.
func schemeHint(raw string, err error) string {
	typed := digest.TypedLink(raw)
	if !errors.Is(err, digest.ErrURLScheme) || strings.Contains(typed, "://") {
		return ""
	}
	withScheme := "https://" + typed
	u, parseErr := url.Parse(withScheme)
	if parseErr != nil || !strings.Contains(u.Hostname(), ".") || strings.HasPrefix(typed, ".") || !domainEnding(u.Hostname()) {
		return ""
	}
	if _, err := digest.Canonicalize(withScheme); err != nil {
		return ""
	}
	return fmt.Sprintf(" Did you mean `%s`?", quoteCode(withScheme))
}

// domainEnding reports whether host could be a site's name as typed: an
// IPv4 address written any way browsers take one (digest.NumericHost, as
// Canonicalize reads it), or a name whose last label is a top-level
// domain's shape (two or more letters, or an IDN's "xn--"). "e.g" and
// "No.10" are the words of a sentence, and offering "https://e.g" would be
// nonsense.
func domainEnding(host string) bool {
	if addr, numeric := digest.NumericHost(host); numeric {
		return addr.IsValid() // as Canonicalize reads it: "192.0.2.7", "127.1"
	}
	tld := strings.ToLower(host[strings.LastIndexByte(host, '.')+1:])
	if strings.HasPrefix(tld, "xn--") {
		return len(tld) > len("xn--")
	}
	return utf8.RuneCountInString(tld) >= 2 && !strings.ContainsFunc(tld, func(r rune) bool { return !unicode.IsLetter(r) })
}

// laterLinkHint is, for a submission whose first word is no link but
// whose later typed words hold one ("submit Look at this https://…", as a
// sentence or a mention is written), the sentence saying the link comes
// first, else "". Without it the member, who did give an https link, is
// told only that http and https links can be submitted.
func (b *Bot) laterLinkHint(req Request, cmd Command, err error) string {
	if !errors.Is(err, digest.ErrURLScheme) {
		return ""
	}
	for _, arg := range cmd.Args[1:] {
		typed := digest.TypedLink(arg.Text)
		if arg.Literal || !strings.Contains(typed, "://") {
			continue
		}
		if _, err := digest.Canonicalize(typed); err == nil {
			return fmt.Sprintf(" The link comes first: `%s submit %s`, then the sector and a note if you like.",
				b.CommandWord(req.Channel.Platform), quoteCode(typed))
		}
	}
	return ""
}

// sectorProblem says why a sector name was not understood, from
// digest.Sectors.Resolve's error: "Unknown sector `helth`. Did you mean
// `health`?".
func sectorProblem(err error) string {
	var unknown *digest.UnknownSectorError
	var ambiguous *digest.AmbiguousSectorError
	switch {
	case errors.As(err, &unknown) && strings.TrimSpace(unknown.Input) == "":
		return "No sector given."
	case errors.As(err, &unknown):
		msg := fmt.Sprintf("Unknown sector `%s`.", quoteCode(unknown.Input))
		if meant := unknown.Meant(); meant != "" {
			msg += fmt.Sprintf(" Did you mean `%s`?", meant)
		} else if len(unknown.Candidates) > 0 {
			msg += fmt.Sprintf(" Did you mean %s?", slugsOr(unknown.Candidates))
		}
		return msg
	case errors.As(err, &ambiguous):
		return fmt.Sprintf("Sector `%s` could be %s.", quoteCode(ambiguous.Input), slugsOr(ambiguous.Candidates))
	}
	return "That is not a sector."
}

// slugsOr lists slugs as code, the last after "or": "`health`, `housing`
// or `highway-code`".
func slugsOr(slugs []string) string {
	quoted := make([]string, len(slugs))
	for i, c := range slugs {
		quoted[i] = "`" + c + "`"
	}
	list := strings.Join(quoted, ", ")
	if n := len(quoted); n > 1 {
		list = strings.Join(quoted[:n-1], ", ") + " or " + quoted[n-1]
	}
	return list
}

// quoteCode keeps what was typed from closing the backticks it is shown
// in, and keeps a pasted paragraph from filling the reply.
func quoteCode(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "`", "'")), " ")
	const maxShown = 40
	if utf8.RuneCountInString(s) > maxShown {
		s = string([]rune(s)[:maxShown]) + "…"
	}
	return s
}
