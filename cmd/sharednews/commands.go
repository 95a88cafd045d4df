package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/sharednews/sharednews/adapters/console"
	"github.com/sharednews/sharednews/adapters/discord"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/pagemeta"
	"github.com/sharednews/sharednews/runlock"
	"github.com/sharednews/sharednews/server"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/web"
)

// app is everything a command that talks to the database needs.
type app struct {
	cfg   *config.Config
	store *store.Store
	bot   *bot.Bot
	model *classify.Model // the sector suggester, shared by the bot and the newswire
	log   *slog.Logger
	reg   *prometheus.Registry
}

// loadConfig loads the configuration for every command but run: platform
// secrets are not needed to work on the database locally.
func loadConfig(path string, e env) (*config.Config, error) {
	return loadConfigWith(config.Load, path, e)
}

// loadRunConfig loads the configuration for run, which also needs the
// secrets of every enabled platform.
func loadRunConfig(path string, e env) (*config.Config, error) {
	return loadConfigWith(config.LoadForRun, path, e)
}

func loadConfigWith(load func(string, func(string) string) (*config.Config, error), path string, e env) (*config.Config, error) {
	cfg, err := load(path, e.getenv)
	var problems config.Problems
	if err != nil && !errors.As(err, &problems) {
		return nil, err // the file could not be read: nothing for check-config to list
	}
	if err != nil {
		name := path
		if name == "" {
			name = "built-in defaults"
		}
		return nil, fmt.Errorf("configuration (%s) has problems; run `sharednews check-config` for the full list:\n%w", name, err)
	}
	return cfg, nil
}

// openApp loads the configuration, opens and migrates the database and
// builds the bot with a sector model learned from every decided story. The
// caller closes the store.
func openApp(ctx context.Context, path string, e env, logger *slog.Logger) (*app, error) {
	cfg, err := loadConfig(path, e)
	if err != nil {
		return nil, err
	}
	return openAppFor(ctx, cfg, logger, true, false, false)
}

