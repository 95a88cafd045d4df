package main

import (
	"fmt"
	"slices"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// joinSplitEditions reads a file that is the rest of an edition begun in
// an earlier file of the run as that edition's rest (archive's
// ParsedEdition.Continue): a long edition saved in two files, the second
// with neither date line nor title, named by the date as editors name
// their saves ("2014-07-10-newsletter-2.txt"). Read alone, it was an
// edition of its own, of the same date as the first, under a title the
// import made up, with the stories taken out of the edition they belong
// to. It is joined only to an edition that has its own date line, the
// last of that date in the files before it, and only when the two have
// no story in common: a second copy of an edition is no rest of it, and
// is imported as the import always did. A warning at the file's first
// line says which edition it was joined to.
func joinSplitEditions(files []*importFile) {
	for i, f := range files {
		if f.err != nil || len(f.parsed.Editions) != 1 || f.parsed.Editions[0].DatedFrom != archive.DatedFromFileName {
			continue
		}
		rest := f.parsed.Editions[0]
		var head *archive.ParsedEdition
		var headFile string
		for _, g := range files[:i] {
			for k := range g.parsed.Editions {
				if e := &g.parsed.Editions[k]; g.err == nil && e.DatedFrom == "" && e.Date.Equal(rest.Date) {
					head, headFile = e, g.name
				}
			}
		}
		if head == nil || storyInCommon(*head, rest) {
			continue
		}
		head.Continue(rest)
		f.parsed.Editions = nil
		f.parsed.Warnings = append(f.parsed.Warnings, archive.Warning{Line: 1, Msg: fmt.Sprintf(
			"the file has neither date line nor title, and the date its name gives, %s, is that of the edition at %s:%d: "+
				"read as the rest of the edition at %s:%d, one edition saved in two files, and imported with it",
			digest.DateLine(rest.Date), headFile, head.Line, headFile, head.Line)})
		f.parsed.Warnings = append(f.parsed.Warnings, restWarnings(rest)...)
	}
}

// storyInCommon reports whether a and b have a story with the same
// headline.
func storyInCommon(a, b archive.ParsedEdition) bool {
	seen := map[string]bool{}
	for _, st := range a.Edition().Stories() {
		seen[digest.HeadlineWords(st.Headline)] = true
	}
	for _, st := range b.Edition().Stories() {
		if seen[digest.HeadlineWords(st.Headline)] {
			return true
		}
	}
	return false
}

// restWarnings is what still holds of the warnings of rest, an edition
// read as the rest of another (joined in the run, or added to one an
// earlier run stored): what was said of it read alone (its date from the
// file's name, its made-up title, at its first line, and its first
// stories as a lead, at their headlines' lines: joined, each is one of
// the section above's) no longer holds; what was said of its lines does.
func restWarnings(rest archive.ParsedEdition) []archive.Warning {
	var kept []archive.Warning
	for _, w := range rest.Warnings {
		if w.Line != rest.Line && !slices.ContainsFunc(rest.Lead, func(st archive.ParsedStory) bool { return st.Line == w.Line }) {
			kept = append(kept, w)
		}
	}
	return kept
}
