package runlock

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// childEnv makes the test binary, started again, hold the lock of the
// database it names until it is killed.
const childEnv = "RUNLOCK_TEST_HOLD"

func TestMain(m *testing.M) {
	if db := os.Getenv(childEnv); db != "" {
		if _, err := Acquire(db, Holder{Version: "child"}); err != nil {
			fmt.Println("child:", err)
			os.Exit(1)
		}
		fmt.Println("holding")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestSecondAcquireNamesTheHolder(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	since := time.Date(2026, 11, 28, 10, 5, 3, 0, time.UTC)
	l, err := Acquire(db, Holder{Host: "web-1", Since: since})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(db, Holder{})
	var held *HeldError
	if !errors.As(err, &held) {
		t.Fatalf("second Acquire = %v, want a *HeldError", err)
	}
	if held.Holder.PID != os.Getpid() || held.Holder.Host != "web-1" || !held.Holder.Since.Equal(since) {
		t.Errorf("holder %+v", held.Holder)
	}
	for _, want := range []string{db, fmt.Sprintf("process %d on web-1 since 2026-11-28 10:05:03 UTC", os.Getpid()), Path(db), "console, preview, import"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%s", want, err)
		}
	}
	if err := l.Check(); err != nil {
		t.Errorf("Check on a held lock: %v", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(db, Holder{})
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	l2.Release()
}

func TestTwoSpellingsOfOneDatabaseShareTheLock(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	link := filepath.Join(t.TempDir(), "data")
	if err := os.Symlink(dir, link); err != nil {
		t.Skip(err)
	}
	l, err := Acquire(db, Holder{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if _, err := Acquire(filepath.Join(link, ".", "news.db"), Holder{}); !errors.As(err, new(*HeldError)) {
		t.Errorf("the same database through a symbolic link: %v", err)
	}
}

// TestCheckSeesTheLockFileReplaced: someone removes the lock file, and a
// second run takes a new one; the first run's Check says so.
func TestCheckSeesTheLockFileReplaced(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	l, err := Acquire(db, Holder{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if err := os.Remove(Path(db)); err != nil {
		t.Fatal(err)
	}
	if err := l.Check(); err == nil || !strings.Contains(err.Error(), "was removed") {
		t.Errorf("Check after removal: %v", err)
	}
	other, err := Acquire(db, Holder{Host: "web-2"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Release()
	var held *HeldError
	if err := l.Check(); !errors.As(err, &held) || held.Holder.Host != "web-2" {
		t.Errorf("Check after another took the new file: %v", err)
	}
}

// TestKilledHolderLeavesNoStaleLock: a process holding the lock is killed
// with SIGKILL; the lock is free at once, with no file to clean up.
func TestKilledHolderLeavesNoStaleLock(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command(exe, "-test.run=^$")
	child.Env = append(os.Environ(), childEnv+"="+db)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	buf := make([]byte, 64)
	n, _ := out.Read(buf)
	if !strings.Contains(string(buf[:n]), "holding") {
		t.Fatalf("child said %q", buf[:n])
	}
	_, err = Acquire(db, Holder{})
	var held *HeldError
	if !errors.As(err, &held) || held.Holder.PID != child.Process.Pid || held.Holder.Version != "child" {
		t.Fatalf("while the child holds it: %v", err)
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	l, err := Acquire(db, Holder{})
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	l.Release()
}

// TestHeldLooksWithoutTaking: Held says whether a run holds the lock, and
// who, without taking it: the holder keeps it, and a run can take it the
// moment the holder lets go, including after Held found it free.
func TestHeldLooksWithoutTaking(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	if h, held, err := Held(db); err != nil || held || h.PID != 0 {
		t.Fatalf("Held before any run = %+v %v %v", h, held, err)
	}
	l, err := Acquire(db, Holder{Host: "web-1", Version: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	// Through a symbolic link to its folder, as another command may name it.
	link := filepath.Join(t.TempDir(), "data")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{db, filepath.Join(link, "news.db")} {
		h, held, err := Held(name)
		if err != nil || !held || h.PID != os.Getpid() || h.Host != "web-1" || h.Version != "v1" {
			t.Errorf("Held(%s) while held = %+v %v %v", name, h, held, err)
		}
	}
	if err := l.Check(); err != nil {
		t.Errorf("the holder lost its lock to Held: %v", err)
	}
	if _, err := Acquire(db, Holder{}); !errors.As(err, new(*HeldError)) {
		t.Errorf("Acquire while held = %v, want a *HeldError", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, held, err := Held(db); err != nil || held {
		t.Errorf("Held after Release = %v %v", held, err)
	}
	l2, err := Acquire(db, Holder{})
	if err != nil {
		t.Fatalf("Acquire after Held found it free: %v", err)
	}
	l2.Release()
}

// TestALinkToADatabaseNotYetMadeSharesItsLock: bot.database names a
// symbolic link to a database that does not exist yet (a fresh install).
// The first run takes the lock; once the database exists, a second run
// naming the link's target (or the link, or a relative link) must find the
// same lock, not one beside the link.
func TestALinkToADatabaseNotYetMadeSharesItsLock(t *testing.T) {
	data := t.TempDir()
	target := filepath.Join(data, "news.db")
	etc := t.TempDir()
	link := filepath.Join(etc, "current.db")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	rel := filepath.Join(etc, "relative.db")
	if err := os.Symlink("current.db", rel); err != nil {
		t.Fatal(err)
	}
	l, err := Acquire(rel, Holder{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if err := os.WriteFile(target, nil, 0o644); err != nil { // SQLite makes it through the link
		t.Fatal(err)
	}
	for _, name := range []string{target, link, rel} {
		if other, err := Acquire(name, Holder{}); !errors.As(err, new(*HeldError)) {
			t.Errorf("Acquire(%s) once the database exists = %v, want a *HeldError", name, err)
			if err == nil {
				other.Release()
			}
		}
		if _, held, err := Held(name); !held || err != nil {
			t.Errorf("Held(%s) = %v %v", name, held, err)
		}
	}
	if got, want := l.File(), Path(target); got != want {
		t.Errorf("lock file %s, want %s beside the database itself", got, want)
	}
}

// TestDotDotAfterALinkedFolderSharesTheLock: a database named through a
// symbolic link to a folder and then "..", /etc/sn/data/../news.db where
// data links to /srv/sn/db, is /srv/sn/news.db to the kernel and to
// SQLite, which resolve the link before going up. The lock was taken
// beside /etc/sn/news.db, the ".." cleared away with the link before the
// link was resolved, so a run named so and a run naming /srv/sn/news.db
// both held "the" lock of one database, and both delivered every edition.
func TestDotDotAfterALinkedFolderSharesTheLock(t *testing.T) {
	srv := t.TempDir()
	if err := os.Mkdir(filepath.Join(srv, "db"), 0o755); err != nil {
		t.Fatal(err)
	}
	etc := t.TempDir()
	if err := os.Symlink(filepath.Join(srv, "db"), filepath.Join(etc, "data")); err != nil {
		t.Skip(err)
	}
	db := filepath.Join(srv, "news.db")
	dotted := filepath.Join(etc, "data") + string(filepath.Separator) + ".." + string(filepath.Separator) + "news.db"
	if err := os.WriteFile(db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Acquire(db, Holder{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	other, err := Acquire(dotted, Holder{})
	if !errors.As(err, new(*HeldError)) {
		t.Errorf("Acquire(%s) = %v, want a *HeldError: it is %s", dotted, err, db)
	}
	if err == nil {
		t.Errorf("the second lock file: %s", other.File())
		other.Release()
	}
	if _, held, err := Held(dotted); !held || err != nil {
		t.Errorf("Held(%s) = %v %v", dotted, held, err)
	}
	// The same, relative to the folder a run is started in: filepath.Abs
	// cleared the ".." away as well.
	t.Chdir(etc)
	relative := "data" + string(filepath.Separator) + ".." + string(filepath.Separator) + "news.db"
	if other, err := Acquire(relative, Holder{}); !errors.As(err, new(*HeldError)) {
		t.Errorf("Acquire(%s) in %s = %v, want a *HeldError", relative, etc, err)
		if err == nil {
			other.Release()
		}
	}
	if _, err := os.Stat(Path(filepath.Join(etc, "news.db"))); err == nil {
		t.Errorf("a lock file was made beside %s, where there is no database", filepath.Join(etc, "news.db"))
	}
}