// openAppFor is openApp with the configuration loaded; with learn false the
// sector model knows only the configured keywords (openForCommand). run
// says that the caller is `sharednews run`, holding the run lock.
// onlyReads says that the command only reads the database: one that
// cannot be written (a read-only file, folder or file system) is opened
// read-only rather than refused, as long as it needs no migration.
func openAppFor(ctx context.Context, cfg *config.Config, logger *slog.Logger, learn, run, onlyReads bool) (*app, error) {
	st, err := store.OpenWith(ctx, cfg.Bot.Database, store.Options{ReadIfReadOnly: onlyReads})
	if err != nil {
		return nil, err
	}
	migrate := st.Migrate
	if ro := st.ReadOnly(); ro != nil {
		// Nothing to write unless the schema is older than this
		// release's: then the command cannot read it either, and says
		// both why and what is read-only.
		migrate = func(ctx context.Context) ([]store.Migration, error) {
			current, err := st.SchemaVersion(ctx)
			if err != nil {
				return nil, err
			}
			if latest := store.LatestSchemaVersion(); current < latest {
				return nil, fmt.Errorf("the database %s has schema version %d and this release reads only version %d, to which it would migrate it first, but it %w", cfg.Bot.Database, current, latest, ro)
			}
			return nil, nil
		}
	} else if !run {
		migrate = func(ctx context.Context) ([]store.Migration, error) {
			return migrateBesideRun(ctx, st, cfg.Bot.Database)
		}
	}
	applied, err := migrate(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	for _, m := range applied {
		logger.Info("database migrated", "version", m.Version, "name", m.Name)
	}
	model := classify.New(cfg.DigestSectors())
	if learn {
		if model, err = learnSectors(ctx, cfg, st, logger); err != nil {
			st.Close()
			return nil, err
		}
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	b, err := bot.New(bot.Options{
		Config: cfg,
		Store:  st,
		Pages: pagemeta.New(pagemeta.Options{
			Timeout:           cfg.Submissions.FetchTimeout.Duration,
			UserAgent:         cfg.Feeds.UserAgent,
			AllowPrivateHosts: cfg.Submissions.AllowPrivateHosts,
		}),
		Suggester: model,
		Logger:    logger,
		Metrics:   bot.NewMetrics(reg),
	})
	if err != nil {
		st.Close()
		return nil, err
	}
	return &app{cfg: cfg, store: st, bot: b, model: model, log: logger, reg: reg}, nil
}

// deliveryWorker makes the worker that sends published editions and hands
// it the bot's deliveries. In the background (run) Publish only wakes it;
// otherwise Publish sends before it answers. run has taken the run lock
// before it makes its worker, so the worker may end the claims of the
// runs before it at once, whatever their host or process ID.
func (a *app) deliveryWorker(background bool) (*delivery.Worker, error) {
	metrics, err := delivery.NewMetrics(a.reg)
	if err != nil {
		return nil, err
	}
	w, err := delivery.New(delivery.Options{Store: a.store, Sectors: a.bot.Sectors(), Reporter: a.bot, Subscribe: a.bot.ChatSubscribe,
		Logger: a.log, Background: background, HoldsRunLock: background, Local: []string{console.PlatformName}, Metrics: metrics})
	if err != nil {
		return nil, err
	}
	a.bot.DeliverWith(w)
	return w, nil
}

// openQuiet is openApp for a command that takes no arguments and prints
// for people: only warnings are logged, as text, beside its output.
func openQuiet(ctx context.Context, command, path string, args []string, e env) (*app, error) {
	if err := noArgs(command, args); err != nil {
		return nil, err
	}
	return openApp(ctx, path, e, quietLogger(e))
}

// openForCommand is openApp for a command that works on the database and
// never suggests a sector (preview, subscribers): only warnings are
// logged, as text, beside its output, and the sector model knows only the
// configured keywords, which spares a read of the whole archive.
//
// A command that only reads or deletes (named in readOnly; empty for one
// that may start a database) refuses a database that does not exist: run
// from another folder, or with another --config, it made an empty one
// there and reported it truly empty, so that `subscribers remove` told a
// data owner "no reader has the address" while the reader stayed stored.
//
// onlyReads (preview, subscribers export) opens a database that cannot be
// written read-only instead of refusing it (openAppFor).
func openForCommand(ctx context.Context, cfg *config.Config, e env, readOnly string, onlyReads bool) (*app, error) {
	if readOnly != "" {
		if err := needDatabase(readOnly, cfg.Bot.Database); err != nil {
			return nil, err
		}
	}
	return openAppFor(ctx, cfg, quietLogger(e), false, false, onlyReads)
}

// learnSectors builds the sector model from the configured sectors and
// every story editors have approved or published in st, and warns when
// some of those decisions name sectors no longer configured: they are
// left out of the suggestions, which an operator who renamed a sector's
// slug would otherwise not know.
func learnSectors(ctx context.Context, cfg *config.Config, st *store.Store, logger *slog.Logger) (*classify.Model, error) {
	model, err := classify.FromStore(ctx, cfg.DigestSectors(), st)
	if err != nil {
		return nil, err
	}
	if stats := model.Stats(); stats.Ignored > 0 {
		logger.Warn("some past decisions name sectors no longer configured; they are not used for suggestions", "stories", stats.Ignored)
	}
	return model, nil
}

// needDatabase says, for command, that the database file is missing and
// where it was looked for, in full when bot.database is relative.
func needDatabase(command, database string) error {
	_, err := os.Stat(database)
	if err == nil {
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: database %s: %w", command, database, err)
	}
	where := database
	if abs, absErr := filepath.Abs(database); absErr == nil && abs != database {
		where = fmt.Sprintf("%s (%s)", database, abs)
	}
	return fmt.Errorf("%s: there is no database at %s, so nothing was read or changed; check bot.database and --config (a relative path is from the folder the command runs in)", command, where)
}

// quietLogger logs only warnings, as text, for a command whose output is
// for people.
func quietLogger(e env) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// libraryLines is an io.Writer for the standard log package that logs each
// line written as a warning of the structured log.
type libraryLines struct{ log *slog.Logger }

func (l libraryLines) Write(p []byte) (int, error) {
	for line := range strings.Lines(string(p)) {
		if line = strings.TrimSpace(line); line != "" {
			l.log.Warn("library", "message", line)
		}
	}
	return len(p), nil
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func cmdRun(ctx context.Context, path string, args []string, e env) (err error) {
	// A mistake in the command line is the operator's at a terminal, before
	// any log has begun: a plain line with the usage, as every other
	// command says it, not a JSON record.
	if err := noArgs("run", args); err != nil {
		return usageError{err.Error() + "\nUsage: sharednews [--config PATH] run"}
	}
	logger := newLogger(e.stderr)
	// What stops run is said in its log, as a JSON record (report), not
	// as a plain line after the JSON ones.
	defer func() {
		if err != nil {
			err = stopInLog{err, logger}
		}
	}()
	// Libraries that write through the standard log package (discordgo's
	// gateway errors, "[DG0] …") would put unstructured lines among the
	// JSON ones: route them through the structured log, one line each.
	prevOutput, prevFlags := log.Writer(), log.Flags()
	log.SetFlags(0)
	log.SetOutput(libraryLines{logger})
	// discordgo has a hook of its own, which tells its levels apart.
	restoreDiscordLog := discord.RouteLibraryLog(logger)
	defer func() {
		restoreDiscordLog()
		log.SetOutput(prevOutput)
		log.SetFlags(prevFlags)
	}()
	// The build information is read once: the log, the run lock and the
	// web archive's pages all name this version.
	release := programVersion()
	logger.Info("starting", "version", release)
	cfg, err := loadRunConfig(path, e)
	if err != nil {
		return err
	}
	// A database run cannot write is refused before the lock is taken,
	// in the store's sentence: the lock file would be the one thing the
	// refused run left beside it.
	if err := store.CheckWritable(cfg.Bot.Database); err != nil {
		return err
	}
	// One run per database, taken before anything else touches it: a
	// second run would schedule and deliver every edition twice.
	lock, err := runlock.Acquire(cfg.Bot.Database, runlock.Holder{Version: release, Schema: store.LatestSchemaVersion()})
	if err != nil {
		return err
	}
	defer lock.Release()
	logger.Info("run lock taken", "file", lock.File())
	a, err := openAppFor(ctx, cfg, logger, true, true, false)
	if err != nil {
		return err
	}
	defer a.store.Close()
	watch, err := newLockWatch(lock, logger, a.reg)
	if err != nil {
		return err
	}
	if err := countDiskFull(a.store, a.reg); err != nil {
		return err
	}
	// Among them, when no platform is enabled, how to configure one (an
	// enabled platform without its secrets was refused above).
	for _, w := range a.cfg.Warnings() {
		logger.Warn("configuration", "warning", w.String())
	}
	// Deliveries are sent by the worker below, never inside a command.
	worker, err := a.deliveryWorker(true)
	if err != nil {
		return err
	}
	mailer, closeMail, err := a.emailEdition(ctx)
	if err != nil {
		return err
	}
	defer closeMail()
	if mailer != nil {
		worker.Add(mailer)
	}
	srv := server.New(a.cfg.HTTP.Listen, a.reg, logger)
	srv.SetPublicURL(a.cfg.HTTP.PublicURL)
	// The address before anything starts (the chat platforms' sign-in,
	// the scheduler, the poller): a run that cannot serve must not publish
	// a missed edition or poll on its way out.
	ln, err := srv.Listen()
	if err != nil {
		return err
	}
	defer ln.Close() // Serve closes it too; this is for a return before Serve
	srv.AddReadyCheck("database", a.store.Ping)
	srv.AddReadyCheck("disk", a.store.CheckDisk)
	srv.AddReadyCheck("run_lock", watch.check)
	// With the archive's pages off (web.enabled = false, which the email
	// edition does not run without), its unsubscribe links are served
	// all the same.
	opts := web.Options{PublicURL: a.cfg.HTTP.PublicURL, SiteName: a.cfg.Bot.Name,
		Bot: a.bot, Store: a.store, Logger: logger, Build: release, Settings: a.cfg.Fingerprint(), LinksOnly: !a.cfg.Web.Enabled}
	if mailer != nil {
		opts.Email = mailer
	} else {
		// Mails sent while email was on carry unsubscribe links
		// that never expire: they keep working.
		links, err := email.NewLinks(ctx, a.store, logger)
		if err != nil {
			return err
		}
		opts.Unsubscribe = links
	}
	archive, err := web.New(ctx, opts)
	if err != nil {
		return err
	}
	archive.Mount(srv)
	if err := srv.CountNotReady(a.reg); err != nil {
		return err
	}
	chats, err := a.chatAdapters()
	if err != nil {
		return err
	}
	if err := countConnected(a.reg, chats); err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return watch.run(ctx) })
	for _, c := range chats {
		worker.Add(c)
		c.Mount(srv)
		g.Go(func() error { return c.Run(ctx) })
	}
	g.Go(func() error { return srv.Serve(ctx, ln) })
	g.Go(func() error { return a.bot.RunSchedule(ctx) })
	g.Go(func() error { return worker.Run(ctx) })
	g.Go(func() error {
		// Cards for stories queued while no platform could show them
		// (by `ingest`, or in an outage) first, so that the poller's
		// own new cards are not posted twice.
		a.bot.PostMissingReviewCards(ctx)
		return startFeedPoller(ctx, a)
	})
	g.Go(func() error { return keepSearchIndex(ctx, a.store, logger, searchIndexEvery) })
	err = g.Wait()
	// The cause names the signal ("hangup signal received") when one
	// stopped it, or what failed.
	logger.Info("stopped", "why", context.Cause(ctx).Error())
	return err
}

// emailEdition makes the email edition's sender and service when
// email.enabled: nil otherwise. close says goodbye to the mail server.
func (a *app) emailEdition(ctx context.Context) (*email.Service, func(), error) {
	e := a.cfg.Email
	if !e.Enabled {
		return nil, func() {}, nil
	}
	host, port, implicitTLS := e.SMTPServer()
	sender, err := email.NewSMTP(email.SMTPOptions{Host: host, Port: port, ImplicitTLS: implicitTLS, Insecure: e.Insecure,
		Username: e.Username, Password: e.Password, PerSecond: e.PerSecond})
	if err != nil {
		return nil, nil, err
	}
	svc, err := email.New(ctx, email.Options{Store: a.store, Sender: sender, Sectors: a.bot.Sectors(), SiteName: a.cfg.Bot.Name,
		From: e.From, ReplyTo: e.ReplyTo, PublicURL: a.cfg.HTTP.PublicURL, Logger: a.log, Location: a.bot.Location()})
	if err != nil {
		sender.Close()
		return nil, nil, err
	}
	a.log.Info("email edition on", "smtp", fmt.Sprintf("%s:%d", host, port), "per_second", e.PerSecond)
	return svc, func() { sender.Close() }, nil
}

func cmdConsole(ctx context.Context, path string, args []string, e env) error {
	// Log lines would interleave with the conversation; keep warnings only.
	a, err := openQuiet(ctx, "console", path, args, e)
	if err != nil {
		return err
	}
	defer a.store.Close()
	interactive := isTerminal(e.stdin)
	if e.interactive != nil {
		interactive = *e.interactive
	}
	c := console.New(a.bot, console.Options{In: e.stdin, Out: e.stdout, Interactive: interactive, User: e.getenv("USER")})
	// The console delivers what it publishes to itself before answering;
	// deliveries to Slack and Discord are left to `sharednews run`.
	worker, err := a.deliveryWorker(false)
	if err != nil {
		return err
	}
	worker.Add(c)
	return c.Run(ctx)
}

// isTerminal reports whether r is a terminal: a character device other
// than the null device, which a service, cron or a closed stdin gives.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(info, null)
}

