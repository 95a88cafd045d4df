package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// lead answers /shared lead ID|none: the story shown under the draft's
// intro, before the first section.
func (b *Bot) lead(ctx context.Context, _ Request, cmd Command) Reply {
	if len(cmd.Args) == 0 {
		return badArgs("Give the number of an approved story to lead the draft, or `none`.")
	}
	if len(cmd.Args) > 1 {
		return badArgs("Give one story number: one story leads the edition.")
	}
	var id int64
	if arg := strings.ToLower(cmd.Arg(0)); arg != "none" && arg != "off" {
		var ok bool
		if id, ok = parseStoryID(cmd.Arg(0)); !ok {
			return badArgs(fmt.Sprintf("`%s` is not a story number; story numbers look like 12 or #12 (or say `none`).", cmd.Arg(0)))
		}
	}
	if id == 0 {
		// As `intro none` does: a draft with no lead is told so, not
		// answered with a tick as if something changed.
		rec, err := b.store.Draft(ctx)
		if err == nil && !hasLead(rec.Layout) {
			return info("The draft has no lead story, so there is nothing to remove.")
		}
		if err != nil && !errors.Is(err, store.ErrNoDraft) {
			return b.failure(ctx, "load the draft", err)
		}
	}
	s, err := b.store.SetLead(ctx, id)
	var se *store.StateError
	switch {
	case errors.Is(err, store.ErrNoDraft):
		return problem("There is no draft yet: approve stories from `queue`, then choose the lead.")
	case errors.Is(err, store.ErrNotFound):
		return problem(fmt.Sprintf("There is no story #%d.", id))
	case errors.As(err, &se):
		return problem(notInDraft(se.Story))
	case err != nil:
		return b.failure(ctx, "set the lead story", err)
	case id == 0:
		return success("The draft has no lead story now; every story is in its section.")
	}
	return Reply{Body: says(Success, "#%d %s leads the draft edition, under the intro. See it with `draft`.", s.ID, quote(s.Headline))}
}

// notInDraft says why a story cannot lead the draft.
func notInDraft(s digest.Story) string {
	switch s.State {
	case digest.StateQueued:
		return fmt.Sprintf("Story #%d is not in the draft yet: approve it first (`approve %d`).", s.ID, s.ID)
	case digest.StatePublished:
		return fmt.Sprintf("Story #%d was published in edition %d; only a story in the draft can lead it.", s.ID, s.EditionNumber)
	case digest.StateRejected:
		return fmt.Sprintf("Story #%d was rejected; only a story in the draft can lead it.", s.ID)
	}
	return fmt.Sprintf("Story #%d is not in the draft edition; only an approved story can lead it.", s.ID)
}

// maxOrderedSectors bounds how many sector words /shared order reads.
const maxOrderedSectors = 50

// sectionOrder answers /shared order SECTOR…|reset: the draft's sections in that
// order, the sectors not named after them in the configured order.
func (b *Bot) sectionOrder(ctx context.Context, _ Request, cmd Command) Reply {
	words := argTexts(cmd)
	if len(words) == 0 {
		return badArgs("Name the sectors in the order the draft should show them, for example `order health housing`; the others follow in the usual order.")
	}
	var slugs []string
	if !(len(words) == 1 && strings.EqualFold(words[0], "reset")) {
		if len(words) > maxOrderedSectors {
			return badArgs(fmt.Sprintf("Name at most %d sectors.", maxOrderedSectors))
		}
		// "reset" among sectors was read as an unknown sector, which
		// told an editor who meant the word that it was not one.
		if slices.ContainsFunc(words, func(w string) bool { return strings.EqualFold(w, "reset") }) {
			if _, err := b.sectors.Resolve("reset"); err != nil {
				return badArgs("`reset` stands alone: `order reset` puts the sections back in the usual order; to set an order, name only sectors.")
			}
		}
		var again string
		var reply Reply
		var ok bool
		if slugs, again, reply, ok = b.resolveSectorList(words); !ok {
			return reply
		}
		// A sector named twice leaves its place unsaid ("housing health
		// housing"): refused, naming it, rather than placed where it came
		// first without a word.
		if again != "" {
			sec, _ := b.sectors.Resolve(again) // resolved above
			return badArgs(fmt.Sprintf("`%s` names %s a second time: name each sector once, in the order the draft should show them.",
				again, b.sectorName(sec.Slug)))
		}
	}
	if err := b.store.SetSectionOrder(ctx, slugs); err != nil {
		return b.failure(ctx, "set the section order", err)
	}
	if len(slugs) == 0 {
		return success("The draft's sections are back in the usual order: " + b.sectorNames(b.sectorSlugList()) + ".")
	}
	rest := make([]string, 0, len(b.sectors))
	for _, s := range b.sectors {
		if !slices.Contains(slugs, s.Slug) {
			rest = append(rest, s.Slug)
		}
	}
	msg := "The draft's sections now run " + b.sectorNames(slugs)
	if len(rest) > 0 {
		msg += ", then " + b.sectorNames(rest)
	}
	return success(msg + ". See it with `draft`.")
}

