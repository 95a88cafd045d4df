package sentence

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestTheSentenceAloneIsSaidAndTheCauseKept: what a person reads is the
// sentence, not the os error's "open PATH: …" after it; a caller still
// tells the cause.
func TestTheSentenceAloneIsSaidAndTheCauseKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.toml")
	_, cause := os.ReadFile(path)
	err := error(Errorf(cause, "the configuration file %s does not exist", path))
	if got, want := err.Error(), "the configuration file "+path+" does not exist"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, fs.ErrNotExist) || errors.Unwrap(err) != cause {
		t.Errorf("the cause is lost: %v", errors.Unwrap(err))
	}
}