func cmdPreview(ctx context.Context, path string, args []string, e env) error {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// A string, read below: the flag package's own refusal of "abc" for
	// an int flag ("invalid value … parse error") told an operator less
	// than the refusal of 0 does.
	edition := fs.String("edition", "", "published edition number")
	format := fs.String("format", "text", "text, markdown or html")
	positional, err := parseFlags(fs, args)
	if errors.As(err, new(usageError)) {
		return err // a flag given twice: the sentence says it all
	}
	if err != nil {
		return usageError{"preview: " + err.Error() + " (use --edition N and --format text|markdown|html|slack|discord)"}
	}
	// `--edition November 2014`, a month or date typed unquoted as the
	// help writes it, reaches here split by the shell: the words after it
	// belong to it when together they make a date or month.
	if len(positional) > 0 && flagGiven(fs, "edition") {
		joined := *edition + " " + strings.Join(positional, " ")
		if q, why := bot.ReadEditionQuery(joined); why == "" && q.IsDate() {
			*edition, positional = joined, nil
		}
	}
	if len(positional) > 0 {
		return usageError{fmt.Sprintf("preview takes no positional arguments, got %q", positional)}
	}
	// Any case: "HTML" and "Slack" are how the names are written
	// elsewhere. The refusal below quotes the format as typed.
	typed := *format
	*format = strings.ToLower(*format)
	render, ok := map[string]func(digest.Edition) (string, error){
		"text":     func(ed digest.Edition) (string, error) { return digest.RenderText(ed), nil },
		"markdown": func(ed digest.Edition) (string, error) { return digest.RenderMarkdown(ed), nil },
		"html":     digest.RenderHTML,
		"slack":    renderSlackPreview,
		"discord":  renderDiscordPreview,
	}[*format]
	if !ok {
		return usageError{fmt.Sprintf("preview: unknown format %q; use text, markdown, html, slack or discord", typed)}
	}
	number := 0
	var dated bot.EditionQuery // an edition asked for by its date or month
	if flagGiven(fs, "edition") {
		// A date or a month as /shared edition reads them: an operator
		// knows an edition by its date ("the 4 December one") more often
		// than by its number.
		q, why := bot.ReadEditionQuery(*edition)
		switch {
		case why == "" && q.IsDate():
			dated = q
		case why == "" && q.Number > 0:
			number = q.Number
		case why != "" && strings.Contains(why, "not a date:"):
			return usageError{"preview: --edition " + strings.ReplaceAll(why, "`", "")}
		default:
			return usageError{fmt.Sprintf("preview: --edition must be a positive number, such as 12, or a date or month, such as 2014-12-04 or November 2014; got %q", *edition)}
		}
	}
	cfg, err := loadConfig(path, e)
	if err != nil {
		return err
	}
	a, err := openForCommand(ctx, cfg, e, "preview", true)
	if err != nil {
		return err
	}
	defer a.store.Close()
	// chat is where the format is posted, whose command the draft's note
	// and a chat edition's footer name: Slack's or Discord's for their
	// JSON, the console's for the rest.
	chat := console.PlatformName
	if *format == "slack" || *format == "discord" {
		chat = *format
	}
	var ed digest.Edition
	if dated.IsDate() {
		rec, note, err := a.bot.FindEdition(ctx, dated, "sharednews preview --edition")
		var missing *bot.EditionMissing
		if errors.As(err, &missing) {
			return errors.New(missing.Sentence)
		}
		if err != nil {
			return err
		}
		ed = a.bot.Edition(rec)
		if note != "" {
			// On stderr, as the draft's note: stdout is the edition alone.
			fmt.Fprintln(e.stderr, note)
		}
	} else if number > 0 {
		rec, err := a.store.Edition(ctx, number)
		if errors.Is(err, store.ErrNotFound) {
			// Say which numbers there are: on its own the refusal left
			// the operator guessing (a number from another database, a
			// draft not yet published).
			latest, lerr := a.store.LatestEdition(ctx)
			switch {
			case errors.Is(lerr, store.ErrNotFound):
				return fmt.Errorf("there is no published edition %d: none has been published yet; preview without --edition shows the draft", number)
			case lerr != nil:
				return fmt.Errorf("there is no published edition %d (and the latest could not be read: %w)", number, lerr)
			}
			sentence := fmt.Sprintf("there is no published edition %d: the latest is edition %d, of %s", number, latest.Edition.Number, latest.Edition.Date.Format("Monday 2 January 2006"))
			if number >= 1900 && number <= 2999 {
				// `--edition 2014` is most likely a year: say what
				// --edition takes, and which editions that year has.
				year, err := a.bot.YearHint(ctx, number, "sharednews preview --edition")
				if err != nil {
					return err
				}
				sentence += strings.ReplaceAll(year, "`", "") + ". --edition takes an edition's number, or its date or month"
			}
			return errors.New(sentence)
		}
		if err != nil {
			return err
		}
		ed = a.bot.Edition(rec)
	} else {
		var note string
		ed, note, err = a.bot.DraftPreview(ctx, a.bot.CommandWord(chat))
		if errors.Is(err, store.ErrNoDraft) {
			return errors.New("there is no draft edition yet: approve stories first, or use --edition N")
		}
		if err != nil {
			return err
		}
		// On stderr: stdout is the edition alone, as it will be posted,
		// for a file or a pipe.
		fmt.Fprintln(e.stderr, note)
	}
	// The footer says how readers subscribe where the format is read:
	// a chat command in chat and on the console, the sign-up page in the
	// web archive's and the email's HTML (general words without email).
	switch *format {
	case "slack", "discord", "text":
		ed.Subscribe = a.bot.ChatSubscribe(chat)
	default:
		if cfg.Email.Enabled {
			ed.Subscribe = digest.SignUpAt(strings.TrimRight(cfg.HTTP.PublicURL, "/") + "/subscribe")
		}
	}
	out, err := render(ed)
	if err != nil {
		return fmt.Errorf("render %s: %w", *format, err)
	}
	_, err = io.WriteString(e.stdout, out)
	return err
}

