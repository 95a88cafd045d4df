package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sharednews/sharednews/digest"
)

// StoryURLPrefix starts the key of every imported story. Stories of the
// archive have no link in the text, but every story is stored under a
// unique URL; a URN can never be submitted (only http and https links can)
// and renderers link only to http and https, so it shows as no link at all.
const StoryURLPrefix = "urn:sharednews:archive:"

// StoryURL is the stable key a story of a past edition is stored under:
// "urn:sharednews:archive:2014-05-30:" and the first 12 hex digits of the
// SHA-256 of the headline in lower case with only its letters and digits
// (so re-typed quotes or spacing give the same key). Importing the same
// file again gives the same keys.
func StoryURL(date time.Time, headline string) string {
	sum := sha256.Sum256([]byte(normalizeHeadline(headline)))
	return StoryURLPrefix + date.Format("2006-01-02") + ":" + hex.EncodeToString(sum[:6])
}

// normalizeHeadline keeps the words of a headline: lower-case letters and
// digits, single spaces between.
func normalizeHeadline(h string) string {
	words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(words, " ")
}

// Edition returns e as a published edition of the domain, ready to store:
// sections in the order of the file, each story with its StoryURL (a
// headline repeated within the edition gets "-2", "-3"… after its key), the
// section's sector, and its commentary followed by its afterword, since a
// stored story has one commentary. The number is left for the store to
// assign, and the footer empty: the old footer's sign-up offer is gone.
func (e ParsedEdition) Edition() digest.Edition {
	out := digest.Edition{
		State: digest.EditionPublished,
		Title: e.Title,
		Date:  e.Date,
		Intro: e.Intro,
	}
	seen := map[string]int{}
	for _, ps := range e.Sections {
		sec := digest.Section{Sector: ps.Sector}
		for _, st := range ps.Stories {
			url := StoryURL(e.Date, st.Headline)
			seen[url]++
			if n := seen[url]; n > 1 {
				url += "-" + strconv.Itoa(n)
			}
			sec.Stories = append(sec.Stories, digest.Story{
				URL:        url,
				Headline:   st.Headline,
				Summary:    st.Summary,
				Sector:     ps.Sector.Slug,
				Commentary: joinParagraphs(st.Commentary, st.Afterword),
				State:      digest.StatePublished,
				DecidedAt:  e.Date,
			})
		}
		out.Sections = append(out.Sections, sec)
	}
	return out
}
