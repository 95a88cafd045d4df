package main

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/config"
)

// parseFlags parses a command's flags wherever they stand among its
// positional arguments, as most command-line tools do, and returns the
// positional arguments in order. The flag package alone stops at the first
// positional argument, which made `import FILE --dry-run` import FILE for
// real with "--dry-run" taken for a file name. After "--" everything is
// positional, so a file whose name begins with a dash can still be named.
//
// A flag given twice with different values is refused (onceEach).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	repeated := onceEach(fs)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if *repeated != nil {
				return nil, *repeated
			}
			return nil, flagProblem(fs, err)
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

// flagProblem rewords the flag package's refusals of an unknown flag
// ("flag provided but not defined: -formt"), of a flag with no value
// ("flag needs an argument: -edition") and of a switch given a value
// that is not true or false ("invalid boolean value \"maybe\" for
// -dry-run: parse error"), which name the flag with one dash whichever
// was typed and do not say what was meant, as sentences that offer the
// flag of fs nearest a misspelt one. Other errors are returned as they
// are.
func flagProblem(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		said := "there is no flag --" + name
		if near, ok := nearestFlag(fs, name); ok {
			said += "; did you mean --" + near + "?"
		}
		return errors.New(said)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Errorf("--%s needs a value after it", name)
	}
	// A switch given a value that is not a boolean ("--dry-run=maybe"):
	// `invalid boolean value "maybe" for -dry-run: parse error`.
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		if value, name, ok := strings.Cut(rest, " for -"); ok {
			name, _, _ = strings.Cut(name, ":")
			return fmt.Errorf("--%s takes no value (or true or false), got %s", name, value)
		}
	}
	return err
}

// nearestFlag is the flag of fs nearest name, when it is near enough to be
// a typo of it (config.Closest).
func nearestFlag(fs *flag.FlagSet, name string) (string, bool) {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return config.Closest(name, names)
}

// onceEach makes every flag of fs refuse a second, different value, and
// returns where the refusal is kept (nil until there is one): the flag
// package takes the last value given, so `--edition 3 --edition 4` showed
// edition 4 without a word, when either may have been meant. The same
// value twice (`--dry-run --dry-run`) is harmless and taken. The refusal
// is a usageError naming the command, the flag and both values; the flag
// package's own error for it ("invalid value … for flag …") is what
// Parse returns, so the caller returns this one instead.
func onceEach(fs *flag.FlagSet) *error {
	repeated := new(error)
	fs.VisitAll(func(f *flag.Flag) {
		f.Value = &onceValue{Value: f.Value, name: f.Name, command: fs.Name(), repeated: repeated}
	})
	return repeated
}

// onceValue is a flag's value that may be set once (onceEach).
type onceValue struct {
	flag.Value
	name, command string
	given         string // the value as first typed, when set
	set           bool
	repeated      *error
}

func (o *onceValue) Set(s string) error {
	before := o.Value.String()
	if err := o.Value.Set(s); err != nil {
		return err
	}
	// Compared as parsed, so that `--dry-run` and `--dry-run=true` agree.
	if o.set && o.Value.String() != before {
		said := fmt.Sprintf("--%s is given twice, as %q and %q; give it once", o.name, o.given, s)
		if o.command != "sharednews" { // main's own flags, before the command, need no name
			said = o.command + ": " + said
		}
		*o.repeated = usageError{said}
		return *o.repeated
	}
	if !o.set {
		o.given, o.set = s, true
	}
	return nil
}

// IsBoolFlag keeps a boolean flag one that takes no value (`--dry-run`).
func (o *onceValue) IsBoolFlag() bool {
	b, ok := o.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
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

// controlNames are the control characters most often pasted or scripted
// into a file name, by the name an operator knows them by.
var controlNames = map[rune]string{'\n': "a line break", '\r': "a carriage return", '\t': "a tab"}

// fileNameProblem says what is wrong with a file name given on the
// command line that holds a control character (a line break pasted with
// the name, a script's variable holding two lines, an escape): backup
// would write a file nobody can type, an import would name a file no one
// has, and either reports it on broken lines. A file so named can be
// renamed. It returns "" for a name without one.
func fileNameProblem(name string) string {
	i := strings.IndexFunc(name, unicode.IsControl)
	if i < 0 {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(name[i:])
	what := fmt.Sprintf("U+%04X", r)
	if n, ok := controlNames[r]; ok {
		what += ", " + n
	}
	return fmt.Sprintf("the file name %q has a control character in it (%s), perhaps pasted or scripted with it", name, what)
}
