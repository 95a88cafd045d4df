//go:build unix

package store

import (
	"context"
	"os"
	"path/filepath"
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
	wantOwnerOnly(t, path, path+"-wal", path+"-shm", backup)
}

// wantOwnerOnly fails t unless each file (not a link to it) is closed to
// the owner's group and to others.
func wantOwnerOnly(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		info, err := os.Lstat(name)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s: mode %v, want no access for group and others", filepath.Base(name), perm)
		}
	}
}

// TestDatabaseMadeThroughALinkIsForTheOwnerOnly: bot.database names a
// symbolic link to a database not made yet (a volume mounted elsewhere,
// linked into /data, by its full path or relative to the link's folder);
// SQLite creates the file at the link's target, and it is as private as
// one made at a plain path. It used to be readable by every user of the
// machine (0644): the owner-only file was attempted at the link's own
// name, where one cannot be made exclusively.
func TestDatabaseMadeThroughALinkIsForTheOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	for _, relative := range []bool{false, true} {
		name := "absolute"
		if relative {
			name = "relative"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			volume, data := t.TempDir(), t.TempDir()
			target := filepath.Join(volume, "news.db")
			link := filepath.Join(data, "news.db")
			to := target
			if relative {
				// "../002/news.db": the kernel reads it from the link's
				// folder, not from the folder the bot was started in.
				var err error
				if to, err = filepath.Rel(data, target); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink(to, link); err != nil {
				t.Fatal(err)
			}
			// A link to the link's folder, as a second hop: the database
			// is opened as volume/data/news.db.
			if err := os.Symlink(data, filepath.Join(volume, "data")); err != nil {
				t.Fatal(err)
			}
			s := openTestAt(t, filepath.Join(volume, "data", "news.db"))
			if _, err := s.EmailSecret(ctx); err != nil {
				t.Fatal(err)
			}
			wantOwnerOnly(t, target, target+"-wal", target+"-shm")
			if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v %v", info, err)
			}
		})
	}
}

// TestDatabaseNamedWithDotDotAfterALinkedFolder: bot.database is
// /etc/sn/data/../news.db, data a link to /srv/sn/db. The kernel and
// SQLite go up from the link's target, to /srv/sn/news.db; the store
// cleared ".." away with the link first and made its owner-only file at
// /etc/sn/news.db, an empty file beside no database, while SQLite created
// the real one readable by every user of the machine.
func TestDatabaseNamedWithDotDotAfterALinkedFolder(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	srv, etc := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(srv, "db"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(srv, "db"), filepath.Join(etc, "data")); err != nil {
		t.Fatal(err)
	}
	dotted := filepath.Join(etc, "data") + string(filepath.Separator) + ".." + string(filepath.Separator) + "news.db"
	if got, err := DatabaseFile(dotted); err != nil || got != filepath.Join(srv, "news.db") {
		t.Errorf("DatabaseFile(%s) = %s %v, want %s", dotted, got, err, filepath.Join(srv, "news.db"))
	}
	s := openTestAt(t, dotted)
	if _, err := s.EmailSecret(context.Background()); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(srv, "news.db")
	wantOwnerOnly(t, file, file+"-wal", file+"-shm")
	if _, err := os.Lstat(filepath.Join(etc, "news.db")); err == nil {
		t.Errorf("a file was made at %s, where the database is not", filepath.Join(etc, "news.db"))
	}
}
