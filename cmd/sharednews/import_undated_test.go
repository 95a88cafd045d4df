package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// undatedEdition is the real edition of 10 July 2014 saved without its
// date line, under a title that names no date, as another editor saved
// theirs: only the file's name can date it.
func undatedEdition(t *testing.T) (text string, lines []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realDigests, "2014-07-10-newsletter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if !strings.HasPrefix(all[0], "Thursday 10 July 2014") || !strings.HasPrefix(all[2], "News Summary of") {
		t.Fatalf("the real edition starts otherwise: %q", all[:3])
	}
	lines = append([]string{"Shared Services Weekly"}, all[3:]...)
	return strings.Join(lines, "\n"), lines
}

// importedText imports path with config cfg, dry run first, and returns
// what the run printed and the text `preview --edition 1 --format text`
// gives of its edition.
func importedText(t *testing.T, cfg, path string) (out, stderr, text string) {
	t.Helper()
	dryOut, dryErr, err := importCLI(t, cfg, "--dry-run", path)
	if err != nil {
		t.Fatalf("dry run: %v\n%s%s", err, dryOut, dryErr)
	}
	out, stderr, err = importCLI(t, cfg, path)
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, out, stderr)
	}
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, ": warning: ") && !strings.Contains(dryErr, l) {
			t.Errorf("the dry run did not warn %q:\n%s", l, dryErr)
		}
	}
	text, _, err = runCLI(t, "", "--config", cfg, "preview", "--edition", "1", "--format", "text")
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	return out, stderr, text
}

// wantInPreview checks that every line of lines with text is in
// rendered, spaces aside (a no-break space is rendered as a space).
func wantInPreview(t *testing.T, rendered string, lines []string) {
	t.Helper()
	flat := strings.Join(strings.Fields(rendered), " ")
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" && !strings.Contains(flat, l) {
			t.Errorf("not in the preview: %q", l)
		}
	}
}

// An edition saved without its date line, in a file named by its date as
// editors name their saves, was refused whole ("no edition found: this is
// not the newsletter's plain-text form"): now it is imported, dated from
// the file's name, with a warning at its first line that says so.
func TestImportDatesAnEditionWithoutADateLineFromItsFileName(t *testing.T) {
	text, lines := undatedEdition(t)
	for name, date := range map[string]string{
		"2014-07-10-newsletter.txt":   "Thursday 10 July 2014",
		"newsletter_10_07_2014.txt":   "Thursday 10 July 2014",
		"Newsletter 10 July 2014.txt": "Thursday 10 July 2014",
		"20140710.txt":                "Thursday 10 July 2014",
		"2014-07.txt":                 "Tuesday 1 July 2014",
		"July 2014 newsletter.txt":    "Tuesday 1 July 2014",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg, _ := writeConfig(t, "")
			out, stderr, rendered := importedText(t, cfg, path)
			if want := path + ":1: imported edition 1 (" + date + "): 5 stories in 3 sections; dated from the file's name\n"; !strings.Contains(out, want) {
				t.Errorf("output\n%s\nwant %q", out, want)
			}
			warning := regexp.MustCompile(regexp.QuoteMeta(path) + `:1: warning: the file has no date line: the edition is dated from the file's name "` +
				regexp.QuoteMeta(name) + `", .*` + date)
			if !warning.MatchString(stderr) {
				t.Errorf("no warning naming the file, line and date:\n%s", stderr)
			}
			wantInPreview(t, rendered, lines)
		})
	}
}

// A file with no date line whose name and title name no date stays
// refused: nothing can date it.
func TestImportRefusesAnEditionNothingDates(t *testing.T) {
	text, _ := undatedEdition(t)
	path := filepath.Join(t.TempDir(), "newsletter.txt")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _ := writeConfig(t, "")
	out, stderr, err := importCLI(t, cfg, path)
	if err == nil || !strings.Contains(stderr, path+":1: no edition found") || !strings.Contains(stderr, "file's name") {
		t.Errorf("not refused as undated: %v\n%s%s", err, out, stderr)
	}
}

