package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSubscribersWrongArgumentsAreOneSentence: `subscribers remove` with
// no address answered "subscribers remove takes 1 argument(s)", and
// `subscribers import` of a file that is not there "open FILE: no such
// file or directory". Each now says what is missing in the operator's
// words, and nothing is written: no database appears.
func TestSubscribersWrongArgumentsAreOneSentence(t *testing.T) {
	cfg, db := writeConfig(t, "")
	missing := filepath.Join(t.TempDir(), "readers.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"subscribers", "remove"}, "subscribers remove needs one argument: the email address to delete"},
		{[]string{"subscribers", "import"}, "subscribers import needs one argument: the CSV file of readers to add"},
		{[]string{"subscribers", "remove", "a@b.example", "c@d.example"}, `subscribers remove takes one argument, got ["a@b.example" "c@d.example"]`},
		{[]string{"subscribers", "export", "all"}, `subscribers export takes no arguments, got ["all"]`},
		{[]string{"subscribers", "import", missing}, "subscribers import: there is no file " + missing + "; check its name. Nothing was imported."},
	} {
		_, _, err := runCLI(t, "", append([]string{"--config", cfg}, tc.args...)...)
		if err == nil || strings.SplitN(err.Error(), "\n", 2)[0] != tc.want || strings.Contains(err.Error(), "(s)") {
			t.Errorf("%q: %v\nwant %q", tc.args, err, tc.want)
		}
	}
	_, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", missing)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("import of a missing file: %v does not wrap fs.ErrNotExist", err)
	}
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused subscribers command left a database behind: %v", err)
	}
}
