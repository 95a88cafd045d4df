package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/digest"
)

// TestBackCatalogueThroughImportAndPreview imports the real digests
// written as a back catalogue is over years (archivetest.Catalogue), each
// way into a database of its own, with `sharednews import`. Every edition
// must be imported with the same stories, in the same sections and order,
// as the original file's, and come back from `preview --edition N
// --format text` line by line. It prints the share reproduced:
//
//	go test ./cmd/sharednews -run BackCatalogueThroughImportAndPreview -v
func TestBackCatalogueThroughImportAndPreview(t *testing.T) {
	originals := map[string][]byte{}
	for _, path := range realDigestFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		originals[filepath.Base(path)] = data
	}
	var total archivetest.Result
	editions, held := 0, 0
	stories, wantStories := 0, 0 // imported in their place, and in the files
	catalogue := archivetest.Catalogue()
	if raceEnabled {
		// Under the race detector each way takes seconds, in a
		// database of its own: every fifth is imported then. Package
		// archive reads every way, race or not, with the same reader.
		var some []archivetest.Variant
		for i := 0; i < len(catalogue); i += 5 {
			some = append(some, catalogue[i])
		}
		catalogue = some
	}
	for _, v := range catalogue {
		t.Run(v.Name, func(t *testing.T) {
			cfg, db := writeConfig(t, "")
			parser := parserOf(t, cfg)
			dir := t.TempDir()
			want := map[string]string{}
			written := map[string][]byte{} // the text previews give back, when not the variant's
			var files []string
			for name, data := range originals {
				orig, err := parser.ParseFile(name, bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, name)
				if err := os.WriteFile(path, v.Edit(string(data), orig), 0o600); err != nil {
					t.Fatal(err)
				}
				files = append(files, path)
				if v.Unwraps {
					written[path] = data
				}
				want[path] = v.Want(archivetest.FileShape(orig))
			}
			_, r, n, numbers := importAndPreviewWith(t, cfg, files, written)
			total.Add(r)
			editions += n
			st := openImported(t, db)
			ok := !t.Failed()
			placedHere, wantHere := 0, 0
			for _, path := range files {
				var stored []digest.Edition
				for _, number := range numbers[path] {
					rec, err := st.Edition(context.Background(), number)
					if err != nil {
						t.Fatal(err)
					}
					e := rec.Edition
					e.Lead, e.Sections = digest.Arrange(parser.Sectors, rec.Layout, rec.Stories)
					stored = append(stored, e)
				}
				got := archivetest.Shape(stored)
				wantHere += len(quotedHeadline.FindAllString(want[path], -1))
				placedHere += placed(got, want[path])
				if got != want[path] {
					ok = false
					t.Errorf("%s imported as\n%s\nwant\n%s", filepath.Base(path), got, want[path])
				}
			}
			t.Logf("%d editions, %d of %d stories in their place: %s", n, placedHere, wantHere, r)
			stories, wantStories = stories+placedHere, wantStories+wantHere
			if ok {
				held++
			}
		})
	}
	t.Logf("%d of %d ways of writing the back catalogue imported and previewed as written; %d of %d stories in their place; %d editions: %s",
		held, len(catalogue), stories, wantStories, editions, total)
	if held != len(catalogue) || total.Share() != 1 {
		t.Errorf("%d of %d ways held, %.1f%% of lines reproduced; want all", held, len(catalogue), 100*total.Share())
	}
}

// quotedHeadline is a headline as archivetest.Shape writes it.
var quotedHeadline = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// placed counts the stories of want, a Shape, that got has in their
// place: under the same edition and section, at the same position.
func placed(got, want string) int {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	n := 0
	for i := 0; i < len(w) && i < len(g); i++ {
		gh, wh := quotedHeadline.FindAllString(g[i], -1), quotedHeadline.FindAllString(w[i], -1)
		gs, _, _ := strings.Cut(g[i], `"`)
		ws, _, _ := strings.Cut(w[i], `"`)
		for k := 0; k < len(wh) && k < len(gh) && gs == ws; k++ {
			if gh[k] == wh[k] {
				n++
			}
		}
	}
	return n
}

// TestImportRefusesDatedNotesWithLinks: a file that starts with a date and
// ends its paragraphs in links, with neither the newsletter's title nor
// "Read more >>>" (a board's minutes, a reading list), is no edition:
// import refuses it, naming the file and line and saying what would make
// it one, and imports nothing.
func TestImportRefusesDatedNotesWithLinks(t *testing.T) {
	cfg, db := writeConfig(t, "")
	notes := filepath.Join(t.TempDir(), "board.txt")
	if err := os.WriteFile(notes, []byte(strings.Join([]string{
		"Monday 3 March 2014", "", "Partnership board", "",
		"Agenda and papers", "", "The papers for the meeting are on the intranet https://example.org/papers", "",
		"Minutes", "", "Last month's minutes were agreed. https://example.org/minutes",
	}, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := importCLI(t, cfg, notes)
	if err == nil {
		t.Fatalf("imported:\n%s", out)
	}
	wantAll(t, "stderr", stderr, []string{
		notes + `:1: no edition found: no line ends a story ("Read more >>>") and none is an edition's title`,
		`if it is an edition, write the newsletter's title under its date line, or end each story's summary with "Read more >>>"`,
		"nothing from " + notes + " was imported",
	})
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused file created the database: %v", err)
	}
}

// TestBackCatalogueOnTheWebArchive imports the real digests written with
// each story's address where "Read more >>>" goes, and serves them with
// `sharednews run`: the edition's page shows each story of its first
// section as a story, its headline linked to its address, in the order of
// the file (before, they were the editor's text, their addresses in it).
func TestBackCatalogueOnTheWebArchive(t *testing.T) {
	var bare archivetest.Variant
	for _, v := range archivetest.Catalogue() {
		if v.Name == "a bare link for Read more" {
			bare = v
		}
	}
	addr := freeAddr(t)
	cfg, _ := writeConfig(t, "[http]\nlisten = "+quote(addr)+"\n")
	parser := parserOf(t, cfg)
	path := filepath.Join(t.TempDir(), "2014-11-20-newsletter.txt")
	data, err := os.ReadFile(filepath.Join(realDigests, filepath.Base(path)))
	if err != nil {
		t.Skip(err)
	}
	orig, err := parser.ParseFile(path, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, bare.Edit(string(data), orig), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, stderr, err := importCLI(t, cfg, path); err != nil || !strings.Contains(out, ":1: imported edition 1 ") {
		t.Fatalf("import: %v\n%s\n%s", err, out, stderr)
	}
	runInBackground(t, cfg, addr)
	code, body := fetch(t, "http://"+addr+"/editions/1")
	if code != 200 {
		t.Fatalf("/editions/1 = %d\n%s", code, body)
	}
	// Each story's headline, as a story's, linked to its address.
	at := 0
	for i, st := range orig.Editions[0].Sections[0].Stories {
		h := fmt.Sprintf(`<h3 dir="auto"><a href="https://example.org/news/%d">%s</a></h3>`, i+1, html.EscapeString(st.Headline))
		k := strings.Index(body[at:], h)
		if k < 0 {
			t.Errorf("story %d: no %s on the page after the story before", i+1, h)
			continue
		}
		at += k
	}
}
