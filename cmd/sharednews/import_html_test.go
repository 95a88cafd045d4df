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

// TestRoundTripThroughHTMLExportAndImport: `sharednews import` read what
// `preview --format html` writes as an edition with no stories (the
// export writes "Read more >>>" only for a story with a link) and the
// edition's number as its intro. Every edition of the real digests, the
// irregular editions and markdownShapes, imported, exported as HTML,
// imported into a fresh database and previewed again, now gives the same
// text but for what the HTML does not keep: which section headings had no
// row of asterisks above them.
func TestRoundTripThroughHTMLExportAndImport(t *testing.T) {
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
	preview := func(cfg string, number int, format string) (string, bool) {
		t.Helper()
		out, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", strconv.Itoa(number), "--format", format)
		return out, err == nil
	}
	var texts, exported []string
	for n := 1; ; n++ {
		text, ok := preview(first, n, "text")
		if !ok {
			break
		}
		texts = append(texts, text)
		page, _ := preview(first, n, "html")
		path := filepath.Join(dir, "edition-"+strconv.Itoa(n)+".html")
		if err := os.WriteFile(path, []byte(page), 0o600); err != nil {
			t.Fatal(err)
		}
		exported = append(exported, path)
	}
	if len(exported) < 8 {
		t.Fatalf("only %d editions imported", len(exported))
	}
	second, _ := writeConfig(t, "")
	out, stderr, err := importCLI(t, second, exported...)
	if err != nil {
		t.Fatalf("import of the HTML: %v\n%s\n%s", err, out, stderr)
	}
	if got := regexp.MustCompile(`(?m): imported edition `).FindAllString(out, -1); len(got) != len(exported) {
		t.Fatalf("imported %d of %d HTML editions:\n%s", len(got), len(exported), out)
	}
	unruled := func(s string) string { return strings.ReplaceAll(s, digest.SectionRule+"\n", "") }
	for i := range exported {
		if got, _ := preview(second, i+1, "text"); unruled(got) != unruled(texts[i]) {
			t.Errorf("edition %d's text after an HTML round trip:\n%s\nwant\n%s", i+1, got, texts[i])
		}
	}
}
