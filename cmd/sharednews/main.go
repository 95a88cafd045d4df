// Command sharednews runs the Shared News bot and its maintenance tools.
//
// Usage:
//
//	sharednews [--config PATH] [COMMAND] [ARGS]
//
// Commands: run (default), console, preview, check-config, migrate, backup
// FILE, ingest, import, classify, subscribers, version; `sharednews help`
// describes each (the table in commands). The configuration defaults to
// ./config.toml when it exists, else to the built-in defaults (the same as
// config.example.toml).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	_ "time/tzdata" // the static image has no zoneinfo; bot.timezone must still load

	"github.com/sharednews/sharednews/digest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals()...)
	err := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(report(err, os.Stderr))
}

// report says the error that stopped a command, if any, and returns the
// exit status: 0 for none, 2 for a mistake in the command line, 1 for
// the rest. It is a plain line on stderr, unless the command's log is
// JSON (run's: stopInLog), where a plain line is one a log collector
// cannot parse: then it is one more record of that log, at ERROR.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	code := 1
	if errors.As(err, new(usageError)) {
		code = 2
	}
	var stopped stopInLog
	if !errors.As(err, &stopped) {
		fmt.Fprintln(stderr, "sharednews:", err)
		return code
	}
	// The message is the sentence the plain line says; the error under
	// it, when there is one, is "err", as the log's other records name
	// theirs (its words are in the sentence too, but a collector reads
	// fields).
	cause := errors.Unwrap(err)
	if s, ok := err.(stopInLog); ok {
		cause = errors.Unwrap(s.err)
	}
	if cause != nil {
		stopped.log.Error(err.Error(), "err", cause)
	} else {
		stopped.log.Error(err.Error())
	}
	return code
}

// stopInLog is the error that stopped a command whose log is JSON, with
// that log, for report to say it there.
type stopInLog struct {
	err error
	log *slog.Logger
}

func (s stopInLog) Error() string { return s.err.Error() }
func (s stopInLog) Unwrap() error { return s.err }

// stopSignals are the signals that stop a command cleanly (run drains its
// work and logs why it stopped). SIGHUP is one: by default it ended the
// process at once, with no line in the log, when an operator sent it
// expecting a reload (there is none: restart to apply a configuration) or
// the terminal closed. Under nohup, which ignores it, it stays ignored:
// asking for it would undo that.
func stopSignals() []os.Signal {
	sigs := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		sigs = append(sigs, syscall.SIGHUP)
	}
	return sigs
}

// env is the process's outside world, passed in so tests can run commands.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// interactive forces the console prompt on or off; nil means detect a terminal.
	interactive *bool
}

// usageError is a mistake in the command line; main exits 2 for it.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// command is one subcommand: how the usage text shows it, and what runs it.
type command struct {
	synopsis string // the name, then its arguments: "backup FILE"
	help     string // what it does; further lines stand under the first
	run      func(ctx context.Context, path string, args []string, e env) error
}

// name is the command's name, the synopsis's first word.
func (c command) name() string {
	name, _, _ := strings.Cut(c.synopsis, " ")
	return name
}

// findCommand returns the command named name.
func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name() == name {
			return c, true
		}
	}
	return command{}, false
}

// commands is every subcommand, in the order the usage text lists them.
func commands() []command {
	return []command{
		{"run", "run the bot: chat platforms, HTTP server, feed poller, scheduler (default)", cmdRun},
		{"console", "a local chat on this terminal, as the editor; no tokens or network needed", cmdConsole},
		{"preview", "print the draft or a published edition\n" +
			"  --edition N   a published edition instead of the draft (N, or its date\n" +
			"                or month: 2014-12-04, November 2014)\n" +
			"  --format F    text (default), markdown, html, slack or discord", cmdPreview},
		{"check-config", "check the configuration and print every problem found",
			cmdCheckConfig},
		{"migrate", "apply database migrations and report them", cmdMigrate},
		{"backup FILE", "write a consistent copy of the live database to FILE", cmdBackup},
		{"ingest", "poll every feed once and report what arrived", cmdIngest},
		{"import [--dry-run] FILE...", "import past editions from their plain-text form, idempotently;\n" +
			"  --dry-run reports what would be imported and writes nothing", cmdImport},
		{"classify", "suggest sectors for JSON lines on stdin (--explain shows why;\n" +
			"  --eval measures the model on labelled stories)", cmdClassify},
		{"subscribers import FILE.csv | export | remove ADDRESS | resend", "the email edition's readers: add readers who already consented,\n" +
			"  list every reader for the data owner, delete an address,\n" +
			"  send the latest edition's failed mails again once the cause is fixed", cmdSubscribers},
		{"version", "print the version", func(_ context.Context, _ string, args []string, e env) error {
			if err := noArgs("version", args); err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, versionLine())
			return nil
		}},
	}
}

