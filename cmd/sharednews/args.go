package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"
)

// parseFlags parses a command's flags wherever they stand among its
// positional arguments, as most command-line tools do, and returns the
// positional arguments in order. The flag package alone stops at the first
// positional argument, which made `import FILE --dry-run` import FILE for
// real with "--dry-run" taken for a file name. After "--" everything is
// positional, so a file whose name begins with a dash can still be named.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// flagGiven reports whether the flag name was set on the command line
// (as opposed to left at its default).
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// helpFlags ask for a command's help wherever they stand among its
// arguments (before "--").
var helpFlags = []string{"-h", "-help", "--help"}

// wantsHelp reports whether args ask for help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if slices.Contains(helpFlags, a) {
			return true
		}
	}
	return false
}

// commandUsage is the help of one command, for `sharednews COMMAND --help`.
func commandUsage(c command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: sharednews [--config PATH] %s\n\n  %s\n", c.synopsis, strings.ReplaceAll(c.help, "\n", "\n  "))
	switch c.name() {
	case "classify":
		b.WriteString("\n" + classifyUsage + "\n")
	case "subscribers":
		b.WriteString("\n" + subscribersUsage + "\n")
	}
	return b.String()
}
