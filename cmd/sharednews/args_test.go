package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestImportDryRunAfterTheFiles: `import FILE --dry-run`, the flag written
// after the file as most tools accept it, is a dry run. It used to take
// "--dry-run" for a file name and import FILE into the live database.
func TestImportDryRunAfterTheFiles(t *testing.T) {
	cfg, db := writeConfig(t, "")
	files := realDigestFiles(t)
	out, stderr, err := importCLI(t, cfg, files[0], "--dry-run")
	if err != nil {
		t.Fatalf("import FILE --dry-run: %v\n%s%s", err, out, stderr)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("import FILE --dry-run wrote the database (%v):\n%s", err, out)
	}
	if !strings.Contains(out, "dry run: nothing was written") {
		t.Errorf("import FILE --dry-run did not report a dry run:\n%s", out)
	}
	// After "--" a name beginning with a dash is a file, as the usage says.
	_, stderr, err = importCLI(t, cfg, "--", "--dry-run")
	if err == nil || !strings.Contains(stderr+err.Error(), "--dry-run") {
		t.Errorf("import -- --dry-run: %v, want the file --dry-run refused as unreadable\n%s", err, stderr)
	}
}

// TestFlagsAfterPositionalArguments: preview and classify read a flag
// written after a stray word the same as before it, so the complaint names
// the stray word alone.
func TestFlagsAfterPositionalArguments(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	_, _, err := runCLI(t, "", "--config", cfg, "preview", "extra", "--format", "text")
	var u usageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), `["extra"]`) {
		t.Errorf("preview extra --format text: %v, want a usage error naming only \"extra\"", err)
	}
	_, _, err = runCLI(t, "", "--config", cfg, "preview", "--format", "pdf", "extra")
	if !errors.As(err, &u) {
		t.Errorf("preview --format pdf extra: %v, want a usage error", err)
	}
}

// TestHelpOfEachCommand: `sharednews COMMAND --help` (or -h) prints that
// command's help on stdout and succeeds, for every command; it used to be
// an error ("takes no arguments", "flag: help requested") with exit 2.
func TestHelpOfEachCommand(t *testing.T) {
	cfg, db := writeConfig(t, "")
	for _, c := range commands() {
		name := c.name()
		for _, flag := range []string{"--help", "-h", "-help"} {
			out, stderr, err := runCLI(t, "", "--config", cfg, name, flag)
			if err != nil {
				t.Errorf("%s %s: %v", name, flag, err)
				continue
			}
			if !strings.Contains(out, name) || !strings.HasPrefix(out, "Usage: sharednews") || stderr != "" {
				t.Errorf("%s %s printed %q (stderr %q), want its usage", name, flag, out, stderr)
			}
		}
	}
	// help COMMAND is the same help.
	out, _, err := runCLI(t, "", "help", "import")
	if err != nil || !strings.HasPrefix(out, "Usage: sharednews [--config PATH] import [--dry-run] FILE...") {
		t.Errorf("help import: %v\n%s", err, out)
	}
	// subscribers remove --help is help, not an address.
	out, _, err = runCLI(t, "", "--config", cfg, "subscribers", "remove", "--help")
	if err != nil || !strings.Contains(out, "remove ADDRESS") {
		t.Errorf("subscribers remove --help: %v\n%s", err, out)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("asking for help opened the database (%v)", err)
	}
	// After "--" it is an argument again.
	if _, _, err := runCLI(t, "", "--config", cfg, "import", "--", "-h"); err == nil {
		t.Error("import -- -h: succeeded, want the file -h refused")
	}
}

// TestVersionTakesNoArguments: `version extra` is a mistake, said so, like
// every other command that takes none.
func TestVersionTakesNoArguments(t *testing.T) {
	out, _, err := runCLI(t, "", "version", "extra")
	var u usageError
	if !errors.As(err, &u) || out != "" {
		t.Errorf("version extra: %q, %v; want a usage error", out, err)
	}
	out, _, err = runCLI(t, "", "version")
	if err != nil || out != versionLine()+"\n" {
		t.Errorf("version: %q, %v", out, err)
	}
}

