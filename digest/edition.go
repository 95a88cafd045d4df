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
	return strconv.Itoa(day) + ordinalSuffix(day) + t.Format(" January 2006")
}

func ordinalSuffix(n int) string {
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

// Compose groups stories into sections in the order of sectors, keeping the
// order stories are given in within each section and leaving out sectors
// with no stories. Stories whose sector is not configured (it was removed
// from the configuration after they were approved) are not dropped: each
// such slug gets a section of its own, named after the slug, after the
// configured ones, in the order the slugs first appear.
func Compose(sectors Sectors, stories []Story) []Section {
	configured := make([][]Story, len(sectors))
	var unknown []Section
	unknownAt := map[string]int{}
	for _, st := range stories {
		if i := sectors.Index(st.Sector); i < len(sectors) {
			configured[i] = append(configured[i], st)
			continue
		}
		i, ok := unknownAt[st.Sector]
		if !ok {
			i = len(unknown)
			unknownAt[st.Sector] = i
			unknown = append(unknown, Section{Sector: Sector{Slug: st.Sector, Name: st.Sector}})
		}
		unknown[i].Stories = append(unknown[i].Stories, st)
	}
	var sections []Section
	for i, ss := range configured {
		if len(ss) > 0 {
			sections = append(sections, Section{Sector: sectors[i], Stories: ss})
		}
	}
	return append(sections, unknown...)
}
