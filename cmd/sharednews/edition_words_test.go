package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchNamesTheEditionWhoseEditorWroteTheWords: words only an
// editor's own text has, an intro (edition 5's "CoSocius") or a section's
// text with no story under it (a job advert), were answered "Nothing in the
// archive matches", which was untrue, or listed the stories with some of
// the words as if none had them all; the answer now names the edition and
// the command that shows it, and offers no other spelling. Words that no
// edition's text has either, or that it has only with a word left out,
// still match nothing.
func TestSearchNamesTheEditionWhoseEditorWroteTheWords(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	jobs := filepath.Join(t.TempDir(), "2014-12-04.txt")
	if err := os.WriteFile(jobs, []byte(`Thursday 4 December 2014

News Summary of Collaboration and Shared Services from 3rd December 2014

Welcome to this week's summary.

************
Local Government

Councils agree to share a chief executive

Two district councils have agreed to share a chief executive from April. Read more >>>

************
Jobs

Head of Shared Revenues and Benefits, Barnsley Metropolitan Borough Council. Closing date 12 December.
`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := importCLI(t, cfg, append(realDigestFiles(t), jobs)...); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	script := "/shared search CoSocius\n/shared search renewal reminders\n/shared search Barnsley revenues\n" +
		"/shared search CoSocius -Cheshire\n/shared search zzzz\n/shared search Barnsley benefits\n"
	out, _, err := runCLI(t, script, "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "console", out, []string{
		"Search: CoSocius\nNo story matches “CoSocius”, but the editor's words in edition 5 (Thursday 20 November 2014) do.\nRead it with /shared edition 5.\n",
		"Search: renewal reminders\nNo story matches “renewal reminders”, but the editor's words in edition 5 (Thursday 20 November 2014) do.\nRead it with /shared edition 5.\nSearch:",
		"Search: Barnsley revenues\nNo story matches “Barnsley revenues”, but the editor's words in edition 6 (Thursday 4 December 2014) do.\nRead it with /shared edition 6.\n",
		"Search: CoSocius -Cheshire\nNothing in the archive matches “CoSocius -Cheshire”.\n",
		"Search: zzzz\nNothing in the archive matches “zzzz”.\n",
		// Some stories have some of the words: they are listed, and the
		// edition whose editor's words have them all is named.
		"Search: Barnsley benefits\nOnly some of your words matched: no story has “Barnsley”. " +
			"The editor's words in edition 6 (Thursday 4 December 2014) have them all.\nRead it with /shared edition 6.\n",
	})
	if strings.Contains(out, "Did you mean") {
		t.Errorf("a search the editor's words answer suggests other words:\n%s", out)
	}
}