// TestBackupIntoAMissingFolder: a backup whose folder does not exist (or is
// a file) is refused with a sentence naming the folder, not SQLite's
// "unable to open database file ... (14)".
func TestBackupIntoAMissingFolder(t *testing.T) {
	cfg, db := writeConfig(t, "")
	_, _, err := runCLI(t, "", "--config", cfg, "backup", filepath.Join(t.TempDir(), "copy.db"))
	if err == nil || !strings.Contains(err.Error(), "there is no database at "+db) {
		t.Errorf("backup of no database: %v, want a sentence saying there is none", err)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, folder := range []string{filepath.Join(dir, "missing"), file} {
		_, _, err := runCLI(t, "", "--config", cfg, "backup", filepath.Join(folder, "copy.db"))
		if err == nil || !strings.Contains(err.Error(), `folder "`+folder+`"`) || strings.Contains(err.Error(), "(14)") {
			t.Errorf("backup into %s: %v, want a sentence naming the folder", folder, err)
		}
	}
}

// TestNullInputIsNoTerminal: the console run with stdin from /dev/null (a
// service, cron, or a closed stdin, which Go reopens as /dev/null) is not
// interactive: no banner and no prompt left on the output. /dev/null is a
// character device like a terminal, which is all isTerminal looked at.
func TestNullInputIsNoTerminal(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Errorf("%s is taken for a terminal", os.DevNull)
	}
}

// TestPreviewEditionMustBePositive: --edition 0 is refused like -1 (the
// message says "a positive number"); it used to print the draft as if no
// edition had been asked for.
func TestPreviewEditionMustBePositive(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	for _, n := range []string{"0", "-1", "x", ""} {
		_, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", n)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), "--edition must be a positive number") {
			t.Errorf("preview --edition %q: %v, want a usage error saying it must be a positive number", n, err)
		}
	}
}

// TestConfigAfterTheCommand: `sharednews check-config --config FILE` (as
// a service file often writes it) uses FILE, as `--config FILE
// check-config` does, instead of failing with "takes no arguments".
func TestConfigAfterTheCommand(t *testing.T) {
	cfg, db := writeConfig(t, "")
	for _, args := range [][]string{
		{"migrate", "--config", cfg},
		{"migrate", "-config=" + cfg},
		{"import", "--dry-run", "--config", cfg, filepath.Join(realDigests, "2014-07-10-newsletter.txt")},
	} {
		out, stderr, err := runCLI(t, "", args...)
		if err != nil {
			t.Errorf("%q: %v\n%s%s", args, err, out, stderr)
		}
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("migrate --config FILE did not migrate FILE's database: %v", err)
	}
	other, _ := writeConfig(t, "")
	_, _, err := runCLI(t, "", "--config", cfg, "migrate", "--config", other)
	var u usageError
	if !errors.As(err, &u) {
		t.Errorf("two different --config: %v, want a usage error", err)
	}
	if _, _, err := runCLI(t, "", "migrate", "--config"); !errors.As(err, &u) {
		t.Errorf("migrate --config with no path: %v, want a usage error", err)
	}
}

// TestBackupOfAFileWithTwoNames: a database file with two names (hard
// links) is refused by every command, and the refusal points to `sharednews
// backup` for a separate copy; backup itself must then work, or the
// operator cannot keep a copy before removing the other names.
func TestBackupOfAFileWithTwoNames(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("hard links are not counted on Windows here")
	}
	cfg, db := writeConfig(t, "")
	if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(db, db+".old"); err != nil {
		t.Skipf("cannot make a hard link here: %v", err)
	}
	_, _, err := runCLI(t, "", "--config", cfg, "migrate")
	if err == nil || !strings.Contains(err.Error(), "2 names") || !strings.Contains(err.Error(), "sharednews backup FILE") {
		t.Fatalf("migrate of a file with two names: %v, want the refusal pointing to backup", err)
	}
	copyFile := filepath.Join(t.TempDir(), "copy.db")
	if _, _, err := runCLI(t, "", "--config", cfg, "backup", copyFile); err != nil {
		t.Fatalf("backup of a file with two names: %v", err)
	}
	st, err := store.Open(context.Background(), copyFile)
	if err != nil {
		t.Fatalf("the copy: %v", err)
	}
	defer st.Close()
	if v, err := st.SchemaVersion(context.Background()); err != nil || v != store.LatestSchemaVersion() {
		t.Errorf("the copy has schema version %d (%v), want %d", v, err, store.LatestSchemaVersion())
	}
}