func cmdCheckConfig(ctx context.Context, path string, args []string, e env) error {
	if err := noArgs("check-config", args); err != nil {
		return err
	}
	name := path
	if name == "" {
		name = "built-in defaults"
	}
	// check-config checks what run would: secrets included, and what run
	// refuses at start that no value shows (a database in a folder it
	// may not write: check-config called that valid).
	cfg, err := config.LoadForCheck(path, e.getenv, func(database string) error { return runWouldRefuse(ctx, database) })
	var problems config.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(e.stdout, p.String())
		}
		return fmt.Errorf("%s: %s found", name, digest.Plural(len(problems), "problem", "problems"))
	}
	if err != nil {
		return err
	}
	for _, w := range cfg.WarningsIn(path, e.getenv) {
		fmt.Fprintln(e.stdout, "warning: "+w.String())
	}
	fmt.Fprintf(e.stdout, "%s: configuration is valid\n", name)
	return nil
}

// runWouldRefuse is what `run` would refuse of the database at start, in
// its words: the run lock it takes first, then the database file and the
// folder SQLite keeps its -wal and -shm files in, then what the file
// holds (a newer release's schema: the service would not start after
// going back a release). Nothing is changed.
func runWouldRefuse(ctx context.Context, database string) error {
	if err := runlock.CheckWritable(database); err != nil {
		return err
	}
	if err := store.CheckWritable(database); err != nil {
		return err
	}
	return store.CheckFile(ctx, database)
}

