package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Numbers follow dates, so importing older editions moves up the numbers
// of those already stored: an edition the bot published (or one imported
// before) that readers know as edition 1, whose web page was /editions/1,
// is edition 4 after the import. Before, nothing said so; the import now
// names each edition whose number changed, on stderr, and a dry run the
// ones it would change.
func TestImportSaysWhichStoredEditionsItRenumbers(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	newer := filepath.Join(realDigests, "2014-11-20-newsletter.txt")
	older := filepath.Join(realDigests, "2014-05-newsletter.txt")
	if out, stderr, err := importCLI(t, cfg, newer); err != nil || !strings.Contains(out, "imported edition 1 (Thursday 20 November 2014)") {
		t.Fatalf("first import: %v\n%s%s", err, out, stderr)
	}
	const moved = "warning: edition 1 (Thursday 20 November 2014), stored before this import, %s edition 4: numbers follow the dates"
	_, stderr, err := importCLI(t, cfg, "--dry-run", older)
	if err != nil || !strings.Contains(stderr, strings.Replace(moved, "%s", "would become", 1)) {
		t.Errorf("dry run: %v\n%s", err, stderr)
	}
	out, stderr, err := importCLI(t, cfg, older)
	if err != nil || !strings.Contains(stderr, strings.Replace(moved, "%s", "is now", 1)) {
		t.Errorf("import: %v\n%s\n%s", err, out, stderr)
	}
	// Importing the same files again moves nothing and says nothing of it.
	if _, stderr, err := importCLI(t, cfg, older, newer); err != nil || strings.Contains(stderr, "stored before this import") {
		t.Errorf("again: %v\n%s", err, stderr)
	}
}