// TestReadmeShowsTheUsage: the README's Commands section is what
// `sharednews help` prints, so that it lists the commands and their
// flags as the binary has them (it had drifted: another order, another
// first line, no --config, preview's flags on one line).
func TestReadmeShowsTheUsage(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "", "help")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "## Commands\n\n```\n"+out+"```\n") {
		t.Errorf("README.md's Commands section is not the output of `sharednews help`; paste it in:\n%s", out)
	}
}

// TestMistypedFlagOfACommandWithoutArguments: `sharednews migrate --confg
// FILE` (or check-config, console, run) names the flag it does not know
// and the one meant, as the global flags' refusal does; it was told
// "migrate takes no arguments, got ["--confg" "FILE"]", as if the flag
// were a word typed by mistake. A plain word is refused as before.
func TestMistypedFlagOfACommandWithoutArguments(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "--confg", cfg}, "migrate has no flag --confg: did you mean --config?"},
		{[]string{"check-config", "-conf=" + cfg}, "check-config has no flag -conf: did you mean --config?"},
		{[]string{"--config", cfg, "console", "--verbose"}, "console has no flag --verbose; its only flag is --config PATH"},
		{[]string{"--config", cfg, "migrate", "now"}, `migrate takes no arguments, got ["now"]`},
	} {
		_, _, err := runCLI(t, "", tc.args...)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want a usage error saying %q", tc.args, err, tc.want)
		}
	}
}

// TestFlagGivenTwiceIsRefused: the flag package takes the last of a flag
// given twice, so `preview --edition 3 --edition 4` printed edition 4
// without a word; every command's flags (and main's own, before the
// command) now refuse a second, different value, saying both, exit 2.
// The same value twice is taken.
func TestFlagGivenTwiceIsRefused(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	other, _ := writeConfig(t, "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", cfg, "preview", "--edition", "3", "--edition", "4"}, `preview: --edition is given twice, as "3" and "4"; give it once`},
		{[]string{"--config", cfg, "preview", "--format=html", "--format", "text"}, `preview: --format is given twice, as "html" and "text"; give it once`},
		{[]string{"--config", cfg, "import", "--dry-run", "x.txt", "--dry-run=false"}, `import: --dry-run is given twice, as "true" and "false"; give it once`},
		{[]string{"--config", cfg, "classify", "--eval", "--labelled", "a.json", "--labelled", "b.json"}, `classify: --labelled is given twice, as "a.json" and "b.json"; give it once`},
		{[]string{"--config", cfg, "--config", other, "version"}, fmt.Sprintf("--config is given twice, as %q and %q; give it once", cfg, other)},
	} {
		_, _, err := runCLI(t, "", tc.args...)
		var u usageError
		if !errors.As(err, &u) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v\nwant a usage error beginning %q", tc.args, err, tc.want)
		}
	}
	// The same value twice is no conflict.
	if _, _, err := runCLI(t, "", "--config", cfg, "preview", "--format", "text", "--format=text"); errors.As(err, new(usageError)) {
		t.Errorf("preview --format text --format=text: %v", err)
	}
	files := realDigestFiles(t)
	if out, stderr, err := importCLI(t, cfg, "--dry-run", files[0], "--dry-run=true"); err != nil {
		t.Errorf("import --dry-run FILE --dry-run=true: %v\n%s%s", err, out, stderr)
	}
}

// TestImportRefusesAnEmptyFileName: `import ""` (a shell variable not
// set) was reported as the file ": cannot open" and "nothing from  was
// imported"; `import --dry-run=maybe` was told to name a file beginning
// with a dash as ./NAME. Each is now a usage error saying what is wrong.
func TestImportRefusesAnEmptyFileName(t *testing.T) {
	cfg, db := writeConfig(t, "")
	files := realDigestFiles(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import", files[0], ""}, "import: one of the file names is empty (a variable not set?); nothing was imported"},
		{[]string{"import", "--dry-run=maybe", files[0]}, `import: --dry-run takes no value (or true or false), got "maybe"`},
	} {
		_, _, err := runCLI(t, "", append([]string{"--config", cfg}, tc.args...)...)
		var u usageError
		if !errors.As(err, &u) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v\nwant a usage error beginning %q", tc.args, err, tc.want)
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused import left a database (%v)", err)
	}
}