// A file whose name has a date but whose text is no edition (minutes,
// a list, a letter: no story in it) is still not the newsletter: its
// name alone does not make it one, and it is refused as before, naming
// the file.
func TestImportRefusesAFileWithADatedNameAndNoStory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "2014-07-10-minutes.txt")
	text := "Minutes of the joint committee\n\nPresent: the chair, two members and the clerk.\n\nApologies were received from the treasurer.\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _ := writeConfig(t, "")
	out, stderr, err := importCLI(t, cfg, path)
	if err == nil || !strings.Contains(stderr, path+":1: no edition found") {
		t.Errorf("a dated name made minutes an edition: %v\n%s%s", err, out, stderr)
	}
	// The name does give a date: the refusal says what is missing instead.
	if strings.Contains(stderr, "name gives no date") || !strings.Contains(stderr, "no story in it") {
		t.Errorf("the refusal does not say why the dated name dates nothing:\n%s", stderr)
	}
}

// A letter or minutes that begin with a date line, with no story and no
// edition title anywhere, are not the newsletter either: the date line
// alone does not make them an edition of text alone, and the file is
// refused naming it.
func TestImportRefusesDatedTextWithNoStoryOrTitle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "letter.txt")
	text := "Thursday 10 July 2014\n\nDear colleagues,\n\nThe joint committee meets on Monday in the council chamber.\n\nYours sincerely,\nThe clerk\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _ := writeConfig(t, "")
	out, stderr, err := importCLI(t, cfg, path)
	if err == nil || !strings.Contains(stderr, path+":1: no edition found") {
		t.Errorf("a dated letter imported as an edition: %v\n%s%s", err, out, stderr)
	}
}

// twoEditions is a file of the real edition of 10 July 2014 and, after
// its footer, another saved without its date line under the title next:
// only that title, or the file's name, can date the second.
func twoEditions(t *testing.T, next string) (text string, second []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realDigests, "2014-07-10-newsletter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	second = []string{next, "", "Health", "",
		"Trusts share a pathology network", "", "Four trusts will run one pathology network from next year. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website."}
	return strings.TrimRight(string(data), "\n") + "\n\n" + strings.Join(second, "\n") + "\n", second
}

