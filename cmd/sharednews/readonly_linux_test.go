package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestCommandsThatOnlyReadReadAReadOnlyDatabase: preview, backup and
// subscribers export only read, yet on a read-only file system (or with
// the database file read-only) they were refused with "cannot write the
// database". They now read it; the commands that write (ingest, import,
// run, subscribers remove) are still refused with the store's sentence,
// and nothing is changed.
func TestCommandsThatOnlyReadReadAReadOnlyDatabase(t *testing.T) {
	for _, tc := range []struct {
		name string
		dir  func(t *testing.T) string
		lock func(t *testing.T, db string)
		says string // in the refusal of the commands that write
	}{
		{"file system", func(t *testing.T) string { return storetest.SmallDisk(t, "8m") },
			func(t *testing.T, db string) { storetest.MountReadOnly(t, filepath.Dir(db)) }, "it is on a read-only file system"},
		{"database file", func(t *testing.T) string { return t.TempDir() },
			func(t *testing.T, db string) { storetest.ReadOnly(t, db) }, "cannot write the database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(tc.dir(t), "news.db")
			cfg := filepath.Join(t.TempDir(), "config.toml")
			body := "[bot]\ndatabase = " + strconv.Quote(db) + "\n[submissions]\nfetch_timeout = \"2s\"\nallow_private_hosts = true\n[feeds]\nsource = []\n"
			if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, _, err := runCLI(t, "/shared submit "+siteDown(t)+"/a\n/shared approve 1\n", "--config", cfg, "console"); err != nil {
				t.Fatal(err)
			}
			tc.lock(t, db)
			before, err := os.ReadFile(db)
			if err != nil {
				t.Fatal(err)
			}
			out, _, err := runCLI(t, "", "--config", cfg, "preview")
			if err != nil || !strings.Contains(out, "127.0.0.1") {
				t.Errorf("preview: %v, want the draft with its one story:\n%s", err, out)
			}
			if out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export"); err != nil || !strings.HasPrefix(out, "email,") {
				t.Errorf("subscribers export: %v, want the CSV's header:\n%s", err, out)
			}
			copyPath := filepath.Join(t.TempDir(), "copy.db")
			if _, _, err := runCLI(t, "", "--config", cfg, "backup", copyPath); err != nil {
				t.Errorf("backup: %v", err)
			} else if info, err := os.Stat(copyPath); err != nil || info.Size() == 0 {
				t.Errorf("backup wrote no copy: %v", err)
			}
			// Nor is anything made beside it: run made its lock file
			// before it found the database read-only.
			folder := func() []string {
				entries, err := os.ReadDir(filepath.Dir(db))
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				return names
			}
			files := folder()
			for _, args := range [][]string{{"ingest"}, {"subscribers", "remove", "a@example.org"}, {"run"}} {
				_, _, err := runCLI(t, "", append([]string{"--config", cfg}, args...)...)
				if err == nil || !strings.Contains(err.Error(), tc.says) {
					t.Errorf("%s: %v, want a refusal saying %q", args, err, tc.says)
				}
			}
			if after, _ := os.ReadFile(db); string(after) != string(before) {
				t.Error("the database file changed")
			}
			if after := folder(); !slices.Equal(after, files) {
				t.Errorf("the database's folder held %q, and %q after the refusals", files, after)
			}
		})
	}
}
