// Command sharednews runs the Shared News bot and its maintenance tools.
//
// Usage:
//
//	sharednews [--config PATH] [COMMAND] [ARGS]
//
// Commands: run (default), console, preview, check-config, migrate, backup
// FILE, version. The configuration defaults to ./config.toml when it exists,
// else to the built-in defaults (the same as config.example.toml).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the static image has no zoneinfo; bot.timezone must still load
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	if err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "sharednews:", err)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "sharednews:", err)
		os.Exit(1)
	}
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

const usageText = `Usage: sharednews [--config PATH] [COMMAND] [ARGS]

Commands:
  run                 run the bot: chat platforms, HTTP server, feed poller, scheduler (default)
  console             a local chat on this terminal, as the editor; no tokens or network needed
  preview             print the draft or a published edition
                        --edition N   a published edition instead of the draft
                        --format F    text (default), markdown, html, slack or discord
  check-config        check the configuration and print every problem found
  migrate             apply database migrations and report them
  backup FILE         write a consistent copy of the live database to FILE
  ingest              poll every feed once and report what arrived
  import [--dry-run] FILE...
                      import past editions from their plain-text form, idempotently;
                        --dry-run reports what would be imported and writes nothing
  classify            suggest sectors for JSON lines on stdin (--explain shows why)
  subscribers import FILE.csv | export | remove ADDRESS
                      the email edition's readers: add readers who already consented,
                        list every reader for the data owner, delete an address
  version             print the version

Global flags:
  --config PATH       configuration file (default ./config.toml if it exists, else built-in defaults)
`

func run(ctx context.Context, args []string, e env) error {
	global := flag.NewFlagSet("sharednews", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	configPath := global.String("config", "", "configuration file")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, usageText)
			return nil
		}
		return usageError{err.Error() + "\n\n" + usageText}
	}
	args = global.Args()
	command := "run"
	if len(args) > 0 {
		command, args = args[0], args[1:]
	}
	path, err := resolveConfigPath(*configPath, global)
	if err != nil {
		return err
	}
	switch command {
	case "run":
		return cmdRun(ctx, path, args, e)
	case "console":
		return cmdConsole(ctx, path, args, e)
	case "preview":
		return cmdPreview(ctx, path, args, e)
	case "check-config":
		return cmdCheckConfig(path, args, e)
	case "migrate":
		return cmdMigrate(ctx, path, args, e)
	case "backup":
		return cmdBackup(ctx, path, args, e)
	case "ingest":
		return cmdIngest(ctx, path, args, e)
	case "import":
		return cmdImport(ctx, path, args, e)
	case "classify":
		return cmdClassify(ctx, path, args, e)
	case "subscribers":
		return cmdSubscribers(ctx, path, args, e)
	case "version":
		fmt.Fprintln(e.stdout, "sharednews", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, usageText)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q\n\n%s", command, usageText)}
}

// resolveConfigPath applies the default: ./config.toml if it exists, else
// the built-in defaults (""). A path given explicitly must exist.
func resolveConfigPath(flagPath string, fs *flag.FlagSet) (string, error) {
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
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
	if len(args) > 0 {
		return usageError{fmt.Sprintf("%s takes no arguments, got %q", command, args)}
	}
	return nil
}