// usage is the usage text, made from the command table.
func usage() string {
	const column = 22 // where each command's help starts
	var b strings.Builder
	b.WriteString("Usage: sharednews [--config PATH] [COMMAND] [ARGS]\n\nCommands:\n")
	for _, c := range commands() {
		if len(c.synopsis) <= column-4 {
			fmt.Fprintf(&b, "  %-*s", column-2, c.synopsis)
		} else {
			fmt.Fprintf(&b, "  %s\n%*s", c.synopsis, column, "")
		}
		b.WriteString(strings.ReplaceAll(c.help, "\n", "\n"+strings.Repeat(" ", column)))
		b.WriteString("\n")
	}
	b.WriteString("\nGlobal flags:\n")
	fmt.Fprintf(&b, "  %-*s%s\n", column-2, "--config PATH", "configuration file (default ./config.toml if it exists, else built-in defaults)")
	fmt.Fprintf(&b, "  %-*s%s\n", column-2, "--version", "print the version (as the version command does)")
	return b.String()
}

func run(ctx context.Context, args []string, e env) error {
	global := flag.NewFlagSet("sharednews", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	configPath := global.String("config", "", "configuration file")
	// --version is what operators type first on a new machine, and what
	// package checks run; it is the version command, not a flag to refuse.
	showVersion := global.Bool("version", false, "print the version")
	repeated := onceEach(global)
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, usage())
			return nil
		}
		if *repeated != nil {
			return *repeated
		}
		return usageError{flagProblem(global, err).Error() + "\n\n" + usage()}
	}
	args = global.Args()
	name := "run"
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	if *showVersion {
		if len(global.Args()) > 0 {
			return usageError{fmt.Sprintf("--version prints the version and takes no command, got %q", global.Args())}
		}
		name = "version"
	}
	args, configFile, explicit, err := configAfterCommand(args, *configPath, flagGiven(global, "config"))
	if err != nil {
		return err
	}
	path, err := resolveConfigPath(configFile, explicit)
	if err != nil {
		return err
	}
	switch name {
	case "help", "-h", "--help":
		switch {
		case len(args) == 0 || len(args) == 1 && (args[0] == "help" || slices.Contains(helpFlags, args[0])):
			fmt.Fprint(e.stdout, usage())
			return nil
		case len(args) == 1: // help COMMAND
			if c, ok := findCommand(args[0]); ok {
				fmt.Fprint(e.stdout, commandUsage(c))
				return nil
			}
			// A typo, not a request for the general usage: exit 2, as for
			// an unknown command.
			return usageError{fmt.Sprintf("help: there is no command %q\n\n%s", args[0], usage())}
		}
		return usageError{fmt.Sprintf("help takes one command, got %q\n\n%s", args, usage())}
	}
	if c, ok := findCommand(name); ok {
		if wantsHelp(args) {
			fmt.Fprint(e.stdout, commandUsage(c))
			return nil
		}
		err := c.run(ctx, path, args, e)
		if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) {
			// Ctrl-C, SIGTERM or SIGHUP (main's context, stopSignals) stopped the command; on
			// its own the operator saw only "context canceled".
			return fmt.Errorf("%s: interrupted (Ctrl-C, SIGTERM or SIGHUP) before it finished: %w", c.name(), err)
		}
		return err
	}
	return usageError{fmt.Sprintf("unknown command %q\n\n%s", name, usage())}
}

// configAfterCommand takes --config PATH (or --config=PATH) out of a
// command's arguments, where service files often put it
// (`sharednews run --config /etc/sharednews/config.toml`); no command has
// a flag of that name. After "--" it is an argument like any other. path
// and set are what came before the command; two different paths are a
// usage error.
func configAfterCommand(args []string, path string, set bool) (rest []string, _ string, _ bool, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(rest, args[i:]...), path, set, nil
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return nil, "", false, usageError{"--config needs a file path"}
			}
			i++
			value = args[i]
		}
		if set && value != path {
			return nil, "", false, usageError{fmt.Sprintf("--config is given twice, as %q and %q; give it once", path, value)}
		}
		path, set = value, true
	}
	return rest, path, set, nil
}

// resolveConfigPath applies the default: ./config.toml if it exists, else
// the built-in defaults (""). A path given explicitly must exist.
func resolveConfigPath(flagPath string, explicit bool) (string, error) {
	if explicit {
		if flagPath == "" {
			return "", usageError{"--config needs a file path"}
		}
		return flagPath, nil
	}
	if _, err := os.Stat("config.toml"); err == nil {
		return "config.toml", nil
	}
	return "", nil
}

func noArgs(command string, args []string) error {
	// A flag here is one mistyped (configAfterCommand took --config):
	// saying so names the typo, where "takes no arguments" did not.
	if len(args) > 0 && len(args[0]) > 1 && strings.HasPrefix(args[0], "-") && args[0] != "--" {
		flagName, _, _ := strings.Cut(args[0], "=")
		name := strings.TrimLeft(flagName, "-")
		if len(name) >= 2 && (strings.HasPrefix("config", name) || digest.EditDistance(name, "config") <= 2) {
			return usageError{fmt.Sprintf("%s has no flag %s: did you mean --config?", command, flagName)}
		}
		return usageError{fmt.Sprintf("%s has no flag %s; its only flag is --config PATH", command, flagName)}
	}
	if len(args) > 0 {
		return usageError{fmt.Sprintf("%s takes no arguments, got %q", command, args)}
	}
	return nil
}
