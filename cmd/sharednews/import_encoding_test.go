package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// A file saved as Windows-1252 is read with a warning to check its accents
// and quotes; before, the closing line said "0 with warnings" under that
// very warning, so an editor reading the totals alone never checked the
// editions it affects.
func TestImportCountsAFilesWarningForItsEditions(t *testing.T) {
	original, err := os.ReadFile(filepath.Join(realDigests, "2014-11-20-newsletter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	latin, err := charmap.Windows1252.NewEncoder().String(string(original))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "2014-11-20-windows-1252.txt")
	if err := os.WriteFile(path, []byte(latin), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _ := writeConfig(t, "")
	for _, dry := range []bool{true, false} {
		args := []string{path}
		verb := "imported"
		if dry {
			args, verb = append([]string{"--dry-run"}, path), "to import"
		}
		out, stderr, err := importCLI(t, cfg, args...)
		if err != nil {
			t.Fatalf("import: %v\n%s", err, stderr)
		}
		if !strings.Contains(stderr, "warning: the file is not UTF-8; read it as Windows-1252") {
			t.Errorf("no encoding warning:\n%s", stderr)
		}
		if want := "total: 1 edition " + verb + " (8 stories), 0 already imported, 1 with warnings, 0 refused"; !strings.Contains(out, want) {
			t.Errorf("closing line:\n%s\nwant %q", out, want)
		}
	}
}