// An edition after another's footer with no date line was refused ("its
// date is unknown") even when its title names its date, or the file's
// name does and no other edition of the file has that day: now it is
// imported so dated, with a warning at its first line.
func TestImportDatesAnEditionAfterAFooterByItsTitleOrFileName(t *testing.T) {
	for _, c := range []struct{ name, title, date, why string }{
		{"2014-07-newsletters.txt", "Shared Services Weekly: the bulletin for 17 July 2014", "Thursday 17 July 2014", "it is dated by its first line's date"},
		{"2014-07-17-newsletter.txt", "Shared Services Weekly", "Thursday 17 July 2014", `the edition is dated from the file's name "2014-07-17-newsletter.txt"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			text, second := twoEditions(t, c.title)
			path := filepath.Join(t.TempDir(), c.name)
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			at := strings.Count(text[:strings.Index(text, c.title+"\n")], "\n") + 1
			cfg, _ := writeConfig(t, "")
			out, stderr, _ := importedText(t, cfg, path)
			if want := fmt.Sprintf("%s:%d: imported edition 2 (%s): 1 story in 1 section", path, at, c.date); !strings.Contains(out, want) {
				t.Errorf("output\n%s\nwant %q", out, want)
			}
			warning := regexp.MustCompile(regexp.QuoteMeta(fmt.Sprintf("%s:%d: warning: ", path, at)) + ".*" + regexp.QuoteMeta(c.why) + ".*" + c.date)
			if !warning.MatchString(stderr) {
				t.Errorf("no warning %s:\n%s", warning, stderr)
			}
			rendered, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "2", "--format", "text")
			if err != nil {
				t.Fatal(err)
			}
			wantInPreview(t, rendered, second)
		})
	}
}

// A date line naming a day its month lacks ("Thursday 31 June 2014") was
// refused: now the title's date, or the file's name's, near it says
// which day was meant (the day of the line's weekday nearest it), or the
// weekday alone does, and the edition is so dated with a warning at its
// date line.
func TestImportReadsWhichDayADateTheMonthLacksMeant(t *testing.T) {
	_, lines := undatedEdition(t)
	body := strings.Join(lines[1:], "\n")
	for _, c := range []struct{ name, dateLine, title, date, how string }{
		{"2014-06-newsletter.txt", "Thursday 31 June 2014", "News Summary of Collaboration and Shared Services from 25th June 2014",
			"Thursday 26 June 2014", "as the Thursday nearest its title's date, 25th June 2014 says"},
		{"newsletter.txt", "Thursday 31 June 2014", "Shared Services Weekly",
			"Thursday 3 July 2014", "as its weekday, the Thursday nearest 1st July 2014 says"},
		{"2014-06-30-newsletter.txt", "31/06/2014", "Shared Services Weekly",
			"Monday 30 June 2014", `as the file's name, "2014-06-30-newsletter.txt" says`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.name)
			if err := os.WriteFile(path, []byte(c.dateLine+"\n\n"+c.title+"\n"+body), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg, _ := writeConfig(t, "")
			out, stderr, rendered := importedText(t, cfg, path)
			if want := path + ":1: imported edition 1 (" + c.date + "): 5 stories in 3 sections"; !strings.Contains(out, want) {
				t.Errorf("output\n%s\nwant %q", out, want)
			}
			if want := path + ":1: warning: date line \"" + c.dateLine + "\": June 2014 has no day 31; the edition is dated " + c.date + ", " + c.how; !strings.Contains(stderr, want) {
				t.Errorf("warnings\n%s\nwant %q", stderr, want)
			}
			wantInPreview(t, rendered, append([]string{c.date, c.title}, lines[1:]...))
		})
	}
}

// A file named by its date that holds two editions saved without their
// date lines, each with its own footer, was imported as one edition under
// the name's date, the second's title, intro and stories run on into the
// first's last section. Now it is cut at the footer as a file with date
// lines is: the first edition is dated from the file's name, and the
// second, which nothing dates, is refused naming its line and the footer
// above it, as it would be in a file whose name has no date.
func TestImportCutsAnUndatedFileNamedByItsDateAtEachFooter(t *testing.T) {
	first, _ := undatedEdition(t)
	data, err := os.ReadFile(filepath.Join(realDigests, "2014-11-20-newsletter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	second := append([]string{"Shared Services Weekly"}, all[3:]...)
	firstLines := strings.Count(first, "\n") + 1
	path := filepath.Join(t.TempDir(), "2014-07-10-newsletter.txt")
	if err := os.WriteFile(path, []byte(first+"\n\n"+strings.Join(second, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _ := writeConfig(t, "")
	out, stderr, _ := importCLI(t, cfg, path)
	if want := path + ":1: imported edition 1 (Thursday 10 July 2014): 5 stories in 3 sections"; !strings.Contains(out, want) {
		t.Errorf("output\n%s\nwant %q", out, want)
	}
	refusal := regexp.MustCompile(regexp.QuoteMeta(path) + fmt.Sprintf(`:%d: an edition with no date line starts here, after the footer on line \d+; its date is unknown`, firstLines+2))
	if !refusal.MatchString(stderr) {
		t.Errorf("the second edition is not refused at line %d:\n%s", firstLines+2, stderr)
	}
	rendered, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "1", "--format", "text")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rendered, "Malvern and Wychavon") {
		t.Errorf("the second edition's story is in the first:\n%s", rendered)
	}
}
