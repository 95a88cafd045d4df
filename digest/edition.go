package digest

import (
	"strconv"
	"strings"
	"time"
)

// DateTemplate is the placeholder that Title replaces with the date.
const DateTemplate = "{date}"

// OrdinalDate formats t the way the newsletter's titles do: "19th November
// 2014", "1st May 2014", "22nd July 2014".
func OrdinalDate(t time.Time) string {
	day := t.Day()
	return strconv.Itoa(day) + OrdinalSuffix(day) + t.Format(" January 2006")
}

// OrdinalSuffix is the suffix of an ordinal number: "st", "nd", "rd" or
// "th" (1st, 12th, 22nd).
func OrdinalSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	default:
		return "th"
	}
}

// DateLine formats t as the first line of every edition: "Thursday 20
// November 2014".
func DateLine(t time.Time) string {
	return t.Format("Monday 2 January 2006")
}

// Title fills in the configured digest title, replacing every "{date}"
// with OrdinalDate(date).
func Title(template string, date time.Time) string {
	return strings.ReplaceAll(template, DateTemplate, OrdinalDate(date))
}

// Layout is how an edition arranges its stories, as stored with it: its
// own sections in order, and where each story sits. A draft lists only the
// sectors the editor put first (/shared order) and its lead; an imported
// or published edition lists every section and places every story.
type Layout struct {
	Sections []LayoutSection
	// Places maps a story's ID to LeadPlace, or to n for Sections[n-1].
	// A story not in it goes to its sector's section.
	Places map[int64]int
}

// LeadPlace is the place of a lead story in Layout.Places.
const LeadPlace = 0

// LayoutSection is one section of a Layout: a sector slug, and for an
// imported edition the heading as written and the text under it.
type LayoutSection struct {
	Sector  string
	Heading string
	Text    string
	Unruled bool // see Section.Unruled
}

// Compose groups stories into sections in the order of sectors; it is
// Arrange with no layout of the edition's own.
func Compose(sectors Sectors, stories []Story) []Section {
	_, sections := Arrange(sectors, Layout{}, stories)
	return sections
}

// Arrange lays out an edition's stories, keeping the order they are given
// in within each section: stories placed as the lead come first; the
// layout's sections follow in their order, each with the stories placed in
// it and then those of its sector that are not placed anywhere; stories of
// other sectors follow in sections in the order of sectors, leaving out
// sectors with no stories. Stories whose sector is not configured (it was
// removed from the configuration after they were approved) are not
// dropped: each such slug gets a section of its own, named after the slug,
// after the configured ones, in the order the slugs first appear. A layout
// section with no story, no heading of its own and no text is left out.
func Arrange(sectors Sectors, layout Layout, stories []Story) (lead []Story, sections []Section) {
	own := make([]Section, len(layout.Sections))
	ownAt := map[string]int{}
	for i, ls := range layout.Sections {
		own[i] = Section{Sector: sectorOf(sectors, ls.Sector), Heading: ls.Heading, Text: ls.Text, Unruled: ls.Unruled}
		if _, ok := ownAt[ls.Sector]; !ok {
			ownAt[ls.Sector] = i
		}
	}
	configured := make([][]Story, len(sectors))
	var unknown []Section
	unknownAt := map[string]int{}
	for _, st := range stories {
		if place, ok := layout.Places[st.ID]; ok && st.ID != 0 {
			switch {
			case place == LeadPlace:
				lead = append(lead, st)
				continue
			case place > 0 && place <= len(own):
				own[place-1].Stories = append(own[place-1].Stories, st)
				continue
			}
		}
		if i, ok := ownAt[st.Sector]; ok {
			own[i].Stories = append(own[i].Stories, st)
			continue
		}
		if i := sectors.Index(st.Sector); i < len(sectors) {
			configured[i] = append(configured[i], st)
			continue
		}
		i, ok := unknownAt[st.Sector]
		if !ok {
			i = len(unknown)
			unknownAt[st.Sector] = i
			unknown = append(unknown, Section{Sector: sectorOf(sectors, st.Sector)})
		}
		unknown[i].Stories = append(unknown[i].Stories, st)
	}
	for _, sec := range own {
		if len(sec.Stories) > 0 || sec.Heading != "" || sec.Text != "" {
			sections = append(sections, sec)
		}
	}
	for i, ss := range configured {
		if len(ss) > 0 {
			sections = append(sections, Section{Sector: sectors[i], Stories: ss})
		}
	}
	return lead, append(sections, unknown...)
}

// sectorOf is the configured sector with the slug, or one named after the
// slug when it is no longer configured.
func sectorOf(sectors Sectors, slug string) Sector {
	if sec, ok := sectors.Lookup(slug); ok {
		return sec
	}
	return Sector{Slug: slug, Name: slug}
}

// LayoutOf returns the layout e has as arranged: every section in order,
// with its heading and text, and every story placed, so that storing it
// freezes the edition as it is. Stories without an ID are not placed.
func LayoutOf(e Edition) Layout {
	l := Layout{Places: map[int64]int{}}
	for _, st := range e.Lead {
		if st.ID != 0 {
			l.Places[st.ID] = LeadPlace
		}
	}
	for i, sec := range e.Sections {
		l.Sections = append(l.Sections, LayoutSection{Sector: sec.Sector.Slug, Heading: sec.Heading, Text: sec.Text, Unruled: sec.Unruled})
		for _, st := range sec.Stories {
			if st.ID != 0 {
				l.Places[st.ID] = i + 1
			}
		}
	}
	return l
}
