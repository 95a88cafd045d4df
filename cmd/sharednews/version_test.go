package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionFromBuildInfo: a binary built without -ldflags "-X
// main.version=…" (go build, go install module@version) printed "dev",
// so an operator could not tell two builds apart, nor which release holds
// a database's run lock. The version now comes from what the Go toolchain
// stamped into the binary: the module's version, else the commit.
func TestVersionFromBuildInfo(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: "2026-11-30T03:08:34Z"}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "bd25b212b42a60dce09b5b0a9b1016335483080f"
	for _, tc := range []struct {
		name    string
		ldflags string
		info    *debug.BuildInfo
		want    string
	}{
		{"release build names its version", "v1.4.0", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "v1.4.0"},
		{"go install module@version", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"go build in a checkout", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261130030834-bd25b212b42a+dirty"},
			Settings: vcs(rev, "true")}, "v0.0.0-20261130030834-bd25b212b42a+dirty"},
		{"a commit without a module version", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: vcs(rev, "false")}, "bd25b212b42a"},
		{"a commit with changes", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: vcs(rev, "true")}, "bd25b212b42a+dirty"},
		{"go run knows nothing", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"no build info", "dev", nil, "dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionFrom(tc.ldflags, tc.info); got != tc.want {
				t.Errorf("versionFrom = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestVersionOfAGoBuild builds the command as `go build` does in a
// checkout and runs `version`: it names the version the toolchain stamped
// (what `go version -m` shows), not "dev".
func TestVersionOfAGoBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	if out, err := exec.Command("git", "rev-parse", "--is-inside-work-tree").Output(); err != nil || strings.TrimSpace(string(out)) != "true" {
		t.Skip("not a git checkout, so go build stamps no version")
	}
	bin := filepath.Join(t.TempDir(), "sharednews")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	meta, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	var stamped, toolchain string
	for line := range strings.Lines(string(meta)) {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && strings.HasSuffix(f[0], ":"):
			toolchain = f[1] // "/path/sharednews: go1.26.8"
		case len(f) >= 3 && f[0] == "mod":
			stamped = f[2]
		}
	}
	if !strings.Contains(string(meta), "\tvcs=git") {
		// Go finds a repository only by a .git folder, so a git worktree
		// (whose .git is a file) builds without version control stamps.
		t.Skip("go build stamped no version control information here (a git worktree?)")
	}
	if stamped == "" || stamped == "(devel)" {
		t.Fatalf("go build stamped no module version:\n%s", meta)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "sharednews " + stamped + " (" + toolchain + ")\n"; string(out) != want {
		t.Errorf("version printed %q, want %q", out, want)
	}
}

// TestVersionFlag: `sharednews --version` (the first thing an operator
// types on a new machine) answered "flag provided but not defined:
// -version" and the whole usage, exiting 2. It now prints the version, as
// `sharednews version` does; with a command after it, it is refused.
func TestVersionFlag(t *testing.T) {
	want, _, err := runCLI(t, "", "version")
	if err != nil || !strings.HasPrefix(want, "sharednews ") {
		t.Fatalf("version: %q, %v", want, err)
	}
	for _, flag := range []string{"--version", "-version"} {
		if out, _, err := runCLI(t, "", flag); err != nil || out != want {
			t.Errorf("%s: %q, %v; want %q", flag, out, err, want)
		}
	}
	if _, _, err := runCLI(t, "", "--version", "run"); err == nil || !strings.Contains(err.Error(), "takes no command") {
		t.Errorf("--version run: %v", err)
	}
}
