package config

import (
	"errors"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
)

// TestAConfigurationFileThatCannotBeReadIsOneSentence: a mistyped --config
// is told in one sentence. Before, the sentence was followed by the os
// error it wraps ("…does not exist: open /etc/x.toml: no such file or
// directory"), saying the same thing twice in the system's words. The
// error still wraps the os error for callers that ask.
func TestAConfigurationFileThatCannotBeReadIsOneSentence(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "config.tmol")
	for path, tc := range map[string]struct {
		want string
		is   error
	}{
		missing: {"the configuration file " + missing + " does not exist", fs.ErrNotExist},
		dir:     {"the configuration file " + dir + " is a folder; name the file itself", syscall.EISDIR},
	} {
		_, err := Load(path, func(string) string { return "" })
		if err == nil || err.Error() != tc.want {
			t.Errorf("Load(%s) = %v, want %q", path, err, tc.want)
		}
		if !errors.Is(err, tc.is) {
			t.Errorf("Load(%s) = %v, does not wrap %v", path, err, tc.is)
		}
	}
}
