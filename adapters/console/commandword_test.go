package console

import (
	"strings"
	"testing"
)

// TestCommandWordWithoutItsSlash: the console takes a line with or
// without /shared, and people type the word without its slash too:
// "shared sectors" was answered "Unknown command `shared`." It runs; a
// slip in the word is answered with the line as it should be typed; and
// a line that is no command keeps its answer.
func TestCommandWordWithoutItsSlash(t *testing.T) {
	got := session(t, "shared sectors", "/share news health", "shraed status", "thanks!")
	for _, want := range []string{
		"Sectors\n  local-government",
		"✗ Unknown command `/share`. Did you mean `/shared news health`?",
		"✗ Unknown command `shraed`. Did you mean `/shared status`?",
		"✗ Unknown command `thanks!`.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Unknown command `shared`") {
		t.Errorf("shared sectors was not run:\n%s", got)
	}
}
