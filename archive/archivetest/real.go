package archivetest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// RealEditions parses the newsletter's real past editions, the .txt files
// of dir (the shared test data's digests folder, relative to the test's
// package), with sectors: what a test imports or posts as real material.
func RealEditions(t testing.TB, dir string, sectors []digest.Sector) []archive.ParsedEdition {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no past editions in %s (%v)", dir, err)
	}
	parser := archive.Parser{Sectors: sectors}
	var out []archive.ParsedEdition
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := parser.Parse(name, fh)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, parsed...)
	}
	return out
}
