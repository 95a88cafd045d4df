package archivetest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// Shape is what a reader counts in editions: per edition, its date and
// its lead's headlines, and per section its sector and headlines, in
// order. Two readings of one edition with the same shape have the same
// stories in the same places: none refused, merged, split, dropped or
// moved.
func Shape(editions []digest.Edition) string {
	var b strings.Builder
	for _, e := range editions {
		fmt.Fprintf(&b, "%s %d lead:", e.Date.Format(time.DateOnly), len(e.Lead))
		for _, st := range e.Lead {
			fmt.Fprintf(&b, " %q", st.Headline)
		}
		b.WriteString("\n")
		for _, s := range e.Sections {
			fmt.Fprintf(&b, "  [%s]", s.Sector.Slug)
			for _, st := range s.Stories {
				fmt.Fprintf(&b, " %q", st.Headline)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// FileShape is the Shape of the editions of a parsed file.
func FileShape(f archive.File) string {
	var eds []digest.Edition
	for _, e := range f.Editions {
		eds = append(eds, e.Edition())
	}
	return Shape(eds)
}

// Variant is a real newsletter file written as another editor, or
// another year's tools, would have written it: the same editions, laid
// out or spelled otherwise. Edit rewrites the file's text; Want rewrites
// the original's Shape into the one the variant must read as (the
// headlines as the variant spells them, the stories it adds or leaves
// out).
type Variant struct {
	Name string
	Edit func(text string, f archive.File) []byte
	Want func(shape string) string
	// Unwraps is set when the variant breaks the original's lines as
	// a mail program sending plain text does: the reader joins them
	// again, so its editions come back as the original's, not as the
	// variant's lines.
	Unwraps bool
}

// Catalogue lists the variants of a back catalogue written over years.
// Each is made from a real file in code: no copy of one is kept.
func Catalogue() []Variant {
	same := func(s string) string { return s }
	text := func(edit func(string) string) func(string, archive.File) []byte {
		return func(s string, _ archive.File) []byte { return []byte(edit(s)) }
	}
	lines := func(edit func(i int, l string) string) func(string, archive.File) []byte {
		return text(func(s string) string {
			ls := strings.Split(s, "\n")
			for i, l := range ls {
				ls[i] = edit(i, l)
			}
			return strings.Join(ls, "\n")
		})
	}
	replace := func(pairs ...string) func(string) string { return strings.NewReplacer(pairs...).Replace }
	both := func(pairs ...string) Variant {
		return Variant{Edit: text(replace(pairs...)), Want: replace(pairs...)}
	}
	named := func(name string, v Variant) Variant { v.Name = name; return v }
	// Under the first line of each paragraph that opens a section's
	// commentary, a list, as its own paragraph.
	commentaryList := func(list string) func(int, string) string {
		return func(_ int, l string) string {
			for _, opening := range []string{"Here are two snippets", "Tisk, tisk!", "To complement that theme", "This is a helpful Guardian article"} {
				if strings.HasPrefix(l, opening) {
					return l + "\n\n" + list
				}
			}
			return l
		}
	}
	// Over every other summary, in its paragraph, a list.
	summaryList := func(list string) func(int, string) string {
		return func(i int, l string) string {
			if readMoreEnd.MatchString(l) && i%2 == 0 {
				return list + "\n" + l
			}
			return l
		}
	}
	link := func(sep string) func(string, archive.File) []byte {
		return func(s string, _ archive.File) []byte {
			n := 0
			ls := strings.Split(s, "\n")
			for i, l := range ls {
				if readMoreEnd.MatchString(l) {
					n++
					ls[i] = readMoreEnd.ReplaceAllString(l, fmt.Sprintf("%shttps://example.org/news/%d", sep, n))
				}
			}
			return []byte(strings.Join(ls, "\n"))
		}
	}
	dated := func(layout string) Variant {
		return Variant{Edit: lines(func(_ int, l string) string {
			if d, err := time.Parse("Monday 2 January 2006", strings.TrimSpace(l)); err == nil {
				return d.Format(layout)
			}
			return l
		}), Want: same}
	}
	vs := []Variant{
		{Name: "CRLF", Edit: text(replace("\n", "\r\n")), Want: same},
		{Name: "CR", Edit: text(replace("\n", "\r")), Want: same},
		{Name: "BOM", Edit: text(func(s string) string { return "\uFEFF" + s }), Want: same},
		{Name: "Windows-1252", Edit: func(s string, _ archive.File) []byte {
			b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(strings.ReplaceAll(s, "™", "(TM)")))
			if err != nil {
				panic(err) // every other character of the real files has a byte there
			}
			return b
		}, Want: same},
		{Name: "tabs and trailing spaces", Edit: lines(func(i int, l string) string {
			return strings.Repeat("\t", i%2) + l + strings.Repeat(" ", i%4) + "\t"
		}), Want: same},
		{Name: "three blank lines", Edit: lines(func(_ int, l string) string {
			if strings.TrimSpace(l) == "" {
				return l + "\n\n"
			}
			return l
		}), Want: same},
		named("straight quotes", both("’", "'", "‘", "'", "“", `"`, "”", `"`)),
		named("en dashes", both(" - ", " – ")),
		named("em dashes", both(" - ", " — ", ", ", " — ")),
		named("emoji", both("council", "council 🏛️", "Council", "🏛️ Council", "£", "💷£")),
		{Name: "&amp; entities", Edit: text(replace("&", "&amp;", "’", "&rsquo;")), Want: same},
		{Name: "headings in capitals with a colon", Edit: lines(func(_ int, l string) string {
			switch t := strings.TrimSpace(l); t {
			case "Local Government", "Health", "Highway Code", "Social care", "Further/Higher Education", "Blue lights service":
				return strings.ToUpper(t) + ":"
			}
			return l
		}), Want: same},
		{Name: "a sector nobody configured", Edit: lines(func(_ int, l string) string {
			if t := strings.TrimSpace(l); t == "Highway Code" || t == "Collaborative Leadership" {
				return "Parish Pump"
			}
			return l
		}), Want: func(s string) string {
			return regexp.MustCompile(`\[(highway-code|leadership)\]`).ReplaceAllLiteralString(s, "["+archive.FallbackSector+"]")
		}},
		{Name: "sections in another order", Edit: swapLastSections, Want: swapLastSectionShapes},
		{Name: "a bare link for Read more", Edit: link(" "), Want: same},
		{Name: "a bare link under the summary", Edit: link("\n"), Want: same},
		{Name: "a bulleted list in a summary", Edit: lines(summaryList("The plan in brief:\n- one office for both councils\n- one chief executive")), Want: same},
		{Name: "a numbered list in a summary", Edit: lines(summaryList("The plan in brief:\n1. One office for both councils\n2. One chief executive")), Want: same},
		{Name: "a bulleted list in commentary", Edit: lines(commentaryList("- the first point to note\n- the second point to note\n• a third, bulleted otherwise")), Want: same},
		{Name: "a numbered list in commentary", Edit: lines(commentaryList("1. The first point to note\n2. The second point to note")), Want: same},
		{Name: "commentary in several paragraphs", Edit: lines(func(_ int, l string) string {
			if len(l) > 300 && !readMoreEnd.MatchString(l) {
				if k := strings.Index(l[150:], ". "); k >= 0 {
					return l[:150+k+1] + "\n\n" + l[150+k+2:]
				}
			}
			return l
		}), Want: same},
		{Name: "no footer", Edit: lines(func(_ int, l string) string {
			if strings.HasPrefix(l, "Receive this Shared") {
				return ""
			}
			return l
		}), Want: same},
		{Name: "no intro", Edit: withoutIntros, Want: same},
		// A very long edition: every summary and paragraph of commentary
		// eight times as long.
		{Name: "long summaries and commentary", Edit: lines(func(_ int, l string) string {
			if body := readMoreEnd.ReplaceAllString(l, ""); body != l {
				return strings.Repeat(body+" ", 8) + digest.ReadMore
			}
			if len(l) > 150 {
				return strings.TrimRight(strings.Repeat(strings.TrimSpace(l)+" ", 8), " ")
			}
			return l
		}), Want: same},
		{Name: "one story only", Edit: oneStory, Want: oneStoryShape},
		{Name: "60 stories", Edit: sixtyStories, Want: sixtyStoryShapes},
		named("date as 10 July 2014", dated("2 January 2006")),
		named("date as July 10, 2014", dated("January 2, 2006")),
		named("date as 10/07/2014", dated("02/01/2006")),
		named("date as 2014-07-10", dated("2006-01-02")),
		{Name: "issue number after the title", Edit: lines(func(i int, l string) string {
			if strings.HasPrefix(l, "News Summary of") {
				return strings.TrimSpace(l) + fmt.Sprintf(" (Issue %d)", 100+i)
			}
			return l
		}), Want: same},
		{Name: "issue number before the title", Edit: lines(func(i int, l string) string {
			if strings.HasPrefix(l, "News Summary of") {
				return fmt.Sprintf("Issue %d: ", 100+i) + l
			}
			return l
		}), Want: same},
		{Name: "hard-wrapped at 72", Edit: lines(func(_ int, l string) string { return wrap(l, 72) }), Want: same, Unwraps: true},
		{Name: "headlines in capitals", Edit: func(s string, f archive.File) []byte {
			ls := strings.Split(s, "\n")
			for _, e := range f.Editions {
				for _, st := range allStories(e) {
					ls[st.Line-1] = strings.ToUpper(ls[st.Line-1])
				}
			}
			return []byte(strings.Join(ls, "\n"))
		}, Want: func(s string) string {
			out := strings.Split(s, "\n")
			for i, l := range out {
				if strings.HasPrefix(l, "  [") {
					slug, rest, _ := strings.Cut(l, "] ")
					out[i] = slug + "] " + strings.ToUpper(rest)
				}
			}
			return strings.Join(out, "\n")
		}},
		{Name: "markdown links", Edit: func(s string, _ archive.File) []byte {
			n := 0
			ls := strings.Split(s, "\n")
			for i, l := range ls {
				if readMoreEnd.MatchString(l) {
					n++
					ls[i] = readMoreEnd.ReplaceAllString(l, fmt.Sprintf(" [Read more >>>](https://example.org/news/%d)", n))
				}
			}
			return []byte(strings.Join(ls, "\n"))
		}, Want: same},
		{Name: "marker on its own line", Edit: text(replace(" Read more >>>", "\nRead more >>>")), Want: same},
		{Name: "marker in capitals", Edit: text(replace("Read more >>>", "READ MORE >>")), Want: same},
		{Name: "rules of dashes", Edit: text(replace("************", "------------")), Want: same},
		{Name: "indented", Edit: lines(func(_ int, l string) string { return "    " + l }), Want: same},
		{Name: "quoted mail", Edit: lines(func(_ int, l string) string { return "> " + l }), Want: same},
		{Name: "CRLF and bare links", Edit: func(s string, f archive.File) []byte {
			return []byte(strings.ReplaceAll(string(link(" ")(s, f)), "\n", "\r\n"))
		}, Want: same},
		{Name: "emoji headings", Edit: lines(func(_ int, l string) string {
			switch t := strings.TrimSpace(l); t {
			case "Local Government", "Health", "Highway Code", "Social care", "Blue lights service":
				return "📰 " + t
			}
			return l
		}), Want: same},
		{Name: "no blank line under headlines", Edit: func(s string, f archive.File) []byte {
			ls := strings.Split(s, "\n")
			for _, e := range f.Editions {
				for _, st := range allStories(e) {
					if st.Line < len(ls) && strings.TrimSpace(ls[st.Line]) == "" {
						ls[st.Line] = "\x00"
					}
				}
			}
			return []byte(strings.ReplaceAll(strings.Join(ls, "\n"), "\n\x00", ""))
		}, Want: same},
		{Name: "contents list", Edit: func(s string, f archive.File) []byte {
			ls := strings.Split(s, "\n")
			for k := len(f.Editions) - 1; k >= 0; k-- {
				e := f.Editions[k]
				list := []string{"", "In this issue:"}
				for _, sec := range e.Sections {
					list = append(list, "- "+sec.Heading)
				}
				at := e.Line + 2 // under the title and the blank line after it
				ls = slices.Concat(ls[:at], list, []string{""}, ls[at:])
			}
			return []byte(strings.Join(ls, "\n"))
		}, Want: same},
		{Name: "diary date in the intro", Edit: func(s string, f archive.File) []byte {
			ls := strings.Split(s, "\n")
			for k := len(f.Editions) - 1; k >= 0; k-- {
				at := f.Editions[k].Line + 2
				ls = slices.Concat(ls[:at], []string{"", "Diary date:", "", "Friday 27 June 2014", "", "Collaborative Transformation Conference in Kent.", ""}, ls[at:])
			}
			return []byte(strings.Join(ls, "\n"))
		}, Want: same},
		{Name: "editions oldest first", Edit: func(s string, f archive.File) []byte {
			ls := strings.Split(s, "\n")
			var parts []string
			for k := len(f.Editions) - 1; k >= 0; k-- {
				end := len(ls)
				if k+1 < len(f.Editions) {
					end = f.Editions[k+1].Line - 1
				}
				parts = append(parts, strings.TrimRight(strings.Join(ls[f.Editions[k].Line-1:end], "\n"), "\n "))
			}
			return []byte(strings.Join(parts, "\n\n"))
		}, Want: func(s string) string {
			var eds []string
			for _, l := range strings.SplitAfter(s, "\n") {
				if strings.HasPrefix(l, "2") {
					eds = append(eds, "")
				}
				if len(eds) > 0 {
					eds[len(eds)-1] += l
				}
			}
			slices.Reverse(eds)
			return strings.Join(eds, "")
		}},
		{Name: "forwarded from Outlook", Edit: func(s string, f archive.File) []byte {
			ls := strings.Split(s, "\n")
			for k := len(f.Editions) - 1; k >= 0; k-- {
				e := f.Editions[k]
				at := e.Line - 1
				head := []string{"-----Original Message-----", "From: Shared Services Architects <news@example.org>",
					"Sent: " + e.Date.Format("Monday, January 2, 2006") + " 9:14 AM", "To: Members <members@example.org>",
					"Subject: News Summary of Collaboration and Shared Services", ""}
				ls = slices.Concat(ls[:at], head, ls[at:])
			}
			return []byte(strings.Join(ls, "\n"))
		}, Want: same},
		{Name: "the arrow as entities", Edit: text(replace(">>>", "&gt;&gt;&gt;")), Want: same},
		{Name: "every mark as an entity", Edit: text(replace("&", "&amp;", "’", "&#8217;", "“", "&ldquo;", "”", "&rdquo;", "£", "&pound;", "…", "&hellip;", "'", "&#39;", `"`, "&quot;")), Want: same},
	}
	return vs
}

// wrap breaks l at spaces into lines of at most width runes, as a mail
// program sending plain text does.
func wrap(l string, width int) string {
	var out []string
	cur := ""
	for _, w := range strings.Fields(l) {
		if cur != "" && len([]rune(cur))+1+len([]rune(w)) > width {
			out = append(out, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	return strings.Join(append(out, cur), "\n")
}

var readMoreEnd = regexp.MustCompile(`\s*Read more >>>\s*$`)

// sectionSpans are, per edition of f with two sections or more, the
// lines (0-based, end excluded) of its last two sections, each from the
// row of asterisks above its heading, the last up to the footer.
func sectionSpans(ls []string, f archive.File) [][4]int {
	var out [][4]int
	for _, e := range f.Editions {
		n := len(e.Sections)
		if n < 2 {
			continue
		}
		start := func(s archive.ParsedSection) int {
			at := s.Line - 1
			for k := at - 1; k >= 0 && strings.TrimSpace(ls[k]) != ""; k-- {
				at = k // the row of asterisks right above it
			}
			return at
		}
		a, b := start(e.Sections[n-2]), start(e.Sections[n-1])
		end := b
		for end < len(ls) && !strings.HasPrefix(ls[end], "Receive this Shared") {
			end++
		}
		out = append(out, [4]int{a, b, b, end})
	}
	return out
}

// swapLastSections writes the last two sections of each edition in the
// other order.
func swapLastSections(s string, f archive.File) []byte {
	ls := strings.Split(s, "\n")
	spans := sectionSpans(ls, f)
	for i := len(spans) - 1; i >= 0; i-- {
		sp := spans[i]
		first, second := slices.Clone(ls[sp[0]:sp[1]]), slices.Clone(ls[sp[2]:sp[3]])
		if !strings.HasPrefix(strings.TrimSpace(ls[sp[2]]), "*") {
			// The last was under no rule: give it one, as the first had.
			second = append([]string{"************"}, second...)
		}
		second = append(second, "")
		swapped := append(second, first...)
		ls = slices.Concat(ls[:sp[0]], swapped, ls[sp[3]:])
	}
	return []byte(strings.Join(ls, "\n"))
}

// swapLastSectionShapes is Shape with the last two sections of each
// edition that has two or more in the other order.
func swapLastSectionShapes(shape string) string {
	eds := strings.SplitAfter(shape, "\n")
	var out []string
	var cur []string
	flush := func() {
		if n := len(cur); n >= 3 {
			cur[n-2], cur[n-1] = cur[n-1], cur[n-2]
		}
		out = append(out, cur...)
		cur = nil
	}
	for _, l := range eds {
		if !strings.HasPrefix(l, "  ") {
			flush()
		}
		cur = append(cur, l)
	}
	flush()
	return strings.Join(out, "")
}

// withoutIntros leaves out every edition's intro.
func withoutIntros(s string, f archive.File) []byte {
	intro := map[string]bool{}
	for _, e := range f.Editions {
		for _, l := range strings.Split(e.Intro, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				intro[l] = true
			}
		}
	}
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		if intro[strings.TrimSpace(l)] {
			ls[i] = ""
		}
	}
	return []byte(strings.Join(ls, "\n"))
}

// oneStory is the file's first edition up to its first story's summary,
// and its footer.
func oneStory(s string, f archive.File) []byte {
	ls := strings.Split(s, "\n")
	e := f.Editions[0]
	st := e.Sections[0].Stories[0]
	end := st.Line
	for end < len(ls) && !readMoreEnd.MatchString(ls[end-1]) {
		end++
	}
	out := slices.Clone(ls[e.Line-1 : end])
	return []byte(strings.Join(append(out, "", "Receive this Shared Service News Summary into your inbox every week. Just register on our website."), "\n"))
}

func oneStoryShape(shape string) string {
	ls := strings.Split(shape, "\n")
	slug, _, _ := strings.Cut(ls[1], " \"")
	return ls[0] + "\n" + slug + " " + quotedHeadline.FindString(ls[1]) + "\n"
}

// quotedHeadline is a headline as Shape writes it.
var quotedHeadline = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// sixtyStories adds to the last section of the file's last edition the
// stories of the edition again, headlines numbered, up to 60 stories.
func sixtyStories(s string, f archive.File) []byte {
	ls := strings.Split(s, "\n")
	e := f.Editions[len(f.Editions)-1]
	var add []string
	for k := 0; e.StoryCount()+k < 60; k++ {
		st := allStories(e)[k%e.StoryCount()]
		add = append(add, "", fmt.Sprintf("%s (%d)", st.Headline, k+1), "", strings.ReplaceAll(st.Summary, "\n", " ")+" Read more >>>")
	}
	at := len(ls)
	for k := len(ls) - 1; k >= e.Line; k-- {
		if strings.HasPrefix(ls[k], "Receive this Shared") {
			at = k
			break
		}
	}
	return []byte(strings.Join(slices.Concat(ls[:at], add, []string{""}, ls[at:]), "\n"))
}

func allStories(e archive.ParsedEdition) []archive.ParsedStory {
	out := slices.Clone(e.Lead)
	for _, s := range e.Sections {
		out = append(out, s.Stories...)
	}
	return out
}

// sixtyStoryShapes is Shape with sixtyStories' headlines after the last
// edition's.
func sixtyStoryShapes(shape string) string {
	ls := strings.Split(strings.TrimSuffix(shape, "\n"), "\n")
	start := len(ls) - 1
	for !strings.HasPrefix(ls[start], "2") {
		start--
	}
	headlines := quotedHeadline.FindAllString(strings.Join(ls[start:], " "), -1)
	n := len(headlines)
	last := ls[len(ls)-1]
	for k := 0; n+k < 60; k++ {
		h, err := strconv.Unquote(headlines[k%n])
		if err != nil {
			panic(err) // Shape quoted it
		}
		last += fmt.Sprintf(" %q", fmt.Sprintf("%s (%d)", h, k+1))
	}
	ls[len(ls)-1] = last
	return strings.Join(ls, "\n") + "\n"
}
