package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportSaysHowAStoryEndWrittenOtherwiseIsShown imports an edition
// whose stories end "Full story >>>" and "More:" with a link, where the
// newsletter writes "Read more >>>". The words are the newsletter's
// furniture, not the story's: the import reads them as the story's end
// and keeps its link, and every rendering of the edition, preview
// included, writes the newsletter's own "Read more >>>". The preview
// showed that, and nothing had told the editor the file's words would
// not come back: the import, and its dry run, now say so at the first
// such line, naming the words.
func TestImportSaysHowAStoryEndWrittenOtherwiseIsShown(t *testing.T) {
	const text = `Thursday 10 July 2014

News Summary of Collaboration and Shared Services from 9th July 2014

Local Government

Dorset councils propose shared working

Three Dorset councils are considering sharing a senior management team. Full story >>> https://example.org/a

Kent and Medway share a chief

Kent and Medway councils will share a chief executive from the autumn. More: https://example.org/b

Health

Hospitals share a laundry

Two hospital trusts in Kent will share one laundry service. Read more >>> https://example.org/c

Receive this Shared Service News Summary into your inbox every week.
`
	path := filepath.Join(t.TempDir(), "2014-07-10.txt")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _ := writeConfig(t, "")
	for _, dry := range []bool{true, false} {
		args := []string{path}
		if dry {
			args = append([]string{"--dry-run"}, args...)
		}
		out, stderr, err := importCLI(t, cfg, args...)
		if err != nil {
			t.Fatalf("import %v: %v\n%s%s", args, err, out, stderr)
		}
		want := path + `:9: warning: 2 stories end with "Full story >>>", "More:" where the newsletter writes "Read more >>>"`
		if !strings.Contains(stderr, want) {
			t.Errorf("import %v: want %q on stderr:\n%s", args, want, stderr)
		}
	}
	got, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "1", "--format", "text")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"Three Dorset councils are considering sharing a senior management team. Read more >>> https://example.org/a",
		"Kent and Medway councils will share a chief executive from the autumn. Read more >>> https://example.org/b",
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("preview: want %q, the story as stored and shown everywhere:\n%s", line, got)
		}
	}
}
