package feeds

import (
	"strings"

	"github.com/sharednews/sharednews/digest"
)

// filter decides which of a feed's entries join the review queue: with
// include phrases, only entries mentioning one of them; never entries
// mentioning an exclude phrase. Phrases match whole words in any case, with
// punctuation ignored, as digest.FoldWords folds them ("NHS" matches "the
// NHS plan" but not "NHSX" or "the NHS's plan").
type filter struct {
	include, exclude []string // normalised, each padded with spaces
}

func newFilter(include, exclude []string) filter {
	return filter{include: phrases(include), exclude: phrases(exclude)}
}

func phrases(in []string) []string {
	var out []string
	for _, p := range in {
		if n := digest.FoldWords(p); n != "" {
			out = append(out, " "+n+" ")
		}
	}
	return out
}

// queuesAll reports whether every entry joins the review queue, whatever
// its text: the filter has no phrases.
func (f filter) queuesAll() bool { return len(f.include) == 0 && len(f.exclude) == 0 }

// queues reports whether an entry with this headline and summary text
// joins the review queue.
func (f filter) queues(text string) bool {
	if f.queuesAll() {
		return true
	}
	t := " " + digest.FoldWords(text) + " "
	for _, p := range f.exclude {
		if strings.Contains(t, p) {
			return false
		}
	}
	if len(f.include) == 0 {
		return true
	}
	for _, p := range f.include {
		if strings.Contains(t, p) {
			return true
		}
	}
	return false
}
