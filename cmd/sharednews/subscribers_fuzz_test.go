package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzSubscribersImport imports any file through the real command into a
// real SQLite database. An import file comes from a spreadsheet someone
// else filled (a sign-up sheet, a list handed over), so the property is
// the README's: a file with a bad row imports nothing and says why; one
// without imports it all. The readers exported after a refused import are
// the readers exported before it.
func FuzzSubscribersImport(f *testing.F) {
	dir := f.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	body := "[bot]\ndatabase = " + quote(filepath.Join(dir, "news.db")) + "\n[feeds]\nsource = []\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		f.Fatal(err)
	}
	// The database is made once: a refused import makes none, and the
	// comparison needs one to read.
	no := false
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--config", cfg, "migrate"}, env{stdin: strings.NewReader(""),
		stdout: &out, stderr: &out, getenv: func(string) string { return "" }, interactive: &no}); err != nil {
		f.Fatalf("migrate: %v\n%s", err, out.String())
	}
	f.Add([]byte("email,sectors\nana@example.org,health\n"))
	f.Add([]byte("\uFEFFEmail,Sectors,State\r\nben@example.org,health; housing,confirmed\r\ncai@example.org,,pending\r\n"))
	f.Add([]byte("dee@example.org;health\n"))
	f.Add([]byte("email\n'=eve@example.org\n\"fay@example.org\"\n"))
	f.Fuzz(func(t *testing.T, csv []byte) {
		file := filepath.Join(t.TempDir(), "readers.csv")
		if err := os.WriteFile(file, csv, 0o600); err != nil {
			t.Fatal(err)
		}
		before, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export")
		if err != nil {
			t.Fatalf("export before: %v", err)
		}
		out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", file)
		after, _, exportErr := runCLI(t, "", "--config", cfg, "subscribers", "export")
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatalf("import refused without a word\n%s", out)
			}
			if before != after {
				t.Fatalf("a refused import (%v) changed the readers:\nbefore:\n%s\nafter:\n%s", err, before, after)
			}
			return
		}
		if exportErr != nil {
			t.Fatalf("export after an import: %v", exportErr)
		}
		if !strings.Contains(out, " imported, ") {
			t.Fatalf("import succeeded without its tally:\n%s", out)
		}
	})
}
