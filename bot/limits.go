package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/search"
)

// Limits on what people type. Longer input is refused with a sentence that
// says the limit, never silently cut: the editor's words are theirs.
const (
	maxHeadlineRunes = 300
	maxSummaryRunes  = 1000
	maxNoteRunes     = 1000
	maxReasonRunes   = 500
	maxIntroRunes    = 4000
	maxSearchRunes   = search.MaxInputRunes
	defaultNews      = 5
	maxNews          = 20
	defaultQueue     = 10
	maxQueue         = 50
	searchResults    = 10
)

// tooLong returns a refusal when s has more than limit characters.
func tooLong(what string, s string, limit int) (Reply, bool) {
	if n := utf8.RuneCountInString(s); n > limit {
		return problem(fmt.Sprintf("%s can be at most %s characters; yours has %s. Nothing was changed.",
			what, digest.Thousands(limit), digest.Thousands(n))), true
	}
	return Reply{}, false
}

// parseStoryID accepts "12" or "#12", and "12:" or "#12," as typed before
// the rest of a command.
func parseStoryID(s string) (int64, bool) {
	// "note 4: …", "reject #5, off topic": the punctuation after the
	// number sets off what follows it, as after a field's name (edit).
	id, err := strconv.ParseInt(strings.TrimRight(strings.TrimPrefix(s, "#"), ":,;."), 10, 64)
	return id, err == nil && id > 0
}

// parseCount parses a count argument within [1, max], or returns the
// sentence that says why it is not one.
func parseCount(s string, max int) (int, string) {
	n, err := strconv.Atoi(s)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Sprintf("`%s` is not a number.", quoteCode(s))
	}
	// A number too large for an int is out of range too, not "not a
	// number".
	if err != nil || n < 1 || n > max {
		return 0, fmt.Sprintf("N must be between 1 and %d.", max)
	}
	return n, ""
}

// isNumber reports whether s is written as a whole number, however large:
// "99999999999999999999" is a count out of range, not a sector's name.
func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil || errors.Is(err, strconv.ErrRange)
}
