package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestReadOnlyDatabaseNamesTheCause: a read-only database file, or a folder
// where SQLite cannot create the -wal and -shm files, is refused with the
// real cause, not "not a readable SQLite database (unable to open database
// file)"; and nothing is changed.
func TestReadOnlyDatabaseNamesTheCause(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		lock func(t *testing.T, path string)
		want string
	}{
		{"file", func(t *testing.T, path string) { storetest.ReadOnly(t, path) }, "the file is read-only for the user running sharednews"},
		{"folder", func(t *testing.T, path string) { storetest.ReadOnly(t, filepath.Dir(path)) }, "no write permission on the folder "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "news.db")
			st := storetest.Open(t, path)
			st.Close() // the last connection removes the -wal and -shm files
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tc.lock(t, path)
			_, err = store.Open(ctx, path)
			var ro *store.ReadOnlyError
			if !errors.As(err, &ro) || ro.Path != path {
				t.Fatalf("Open = %v, want a *store.ReadOnlyError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "not a readable") {
				t.Errorf("message %q, want it to say %q", err, tc.want)
			}
			if tc.name == "folder" && !strings.Contains(err.Error(), filepath.Dir(path)) {
				t.Errorf("message %q does not name the folder", err)
			}
			after, _ := os.ReadFile(path)
			if string(before) != string(after) {
				t.Error("the database file changed")
			}
		})
	}
}

// TestReadOnlyFolderWithItsWALFilesOpens: SQLite needs to create the -wal
// and -shm files only when they are missing; with both there and writable,
// a read-only folder is no reason to refuse.
func TestReadOnlyFolderWithItsWALFilesOpens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path) // stays open, so the -wal and -shm files stay
	storetest.ReadOnly(t, filepath.Dir(path))
	other, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("Open beside an open store in a read-only folder: %v", err)
	}
	defer other.Close()
	if _, err := other.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: "C1"}); err != nil {
		t.Errorf("write: %v", err)
	}
	_ = st
}

// TestReadIfReadOnlyReads: a database that cannot be written (a read-only
// file, a read-only file system) opens for reading with
// Options.ReadIfReadOnly, for the commands that only read; its writes
// are refused with the cause, and nothing is changed. Where SQLite
// itself cannot read it (a read-only folder without the -shm file it
// needs, a read-only file system with a log not yet copied), the refusal
// says why.
func TestReadIfReadOnlyReads(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		dir     func(t *testing.T) string
		lock    func(t *testing.T, path string)
		keepLog bool   // leave the -wal file, as a process killed does
		refused string // what the refusal says, where SQLite cannot read it
	}{
		{name: "file", dir: func(t *testing.T) string { return t.TempDir() },
			lock: func(t *testing.T, path string) { storetest.ReadOnly(t, path) }},
		{name: "file system", dir: func(t *testing.T) string { return storetest.SmallDisk(t, "4m") },
			lock: func(t *testing.T, path string) { storetest.MountReadOnly(t, filepath.Dir(path)) }},
		{name: "file system with a log", dir: func(t *testing.T) string { return storetest.SmallDisk(t, "4m") },
			lock:    func(t *testing.T, path string) { storetest.MountReadOnly(t, filepath.Dir(path)) },
			keepLog: true, refused: "its -wal file holds writes not yet copied into it"},
		{name: "folder", dir: func(t *testing.T) string { return t.TempDir() },
			lock: func(t *testing.T, path string) { storetest.ReadOnly(t, filepath.Dir(path)) },
			// The -shm file went with the last connection: SQLite cannot make it.
			refused: "SQLite reads it through its -shm file, which is missing and cannot be made there"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(tc.dir(t), "news.db")
			st := storetest.Open(t, path)
			if _, err := st.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: "C1"}); err != nil {
				t.Fatal(err)
			}
			if tc.keepLog {
				// A copy of the log as a killed process leaves it:
				// Close would copy it into the database and remove it.
				log, err := os.ReadFile(path + "-wal")
				if err != nil {
					t.Fatal(err)
				}
				st.Close()
				if err := os.WriteFile(path+"-wal", log, 0o600); err != nil {
					t.Fatal(err)
				}
			} else {
				st.Close()
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tc.lock(t, path)
			if _, err := store.Open(ctx, path); !errors.As(err, new(*store.ReadOnlyError)) {
				t.Fatalf("Open = %v, want a *store.ReadOnlyError", err)
			}
			ro, err := store.OpenWith(ctx, path, store.Options{ReadIfReadOnly: true})
			if tc.refused != "" {
				if err == nil {
					ro.Close()
					t.Fatal("OpenWith(ReadIfReadOnly) opened it; the test expects SQLite unable to read it")
				}
				if !strings.Contains(err.Error(), tc.refused) || !strings.Contains(err.Error(), path) {
					t.Fatalf("OpenWith(ReadIfReadOnly) = %q, want it to name %s and say %q", err, path, tc.refused)
				}
				// The file is sound: the refusal says what SQLite
				// cannot do there, casting no doubt on the file.
				if strings.Contains(err.Error(), "not a readable SQLite database") {
					t.Errorf("OpenWith(ReadIfReadOnly) = %q, calling a sound database unreadable", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("OpenWith(ReadIfReadOnly): %v", err)
			}
			defer ro.Close()
			if ro.ReadOnly() == nil {
				t.Error("ReadOnly() = nil for a database opened read-only")
			}
			if _, err := ro.Subscription(ctx, "slack", "C1"); err != nil {
				t.Fatalf("Subscription of the one stored: %v", err)
			}
			_, err = ro.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: "C2"})
			if !errors.As(err, new(*store.ReadOnlyError)) {
				t.Errorf("a write to the read-only store = %v, want a *store.ReadOnlyError", err)
			}
			ro.Close()
			if after, _ := os.ReadFile(path); string(before) != string(after) {
				t.Error("the database file changed")
			}
		})
	}
}