// TestMisspeltFlagIsOfferedTheFlagMeant: a misspelt or valueless flag was
// answered in the flag package's words, with one dash whichever was typed
// ("flag provided but not defined: -formt", "flag needs an argument:
// -edition"). Each is now a sentence naming the flag as --NAME and, for a
// typo, the flag meant; a flag near none is only said not to exist. The
// refusal writes nothing.
func TestMisspeltFlagIsOfferedTheFlagMeant(t *testing.T) {
	cfg, db := writeConfig(t, "")
	files := realDigestFiles(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", cfg, "preview", "--formt", "html"}, "preview: there is no flag --formt; did you mean --format?"},
		{[]string{"--config", cfg, "preview", "--edition"}, "preview: --edition needs a value after it"},
		{[]string{"--config", cfg, "preview", "--zzz"}, "preview: there is no flag --zzz ("},
		{[]string{"--config", cfg, "import", "--dryrun", files[0]}, "import: there is no flag --dryrun; did you mean --dry-run?"},
		{[]string{"--confg", cfg, "migrate"}, "there is no flag --confg; did you mean --config?"},
		// A switch given a value it cannot be was told in the flag
		// package's words: `invalid boolean value "maybe" for -explain:
		// parse error`.
		{[]string{"--config", cfg, "classify", "--explain=maybe"}, `classify: --explain takes no value (or true or false), got "maybe"`},
		{[]string{"--config", cfg, "classify", "--eval=2"}, `classify: --eval takes no value (or true or false), got "2"`},
	} {
		_, _, err := runCLI(t, "", tc.args...)
		var u usageError
		if !errors.As(err, &u) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v\nwant a usage error beginning %q", tc.args, err, tc.want)
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused command left a database (%v)", err)
	}
}

// TestFileNamesWithAControlCharacterAreRefused: `backup "copy\n.db"` (a
// name pasted with its line break, or a script's variable holding two
// lines) wrote a file whose name nobody can type, and reported it on two
// lines. Every command that takes a file name refuses one holding a control
// character, saying so, as a usage error, before it reads or writes
// anything.
func TestFileNamesWithAControlCharacterAreRefused(t *testing.T) {
	cfg, db := writeConfig(t, "")
	if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "readers.csv")
	if err := os.WriteFile(csv, []byte("email\nana@example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	digests := realDigestFiles(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", filepath.Join(dir, "copy\n.db")}, `backup: the file name "` + dir + `/copy\n.db" has a control character in it (U+000A, a line break)`},
		{[]string{"backup", filepath.Join(dir, "copy.db\r")}, `(U+000D, a carriage return)`},
		{[]string{"backup", filepath.Join(dir, "co\x1bpy.db")}, `(U+001B)`},
		{[]string{"import", digests[0], digests[1] + "\n"}, `import: the file name "` + digests[1] + `\n" has a control character in it`},
		{[]string{"import", "--dry-run", "\t" + digests[0]}, `(U+0009, a tab)`},
		{[]string{"subscribers", "import", csv + "\n"}, `subscribers import: the file name "` + csv + `\n" has a control character in it`},
	} {
		_, _, err := runCLI(t, "", append([]string{"--config", cfg}, tc.args...)...)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nothing was") {
			t.Errorf("%q: %v\nwant a usage error with %q", tc.args, err, tc.want)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("refused backups left files: %v", left)
	}
	st := storetest.Open(t, db)
	if _, n, err := st.PublishedEditions(context.Background(), 0, 1); err != nil || n != 0 {
		t.Errorf("a refused import stored %d editions (%v)", n, err)
	}
	if readers, err := st.Subscribers(context.Background()); err != nil || len(readers) != 0 {
		t.Errorf("a refused subscribers import stored %d readers (%v)", len(readers), err)
	}
}
