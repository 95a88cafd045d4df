package main

import (
	"strings"
	"testing"
)

// TestSubscribersCommandsPrintNoAddressInFull: PRODUCT 11 says addresses
// are never logged in full, and what `subscribers import` and `remove`
// print lands where logs do (a terminal's scrollback, a cron mail, a
// ticket the output is pasted into), so they name readers as the bot's
// log does, "a***@example.org", with the file's line where there is one.
// Import masked a reader left out but printed a repeated address whole,
// and remove printed the address it removed, and the one it could not
// find, whole. Export alone writes addresses whole: it is the list itself,
// for the data owner.
func TestSubscribersCommandsPrintNoAddressInFull(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	var said strings.Builder
	run := func(args ...string) {
		out, errOut, err := runCLI(t, "", append([]string{"--config", cfg, "subscribers"}, args...)...)
		said.WriteString(out + errOut)
		if err != nil {
			said.WriteString(err.Error() + "\n")
		}
	}
	run("import", writeFile(t, "twice.csv", "email\nana.smith@example.org\nAna.Smith@example.org\n"))
	run("import", writeFile(t, "good.csv", "email\nana.smith@example.org\nben.jones@example.org\n"))
	run("remove", "Ben.Jones@example.org")
	run("remove", "cat.brown@example.org")
	for _, whole := range []string{"ana.smith", "Ana.Smith", "ben.jones", "Ben.Jones", "cat.brown"} {
		if strings.Contains(said.String(), whole) {
			t.Errorf("the commands printed %q in full:\n%s", whole, said.String())
		}
	}
	for _, want := range []string{"twice.csv:3: A***@example.org is already on line 2", "removed b***@example.org",
		"no reader has the address c***@example.org"} {
		if !strings.Contains(said.String(), want) {
			t.Errorf("the commands did not say %q:\n%s", want, said.String())
		}
	}
}
