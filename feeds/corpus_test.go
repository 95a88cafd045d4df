package feeds

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestReadsWhatGofeedReads parses every feed of gofeed's own test suite
// (its module's testdata: RSS, Atom and JSON Feed cases written by other
// people, over five hundred) with gofeed alone and with Shared News: a
// feed gofeed reads must be read here too, with as many entries. The
// module is already in the module cache when the tests build.
func TestReadsWhatGofeedReads(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/mmcdole/gofeed").Output()
	if err != nil {
		t.Skipf("cannot find gofeed's module: %v", err)
	}
	root := filepath.Join(strings.TrimSpace(string(out)), "testdata")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("gofeed's module has no testdata: %v", err)
	}
	feedURL := mustURL(t, "https://example.org/feed")
	read := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isFeedCase(path) {
			return err
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		theirs, err := gofeed.NewParser().ParseString(string(body))
		if err != nil {
			return nil // not a feed gofeed reads either
		}
		read++
		ours, err := parseFeed(body, "", feedURL)
		name, _ := filepath.Rel(root, path)
		switch {
		case err != nil:
			t.Errorf("%s: gofeed reads it, Shared News does not: %v", name, err)
		case len(ours.Items) < len(theirs.Items):
			t.Errorf("%s: %d entries, gofeed %d", name, len(ours.Items), len(theirs.Items))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if read < 400 {
		t.Fatalf("gofeed read only %d of its test feeds: is %s the test suite?", read, root)
	}
	t.Logf("%d feeds gofeed reads, all read by Shared News", read)
}

// isFeedCase says whether a file of gofeed's testdata is a feed rather
// than the expected result of parsing one (a .json beside a .xml).
func isFeedCase(path string) bool {
	switch filepath.Ext(path) {
	case ".xml":
		return true
	case ".json":
		_, err := os.Stat(strings.TrimSuffix(path, ".json") + ".xml")
		return os.IsNotExist(err)
	}
	return false
}
