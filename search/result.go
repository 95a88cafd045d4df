package search

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Note is what chat and the web page alike say about a search besides its
// hits: that nothing matched the words typed and the hits are those of the
// spelling suggested, that words joined with hyphens were searched apart, that no hit
// is of the month the search names, and that only some of its words
// matched; "" when every hit has every word as typed.
func (r Result) Note() string {
	var sentences []string
	if r.Followed != "" && r.Address != "" {
		sentences = append(sentences, fmt.Sprintf("No story has the link %s: these are the stories with the words of its address, %s.", Quote(r.Followed), Quote(r.Address)))
	}
	if r.Followed != "" && r.Suggestion != nil {
		sentences = append(sentences, fmt.Sprintf("Nothing matches %s: these are the stories for %s.", Quote(r.Followed), Quote(r.Suggestion.Query)))
	}
	for _, p := range [...]Period{r.Query.Period, r.Query.Dated} {
		if p.Misspelt {
			sentences = append(sentences, fmt.Sprintf("%s is read as %s.", Quote(p.Typed), p.From.Format("January 2006")))
		}
	}
	if len(r.Apart) > 0 {
		sentences = append(sentences, fmt.Sprintf("No story has %s as written, so the words were searched apart.", quoteList(r.Apart, "or")))
	}
	if r.OtherPeriods {
		sentences = append(sentences, fmt.Sprintf("No story of %s matched: these are of other months.", r.Query.Period.From.Format("January 2006")))
	}
	if partial := r.partial(); partial != "" {
		sentences = append(sentences, partial)
	}
	if len(r.Query.Excluded) > 0 {
		typed := make([]string, len(r.Query.Excluded))
		for i, p := range r.Query.Excluded {
			typed[i] = p.Typed
		}
		sentences = append(sentences, fmt.Sprintf("Stories with %s are left out.", quoteList(typed, "or")))
	}
	return strings.Join(sentences, " ")
}

// NoneComplete reports whether the answer, read from its best hit, has
// no story with every part of the query: none matched, or the best hit
// has only some of them (a search ranks the stories with every part
// first).
func (r Result) NoneComplete() bool {
	return r.Offset == 0 && (len(r.Hits) == 0 || r.Partial && len(r.Hits[0].Matched) < len(r.Query.Parts))
}

// Quote writes a query in typographic quotes, as an answer quotes what was
// typed. A query that is one quoted phrase and nothing else is written in
// them alone: “"shared services"” reads as a stutter.
func Quote(text string) string {
	first, size := utf8.DecodeRuneInString(text)
	last, lastSize := utf8.DecodeLastRuneInString(text)
	double := isQuote(first) && isQuote(last) && !strings.ContainsFunc(text[size:len(text)-lastSize], isQuote)
	if len(text) > size+lastSize && (double || slices.Equal(singleQuotes(text), []int{0, len(text) - lastSize})) {
		text = text[size : len(text)-lastSize]
	}
	return "“" + text + "”"
}

// partial is Note's sentence about a search that matched only some of its
// words.
func (r Result) partial() string {
	if !r.Partial || r.Offset+len(r.Hits) == 0 {
		return ""
	}
	var others []string // the parts some story has
	for _, p := range r.Query.Parts {
		if !slices.Contains(r.Missing, p.Typed) {
			others = append(others, p.Typed)
		}
	}
	// Hits with every part some story has, counted from the best hit
	// (Offset before these); they come first.
	complete := r.completeBefore
	for _, h := range r.Hits {
		if len(h.Matched) == len(others) {
			complete++
		}
	}
	var b strings.Builder
	b.WriteString("Only some of your words matched: ")
	switch {
	case len(r.Missing) > 0 && complete == r.Offset+len(r.Hits):
		fmt.Fprintf(&b, "no story has %s.", quoteList(r.Missing, "or"))
	case len(r.Missing) > 0 && complete > 0:
		fmt.Fprintf(&b, "no story has %s, and after the first %s the stories have only some of %s.",
			quoteList(r.Missing, "or"), count(complete), quoteList(others, "and"))
	case len(r.Missing) > 0:
		fmt.Fprintf(&b, "no story has %s, and none has all of %s.", quoteList(r.Missing, "or"), quoteList(others, "and"))
	case complete > 0:
		fmt.Fprintf(&b, "after the first %s the stories have only some of %s.", count(complete), quoteList(others, "and"))
	default:
		fmt.Fprintf(&b, "no story has all of %s.", quoteList(others, "and"))
	}
	return b.String()
}

// count writes "one" or "3".
func count(n int) string {
	if n == 1 {
		return "one"
	}
	return fmt.Sprint(n)
}

// quoteList writes “a”, “b” or “c” (conj "or") or “a”, “b” and “c”.
func quoteList(words []string, conj string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "“" + strings.Trim(w, `"“”`) + "”"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + conj + " " + q[len(q)-1]
}