func cmdMigrate(ctx context.Context, path string, args []string, e env) error {
	if err := noArgs("migrate", args); err != nil {
		return err
	}
	cfg, err := loadConfig(path, e)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.Bot.Database)
	if err != nil {
		return err
	}
	defer st.Close()
	before, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	applied, err := migrateBesideRun(ctx, st, cfg.Bot.Database)
	for _, m := range applied {
		fmt.Fprintf(e.stdout, "applied %s\n", m.Name)
	}
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		// Read again: another process may have migrated it meanwhile.
		now, err := st.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s is up to date at schema version %d\n", cfg.Bot.Database, now)
		return nil
	}
	fmt.Fprintf(e.stdout, "%s migrated from schema version %d to %d\n", cfg.Bot.Database, before, store.LatestSchemaVersion())
	return nil
}

func cmdBackup(ctx context.Context, path string, args []string, e env) error {
	if len(args) != 1 || args[0] == "" {
		return usageError{"backup needs exactly one argument: the file to write"}
	}
	if bad := fileNameProblem(args[0]); bad != "" {
		return usageError{"backup: " + bad + "; nothing was written"}
	}
	if err := checkBackupFolder(args[0]); err != nil {
		return err
	}
	cfg, err := loadConfig(path, e)
	if err != nil {
		return err
	}
	if err := needDatabase("backup", cfg.Bot.Database); err != nil {
		return err
	}
	if err := backupOverOwnFile(args[0], cfg.Bot.Database); err != nil {
		return err
	}
	// ForCopy: a file with two names is refused everywhere else, and a
	// copy of it is what that refusal advises.
	//
	// ReadIfReadOnly: a copy only reads, and a database on a read-only
	// file system (a snapshot, a volume mounted read-only for the backup
	// agent) is what one copies.
	st, err := store.OpenWith(ctx, cfg.Bot.Database, store.Options{ForCopy: true, ReadIfReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, args[0]); err != nil {
		return err
	}
	info, err := os.Stat(args[0])
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s (%s bytes)\n", cfg.Bot.Database, args[0], strconv.FormatInt(info.Size(), 10))
	return nil
}

// backupOverOwnFile refuses a backup named as the database, or as a file
// SQLite or run keeps beside it under its name. SQLite took a copy named
// DATABASE-journal for a hot journal and opened the database read-only
// from then on; run truncated one named DATABASE-run.lock to write its
// process ID in; and one named DATABASE-wal or -shm was refused as a file
// that "already exists" that the operator could not see once the command
// had ended. A name that cannot be resolved is left to the backup itself
// to refuse.
func backupOverOwnFile(dest, database string) error {
	db, err := runlock.Canonical(database)
	if err != nil {
		return nil
	}
	to, err := runlock.Canonical(dest)
	if err != nil {
		return nil
	}
	instead := backupSuggestion(filepath.Dir(dest))
	if to == db {
		return fmt.Errorf("backup: %s is the database itself; name a new file for the copy, such as %s; nothing was written", dest, instead)
	}
	for _, own := range []string{db + "-wal", db + "-shm", db + "-journal", runlock.Path(db)} {
		if to == own {
			return fmt.Errorf("backup: %s is the database's own %s file, which SQLite or run writes; name the copy otherwise, such as %s; nothing was written",
				dest, strings.TrimPrefix(own, db), instead)
		}
	}
	return nil
}

// backupSuggestion is the backup file a refusal offers in folder: today's
// copy, sharednews-YYYY-MM-DD.db.
func backupSuggestion(folder string) string {
	return filepath.Join(folder, "sharednews-"+time.Now().Format(time.DateOnly)+".db")
}

// checkBackupFolder says in a sentence when the backup file names a
// folder (`backup /backups`: "file already exists" would be the store's
// word for it), or when its folder does not exist or is a file; SQLite
// would say only "unable to open database file (14)".
func checkBackupFolder(dest string) error {
	if info, err := os.Stat(dest); err == nil && info.IsDir() {
		return fmt.Errorf("backup: %s is a folder; name the backup file in it, such as %s", dest, backupSuggestion(dest))
	}
	folder := filepath.Dir(dest)
	info, err := os.Stat(folder)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("backup: the folder %q does not exist; create it, or name a file in a folder that does", folder)
	case err != nil:
		return fmt.Errorf("backup: folder %q: %w", folder, err)
	case !info.IsDir():
		return fmt.Errorf("backup: the folder %q is a file; name the backup file in a folder", folder)
	}
	return nil
}
