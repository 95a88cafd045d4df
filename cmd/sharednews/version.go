package main

import (
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=…" (the
// Dockerfile's VERSION); "dev" means it was not, and programVersion asks
// the build information instead.
var version = "dev"

// programVersion is this binary's version: the one given at build time,
// else the one the Go toolchain stamped into it (go install
// module@v1.2.3, or go build in a git checkout), else "dev" (go run).
func programVersion() string {
	info, _ := debug.ReadBuildInfo()
	return versionFrom(version, info)
}

// versionFrom is programVersion given the -ldflags version and the build
// information (nil when there is none).
func versionFrom(ldflags string, info *debug.BuildInfo) string {
	if ldflags != "" && ldflags != "dev" {
		return ldflags
	}
	if info == nil {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	// A module version is not stamped in every case a commit is (an older
	// toolchain, a build outside the module's own checkout); the commit
	// still tells two builds apart.
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if revision == "" {
		return "dev"
	}
	if len(revision) > 12 {
		revision = revision[:12]
	}
	if modified == "true" {
		revision += "+dirty"
	}
	return revision
}

// versionLine is what `sharednews version` prints.
func versionLine() string {
	return "sharednews " + programVersion() + " (" + runtime.Version() + ")"
}
