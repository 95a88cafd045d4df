package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// StoryURLPrefix starts the key of every imported story without a link.
// Stories of the archive rarely have a link in the text, but every story
// is stored under a unique URL; a URN can never be submitted (only http
// and https links can) and renderers link only to http and https, so it
// shows as no link at all.
const StoryURLPrefix = "urn:sharednews:archive:"

// StoryURL is the stable key a story of a past edition is stored under:
// "urn:sharednews:archive:2014-05-30:" and the first 12 hex digits of the
// SHA-256 of the headline in lower case with only its letters and digits
// (so re-typed quotes or spacing give the same key). Importing the same
// file again gives the same keys.
func StoryURL(date time.Time, headline string) string {
	sum := sha256.Sum256([]byte(digest.HeadlineWords(headline)))
	return StoryURLPrefix + date.Format("2006-01-02") + ":" + hex.EncodeToString(sum[:6])
}

// Edition returns e as a published edition of the domain, ready to store,
// laid out as the file has it: intro, lead, sections in the order of the
// file with their headings as written, each story with its commentary and
// afterword, and the footer. A story's URL is its link when the text gives
// one (also when another story of the edition has the same link), else its
// StoryURL (a headline repeated within the edition gets "-2", "-3"… after
// its key). The number is left for the store to assign.
func (e ParsedEdition) Edition() digest.Edition {
	out := digest.Edition{
		State:    digest.EditionPublished,
		Title:    e.Title,
		Date:     e.Date,
		DateLine: e.DateLine,
		Intro:    e.Intro,
		Footer:   e.Footer,
	}
	seen := map[string]int{}
	story := func(st ParsedStory) digest.Story {
		url := ""
		if st.Link != "" {
			if u, err := digest.Canonicalize(st.Link); err == nil {
				url = u
			}
		}
		// A link two stories share (one press release behind both) stays
		// on both: the store gives the second a key of its own that still
		// opens the page, as it does for a link an earlier edition used.
		if url == "" {
			url = StoryURL(e.Date, st.Headline)
			seen[url]++
			if n := seen[url]; n > 1 {
				url += "-" + strconv.Itoa(n)
			}
		}
		return digest.Story{
			URL:        url,
			Headline:   st.Headline,
			Summary:    st.Summary,
			Source:     st.Source,
			Sector:     st.Sector.Slug,
			Commentary: st.Commentary,
			Afterword:  st.Afterword,
			State:      digest.StatePublished,
			DecidedAt:  e.Date,
		}
	}
	for _, st := range e.Lead {
		out.Lead = append(out.Lead, story(st))
	}
	for _, ps := range e.Sections {
		sec := digest.Section{Sector: ps.Sector, Heading: ps.Heading, Text: ps.Text, Unruled: ps.Unruled}
		for _, st := range ps.Stories {
			sec.Stories = append(sec.Stories, story(st))
		}
		out.Sections = append(out.Sections, sec)
	}
	return out
}

// Continue appends rest, the rest of e saved in a file of its own (one
// edition in two files: the second has neither date line nor title), to
// e, placed as it would have been read in one file: the text before
// rest's first story or heading where text after e's last story goes
// (its afterword, or the text of a section without stories), rest's
// stories before its first heading under e's last section, its sections
// after e's, and its footer as e's. Read alone, rest was an edition of
// its own, its first stories its lead, filed by the sector model.
func (e *ParsedEdition) Continue(rest ParsedEdition) {
	stories, text := rest.Lead, rest.Intro
	if len(stories) > 0 {
		// Text between two stories is the commentary of the second: the
		// text e ends with (its last story's afterword, or the text of
		// its last section, which had no story) and rest starts with.
		if at, intro := e.trailingText(); !intro {
			text = digest.JoinParagraphs(*at, text)
			*at = ""
		}
		stories[0].Commentary = digest.JoinParagraphs(text, stories[0].Commentary)
		text = ""
	}
	if text != "" {
		at, _ := e.trailingText()
		*at = digest.JoinParagraphs(*at, text)
	}
	if n := len(e.Sections); n > 0 {
		last := &e.Sections[n-1]
		for i := range stories {
			stories[i].Sector = last.Sector
		}
		last.Stories = append(last.Stories, stories...)
	} else {
		e.Lead = append(e.Lead, stories...)
	}
	e.Sections = append(e.Sections, rest.Sections...)
	e.Footer = digest.JoinParagraphs(e.Footer, rest.Footer)
}

// trailingText is where text after e's last story goes, as the parser
// places it: that story's afterword, the text of e's last section when
// it has no story, or the intro (intro is then set).
func (e *ParsedEdition) trailingText() (text *string, intro bool) {
	switch n := len(e.Sections); {
	case n > 0 && len(e.Sections[n-1].Stories) > 0:
		last := e.Sections[n-1].Stories
		return &last[len(last)-1].Afterword, false
	case n > 0:
		return &e.Sections[n-1].Text, false
	case len(e.Lead) > 0:
		return &e.Lead[len(e.Lead)-1].Afterword, false
	}
	return &e.Intro, true
}
