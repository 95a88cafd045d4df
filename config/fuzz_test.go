package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds Load any file. The loader does its own byte surgery on a
// document go-toml refused (blanking a broken value to read the rest), so
// a file an operator got wrong in a way no test thought of must still come
// back as Problems, never a panic. Either a config comes back that passes
// Validate, or no config and problems, each a sentence; a line it names is
// one of the file's.
func FuzzLoad(f *testing.F) {
	if example, err := os.ReadFile("../config.example.toml"); err == nil {
		f.Add(example)
	} else {
		f.Fatal(err)
	}
	f.Add([]byte(""))
	f.Add([]byte("[bot]\nname = \"News\"\n"))
	f.Add([]byte("[bot]\nname = \n[slack]\nenabled = true\n"))
	f.Add([]byte("\uFEFF[schedule]\nday = \"monday\"\ntime = \"25:00\"\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		path := filepath.Join(t.TempDir(), "config.toml")
		if err := os.WriteFile(path, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(path, func(string) string { return "" })
		if (c == nil) == (err == nil) {
			t.Fatalf("Load gave config %v and error %v: want exactly one", c != nil, err)
		}
		if err == nil {
			if ps := c.Validate(); len(ps) > 0 {
				t.Fatalf("Load accepted a config that Validate refuses: %v", ps)
			}
			return
		}
		var ps Problems
		if !errors.As(err, &ps) {
			t.Fatalf("Load refused the file with %T %q, not Problems", err, err)
		}
		if len(ps) == 0 {
			t.Fatal("Load refused the file with no problem named")
		}
		lines := bytes.Count(doc, []byte("\n")) + 1
		for _, p := range ps {
			if p.Message == "" {
				t.Errorf("problem without a sentence: %+v", p)
			}
			if p.Line < 0 || p.Line > lines {
				t.Errorf("problem on line %d of a %d-line file: %+v", p.Line, lines, p)
			}
		}
	})
}
