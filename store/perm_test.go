package store

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// TestDatabaseAndBackupAreForTheOwnerOnly: the database holds readers'
// email addresses, the key that signs their links, and feed addresses with
// their passwords; a new database (with its -wal and -shm files) and a
// backup are readable by the bot's own user only, whatever the umask
// (SQLite's default is 0644, so any user of the machine could copy the
// mailing list).
func TestDatabaseAndBackupAreForTheOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "news.db")
	s := openTestAt(t, path)
	if _, err := s.EmailSecret(ctx); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm", backup} {
		info, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s: mode %v, want no access for group and others", filepath.Base(name), perm)
		}
	}
}
