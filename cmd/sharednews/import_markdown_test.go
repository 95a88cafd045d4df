package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestRoundTripThroughMarkdownExportAndImport: `sharednews import` could
// not read back what `preview --format markdown` writes (every edition was
// refused: "no line ends in Read more >>>"). Every edition of the real
// digests and of the irregular editions, imported, exported as Markdown,
// imported into a fresh database and previewed again, now gives the same
// text (every story, sector, headline, link, summary, source, commentary,
// intro and footer) but for what Markdown does not keep: which section
// headings had no row of asterisks above them (they come back with one, as
// a published edition has); and the same Markdown, line for line.
func TestRoundTripThroughMarkdownExportAndImport(t *testing.T) {
	rt := exportAndImportAgain(t, "markdown", ".md")
	unruled := func(s string) string { return strings.ReplaceAll(s, digest.SectionRule+"\n", "") }
	for i, md := range rt.exported {
		if got := rt.preview(rt.second, i+1, "text"); unruled(got) != unruled(rt.texts[i]) {
			t.Errorf("edition %d's text after a Markdown round trip:\n%s\nwant\n%s", i+1, got, rt.texts[i])
		}
		if got := rt.preview(rt.second, i+1, "markdown"); got != md {
			t.Errorf("edition %d's Markdown after a round trip:\n%s\nwant\n%s", i+1, got, md)
		}
	}
}

// exportRoundTrip is what exportAndImportAgain did: each edition's text
// and export as first imported, and the configuration of the database the
// exports were imported into.
type exportRoundTrip struct {
	texts, exported []string
	second          string
	preview         func(cfg string, number int, format string) string
}

// exportAndImportAgain imports the real digests, the irregular editions
// and markdownShapes, exports every edition with preview --format format
// to a file ending in ext, and imports those into a fresh database: every
// one must be imported.
func exportAndImportAgain(t *testing.T, format, ext string) exportRoundTrip {
	t.Helper()
	dir := t.TempDir()
	files := realDigestFiles(t)
	shapes := map[string]string{"markdown-shapes.txt": markdownShapes}
	for name, text := range irregularEditions {
		shapes[name] = text
	}
	for name, text := range shapes {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	first, _ := writeConfig(t, "")
	if out, stderr, err := importCLI(t, first, files...); err != nil {
		t.Fatalf("import: %v\n%s\n%s", err, out, stderr)
	}
	rt := exportRoundTrip{preview: func(cfg string, number int, format string) string {
		t.Helper()
		out, stderr, err := runCLI(t, "", "--config", cfg, "preview", "--edition", strconv.Itoa(number), "--format", format)
		if err != nil {
			t.Fatalf("preview %d as %s: %v\n%s", number, format, err, stderr)
		}
		return out
	}}
	var paths []string
	for n := 1; ; n++ {
		if _, _, err := runCLI(t, "", "--config", first, "preview", "--edition", strconv.Itoa(n), "--format", "text"); err != nil {
			break
		}
		rt.texts = append(rt.texts, rt.preview(first, n, "text"))
		rt.exported = append(rt.exported, rt.preview(first, n, format))
		path := filepath.Join(dir, "edition-"+strconv.Itoa(n)+ext)
		if err := os.WriteFile(path, []byte(rt.exported[n-1]), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	if len(paths) < 8 {
		t.Fatalf("only %d editions imported", len(paths))
	}
	rt.second, _ = writeConfig(t, "")
	out, stderr, err := importCLI(t, rt.second, paths...)
	if err != nil {
		t.Fatalf("import of the %s: %v\n%s\n%s", format, err, out, stderr)
	}
	if got := regexp.MustCompile(`(?m): imported edition `).FindAllString(out, -1); len(got) != len(paths) {
		t.Fatalf("imported %d of %d %s editions:\n%s", len(got), len(paths), format, out)
	}
	return rt
}

// markdownShapes is an edition with what the real digests lack and a
// Markdown export must carry back: links (on a headline, and a story that
// is its link alone), sources, a lead story with a link, and text that
// Markdown would read as markup.
const markdownShapes = `Thursday 5 February 2015

News Summary of Collaboration and Shared Services from 4th February 2015

This week: *three* councils, one_data_centre and [no] links.

# not a heading

Two counties agree to merge their fire services

Two fire authorities have agreed to merge. Read more >>> https://www.example.org/fire-merger

************
Local Government

1. A list that is not one
- nor is this

Councils share a data centre

Three councils move their servers to one data centre,
and save £2m. Read more >>> https://www.example.org/news/data-centre?id=7&x=y (BBC News)

Do read it.

A headline alone

************
Health & Social Care

A pooled budget for home care

A pooled budget will pay for home care. Read more >>>

It is about time: <b>really</b> \\ ` + "`code`" + `.

Receive this Shared Service News Summary into your inbox every week. Just register on our website.
`