// resolveSectorList reads sector names from words, each one word or
// several ("local government"): at each word, the longest run of words
// that names a sector. Commas separate names as spaces do ("health,
// housing"), and so does "and" or "&" between two names ("health,
// housing and education") where it is no part of a name. A sector named
// twice counts once, where it came first; again is the first name, as
// typed, that named a sector a second time ("" when none did).
func (b *Bot) resolveSectorList(typed []string) (slugs []string, again string, reply Reply, ok bool) {
	var words []string
	for _, w := range typed {
		for part := range strings.SplitSeq(w, ",") {
			if part = strings.TrimSpace(part); part != "" {
				words = append(words, part)
			}
		}
	}
	for i := 0; i < len(words); {
		found := false
		for j := len(words); j > i; j-- {
			name := strings.Join(words[i:j], " ")
			sec, err := b.sectors.Resolve(name)
			if err != nil {
				continue
			}
			if !slices.Contains(slugs, sec.Slug) {
				slugs = append(slugs, sec.Slug)
			} else if again == "" {
				again = name
			}
			i, found = j, true
			break
		}
		if !found && i > 0 && i+1 < len(words) && listAnd(words[i]) {
			// "housing and health": the "and" between two names that
			// is no part of either.
			i++
			continue
		}
		if !found {
			_, reply, _ := b.resolveSector(words[i])
			return nil, "", reply, false
		}
	}
	return slugs, again, Reply{}, true
}

// listAnd reports whether w joins the last two names of a list.
func listAnd(w string) bool { return strings.EqualFold(w, "and") || w == "&" }

func (b *Bot) sectorSlugList() []string {
	out := make([]string, len(b.sectors))
	for i, s := range b.sectors {
		out[i] = s.Slug
	}
	return out
}

// sectorNames lists sectors by name: "Health & Social Care, Housing".
func (b *Bot) sectorNames(slugs []string) string {
	names := make([]string, len(slugs))
	for i, s := range slugs {
		names[i] = b.sectorName(s)
	}
	return strings.Join(names, ", ")
}

// escapedBreak is a line break typed as the two characters "\n" (in the
// console, or anywhere a newline cannot be typed), with the spaces around
// it. A doubled backslash ("\\n", as a shell, a script or a chat client's
// escaping leaves it) and Windows' "\r\n" are the same break: taking only
// the last "\n" of them left a stray backslash, or "\r", published.
var escapedBreak = regexp.MustCompile(`[ \t]*(?:\\+r)?\\+n[ \t]*`)

// escapedBreaks is a run of escapedBreak, which one space stands for in a
// headline or summary.
var escapedBreaks = regexp.MustCompile(`(?:` + escapedBreak.String() + `)+`)

// editorParagraphs reads the text of an intro, note or commentary as the
// editor's paragraphs: each line break, typed as a newline (in Slack's and
// Discord's edit forms) or as a literal "\n", starts a new paragraph, and
// paragraphs are stored separated by a blank line.
func editorParagraphs(text string) string {
	text = escapedBreak.ReplaceAllString(text, "\n")
	var paras []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			paras = append(paras, line)
		}
	}
	return strings.Join(paras, "\n\n")
}

// hasLead reports whether the layout places a story as the lead.
func hasLead(l digest.Layout) bool {
	for _, place := range l.Places {
		if place == digest.LeadPlace {
			return true
		}
	}
	return false
}