// TestReadOnlyRemedyFitsTheCause: a database file, -wal file or folder
// made read-only by the immutable attribute (chattr +i, which binds root
// too) was refused with "make it writable (chmod u+w FILE)", which cannot
// help; the refusal now says to remove the attribute with chattr -i. Made
// read-only by chmod (storetest.ReadOnly as another user than root), it
// still says chmod.
func TestReadOnlyRemedyFitsTheCause(t *testing.T) {
	ctx := context.Background()
	// A file chmod made read-only has no attribute to remove (as root,
	// chmod does not bind, so the chmod branch below runs only as
	// another user): the hint is for the attribute alone.
	plain := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(plain, nil, 0o444); err != nil {
		t.Fatal(err)
	}
	if hint := store.AttributeHint(plain); hint != "" {
		t.Errorf("AttributeHint of a file without attributes = %q, want none", hint)
	}
	for _, tc := range []struct {
		name     string
		target   func(path string) string // what is made read-only
		chmodFix string                   // the remedy when chmod made it so
	}{
		{"file", func(path string) string { return path }, "chmod u+w "},
		{"-wal file", func(path string) string { return path + "-wal" }, "make it writable or remove it"},
		{"folder", filepath.Dir, "let the user running sharednews write there"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "news.db")
			st := storetest.Open(t, path)
			if tc.name == "-wal file" {
				// Kept open, so its -wal file stays; the folder is made
				// read-only too, or SQLite would make another.
				defer st.Close()
				storetest.ReadOnly(t, filepath.Dir(path))
			} else {
				st.Close()
			}
			target := tc.target(path)
			how := storetest.ReadOnly(t, target)
			_, err := store.Open(ctx, path)
			if !errors.As(err, new(*store.ReadOnlyError)) {
				t.Fatalf("Open = %v, want a *store.ReadOnlyError", err)
			}
			msg := err.Error()
			if how == "immutable" {
				if want := "remove it with chattr -i " + target; !strings.Contains(msg, want) || strings.Contains(msg, "chmod") || strings.Contains(msg, "make it writable") {
					t.Errorf("immutable %s: %q, want it to say %q and not chmod", tc.name, msg, want)
				}
			} else if !strings.Contains(msg, tc.chmodFix) {
				t.Errorf("%s made read-only by chmod: %q, want it to say %q", tc.name, msg, tc.chmodFix)
			}
		})
	}
}

// TestReadOnlyBindMountIsNotTheAttribute: on a read-only bind mount (a
// container's ":ro" volume) a database file that also has the immutable
// attribute was refused as "remove it with chattr -i", which cannot even
// run there, and a command that only reads could not open it (the
// attribute, not the file system, was taken for the cause, so SQLite was
// asked for the -shm file the mount cannot hold). The read-only file
// system is named, and the database reads. Without the attribute the
// mount was already named; that case is kept here too.
func TestReadOnlyBindMountIsNotTheAttribute(t *testing.T) {
	ctx := context.Background()
	for _, attribute := range []bool{false, true} {
		t.Run(fmt.Sprintf("attribute=%t", attribute), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "news.db")
			st := storetest.Open(t, path)
			if _, err := st.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: "C1"}); err != nil {
				t.Fatal(err)
			}
			st.Close() // the last connection removes the -wal and -shm files
			if attribute && storetest.ReadOnly(t, path) != "immutable" {
				t.Skip("the immutable attribute cannot be set here")
			}
			storetest.BindReadOnly(t, filepath.Dir(path))
			_, err := store.Open(ctx, path)
			if !errors.As(err, new(*store.ReadOnlyError)) {
				t.Fatalf("Open = %v, want a *store.ReadOnlyError", err)
			}
			if msg := err.Error(); !strings.Contains(msg, "read-only file system; mount it read-write") || strings.Contains(msg, "chattr") {
				t.Errorf("Open: %q, want it to name the read-only file system and not the attribute", msg)
			}
			if err := store.CheckWritable(path); err == nil || !strings.Contains(err.Error(), "read-only file system") {
				t.Errorf("CheckWritable = %v, want it to name the read-only file system", err)
			}
			ro, err := store.OpenWith(ctx, path, store.Options{ReadIfReadOnly: true})
			if err != nil {
				t.Fatalf("OpenWith(ReadIfReadOnly): %v", err)
			}
			defer ro.Close()
			if _, err := ro.Subscription(ctx, "slack", "C1"); err != nil {
				t.Errorf("Subscription of the one stored: %v", err)
			}
		})
	}
}

// TestAttributeStillNamedOnAWritableFileSystem: the immutable attribute on
// a file system that can be written is still the cause said, with its
// chattr remedy (the read-only mount check does not take it over).
func TestAttributeStillNamedOnAWritableFileSystem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	storetest.Open(t, path).Close()
	if storetest.ReadOnly(t, path) != "immutable" {
		t.Skip("the immutable attribute cannot be set here")
	}
	err := store.CheckWritable(path)
	if err == nil || !strings.Contains(err.Error(), "chattr -i "+path) || strings.Contains(err.Error(), "file system") {
		t.Errorf("CheckWritable = %v, want the attribute's remedy alone", err)
	}
}
