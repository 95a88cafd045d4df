package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// importUsage is the usage line of `sharednews import`.
const importUsage = "import [--dry-run] FILE...   import past editions from their plain-text form (--dry-run writes nothing)"

// importFile is one FILE argument of `sharednews import`: what was read
// from it, or why it cannot be read at all.
type importFile struct {
	name     string
	parsed   archive.File
	err      error // the file is not a newsletter file; nothing of it is imported
	outcomes []importOutcome
}

// importOutcome is what became of one edition of a file.
type importOutcome struct {
	edition archive.ParsedEdition
	result  store.ImportedEdition
	err     error // the database refused it (set only when it was refused alone)
	skipped bool  // the run stopped before it was stored
	// repeats is the file:line of the same edition earlier in a dry run,
	// which the import would store first and this one would find.
	repeats string
	// changed are the headlines of the stories this file writes otherwise
	// than the edition already imported (storiesChanged): a corrected
	// file, which an import does not apply.
	changed []string
}

// cmdImport imports every edition of every FILE as a published edition,
// each in a transaction of its own: one bad edition never stops the
// others, in its file or elsewhere. Every problem is printed in one pass,
// each with file:line (warnings for what was kept by guesswork, errors for
// what was refused), then one line per edition and a closing summary. With
// --dry-run it reads and reports the same, and writes nothing. Editions
// imported before (same date and title, and a story in common) are
// reported and left alone; edition numbers follow dates. It fails when any
// file or edition was refused.
func cmdImport(ctx context.Context, path string, args []string, e env) error {
	fset := flag.NewFlagSet("import", flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	dryRun := fset.Bool("dry-run", false, "report what would be imported, and write nothing")
	names, err := parseFlags(fset, args)
	if errors.As(err, new(usageError)) {
		return usageError{err.Error() + "\n  " + importUsage} // a flag given twice
	}
	if err != nil {
		hint := ""
		if strings.HasPrefix(err.Error(), "there is no flag") {
			hint = " (name a file beginning with a dash as ./NAME)"
		}
		return usageError{"import: " + err.Error() + hint + "\n  " + importUsage}
	}
	if len(names) == 0 {
		return usageError{"import needs at least one FILE of past editions\n  " + importUsage}
	}
	if slices.Contains(names, "") {
		// An empty argument (a shell variable not set) was reported as a
		// file ": cannot open" and "nothing from  was imported".
		return usageError{"import: one of the file names is empty (a variable not set?); nothing was imported\n  " + importUsage}
	}
	for _, name := range names {
		if bad := fileNameProblem(name); bad != "" {
			return usageError{"import: " + bad + "; nothing was imported\n  " + importUsage}
		}
	}
	cfg, err := loadConfig(path, e)
	if err != nil {
		return err
	}
	if !*dryRun && !databaseExists(cfg.Bot.Database) {
		// A mistyped file name (or an empty or binary file) must not leave
		// a new database behind, migrated and logged, for an import that
		// stores nothing: the files are read before the database is
		// created, as `subscribers import` reads its file first.
		if files, none := unreadableFiles(ctx, cfg, names); none {
			return fmt.Errorf("import: %s; no database was created", reportImport(e.stdout, e.stderr, files, false).problems())
		}
	}
	imp, err := openImporter(ctx, cfg, *dryRun, e)
	if err != nil {
		return err
	}
	defer imp.close()

	stored, err := imp.storedEditions(ctx)
	if err != nil {
		return err
	}
	files := make([]*importFile, len(names))
	for i, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		files[i] = &importFile{name: name}
		files[i].parsed, files[i].err = parseImportFile(imp.parser, name)
	}
	joinSplitEditions(files)
	runErr := imp.importAll(ctx, files)
	if err := imp.renumber(ctx, files); err != nil && runErr == nil {
		runErr = err
	}
	if !*dryRun && runErr == nil && storedAny(files) {
		mergeAfterLoad(ctx, imp.store, e.stderr, "import")
	}
	if err := imp.reportRenumbered(ctx, e.stderr, stored, files); err != nil && runErr == nil {
		runErr = err
	}
	sum := reportImport(e.stdout, e.stderr, files, *dryRun)
	if runErr != nil {
		return fmt.Errorf("import stopped: %w (the editions reported as imported above are stored; run the same command again to import the rest)", runErr)
	}
	if sum.refused > 0 || sum.badFiles > 0 {
		return fmt.Errorf("import: %s", sum.problems())
	}
	return nil
}

// storedAny says whether the import stored an edition. Only then is the
// search index its to tidy: an import that stored nothing (a mistyped
// file name, editions imported before) leaves the database as it found
// it, and the stories others added wait for the running bot's merge.
func storedAny(files []*importFile) bool {
	for _, f := range files {
		for _, o := range f.outcomes {
			if !o.skipped && o.err == nil && !o.result.Existing {
				return true
			}
		}
	}
	return false
}

// importer is the database side of an import: nil store in a dry run on a
// database that does not exist yet.
type importer struct {
	store  *store.Store
	dryRun bool
	// plan, in a dry run, follows the keys the editions would take, so
	// that the run names the stories the import would store under a key
	// of their own.
	plan   *store.ImportPlan
	parser archive.Parser
}

// databaseExists says whether path names something already there (a
// database, or whatever store.Open will then say of it).
func databaseExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// unreadableFiles reads the named files with the sector model alone (a
// database yet to be created has no stories to refine it) and says whether
// none of them is a newsletter file, each with its error.
func unreadableFiles(ctx context.Context, cfg *config.Config, names []string) ([]*importFile, bool) {
	parser := newImportParser(cfg, classify.New(cfg.DigestSectors()))
	files := make([]*importFile, len(names))
	for i, name := range names {
		if ctx.Err() != nil {
			return nil, false
		}
		files[i] = &importFile{name: name}
		files[i].parsed, files[i].err = parseImportFile(parser, name)
		if files[i].err == nil {
			return nil, false
		}
	}
	return files, true
}

// newImportParser is the parser of past editions, suggesting a sector for
// a heading that names none with model.
func newImportParser(cfg *config.Config, model *classify.Model) archive.Parser {
	return archive.Parser{
		Sectors:       cfg.DigestSectors(),
		TitleTemplate: cfg.Digest.Title,
		Suggest: func(text string) (string, float64) {
			r := model.Classify(classify.Input{Headline: text})
			return r.Sector, r.Confidence
		},
	}
}

// openImporter opens the database (migrated, unless in a dry run, which
// must not write; a missing database stays missing) and builds the parser
// with the sector model, which files headings that name no sector and the
// lead stories. The model learns from the stories editors decided before,
// in a dry run too, so that the dry run files them as the import will;
// only a dry run over a schema the import would migrate first cannot (it
// must not migrate, and an older schema is not read), and it says so.
func openImporter(ctx context.Context, cfg *config.Config, dryRun bool, e env) (*importer, error) {
	imp := &importer{dryRun: dryRun}
	model := classify.New(cfg.DigestSectors())
	_, statErr := os.Stat(cfg.Bot.Database)
	if !dryRun || statErr == nil {
		st, err := store.Open(ctx, cfg.Bot.Database)
		if err != nil {
			return nil, err
		}
		imp.store = st
		logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
		learn := true
		if !dryRun {
			applied, err := migrateBesideRun(ctx, st, cfg.Bot.Database)
			if err != nil {
				st.Close()
				return nil, err
			}
			for _, m := range applied {
				logger.Info("database migrated", "version", m.Version, "name", m.Name)
			}
		} else if learn, err = dryRunLearns(ctx, st, cfg.Bot.Database, e.stdout); err != nil {
			st.Close()
			return nil, err
		}
		if learn {
			if model, err = learnSectors(ctx, cfg, st, logger); err != nil {
				st.Close()
				return nil, err
			}
		}
	}
	if dryRun {
		imp.plan = store.NewImportPlan(imp.store)
	}
	imp.parser = newImportParser(cfg, model)
	return imp, nil
}

// dryRunLearns says whether a dry run can learn the sector model from the
// database st as the import will: only when its schema is current, as
// the import (which migrates it first) will read it. Otherwise it says on
// stdout, beside what the dry run reports, that its sectors are the
// configured keywords' alone.
func dryRunLearns(ctx context.Context, st *store.Store, database string, stdout io.Writer) (bool, error) {
	current, err := st.SchemaVersion(ctx)
	if err != nil {
		return false, fmt.Errorf("import: database %s: %w", database, err)
	}
	latest := store.LatestSchemaVersion()
	if current >= latest {
		return true, nil
	}
	fmt.Fprintf(stdout, "dry run: the database has schema version %d, older than this release's %d, and the import would migrate it first; "+
		"the sector model learns from past decisions only once the import has migrated the database, so this dry run files headings that name "+
		"no sector, and lead stories, by the configured keywords alone, and the import may file some of them otherwise\n", current, latest)
	return false, nil
}

func (imp *importer) close() {
	if imp.store != nil {
		imp.store.Close()
	}
}

// parseImportFile reads the editions of one file. A file far larger than
// a newsletter is refused before it is read.
func parseImportFile(parser archive.Parser, name string) (archive.File, error) {
	fh, err := os.Open(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return archive.File{}, fmt.Errorf("%s: cannot open: %w", name, err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return archive.File{}, fmt.Errorf("%s: %w", name, err)
	}
	if info.IsDir() {
		return archive.File{}, fmt.Errorf("%s: is a directory; name the files in it (for example %s/*.txt)", name, strings.TrimRight(name, "/"))
	}
	if info.Size() > archive.MaxFileBytes {
		return archive.File{}, fmt.Errorf("%s: the file is %.1f MB, larger than the %d MiB one newsletter file may be; split it into several files",
			name, float64(info.Size())/1e6, archive.MaxFileBytes>>20)
	}
	f, err := parser.ParseFile(name, fh)
	if err != nil {
		return archive.File{}, err
	}
	return f, nil
}

// importAll imports every edition of every file in its own transaction,
// oldest first whatever the order of the files and of the editions in them
// (a file often has the newest first), so that stories are stored in the
// order they were published: a search that matches more stories than it
// ranks takes the newest stored. In a dry run it only looks each one up.
// It stops, leaving what is stored, at an error that is the database's
// rather than an edition's (the disk is full, the run was interrupted).
func (imp *importer) importAll(ctx context.Context, files []*importFile) error {
	type place struct{ file, edition int }
	var order []place
	for fi, f := range files {
		f.outcomes = make([]importOutcome, len(f.parsed.Editions))
		for ei := range f.parsed.Editions {
			order = append(order, place{fi, ei})
		}
	}
	slices.SortStableFunc(order, func(a, b place) int {
		return files[a.file].parsed.Editions[a.edition].Date.Compare(files[b.file].parsed.Editions[b.edition].Date)
	})
	var stop error
	// In a dry run, the editions it would store, by date and title.
	firsts := map[string][]importOutcome{}
	for _, at := range order {
		pe := files[at.file].parsed.Editions[at.edition]
		out := importOutcome{edition: pe, skipped: stop != nil}
		key := pe.Date.String() + "\x00" + pe.Title
		if i := slices.IndexFunc(firsts[key], func(f importOutcome) bool {
			return digest.SameEdition(f.edition.Edition(), pe.Edition())
		}); i >= 0 {
			// The import would store the first and find it here.
			first := firsts[key][i]
			out.result = first.result
			out.result.Existing, out.repeats = true, first.repeats
			files[at.file].outcomes[at.edition] = out
			continue
		}
		if stop == nil {
			// A file that is the rest of an edition, not joined to one
			// of this run (joinSplitEditions), may go on from one an
			// earlier run stored.
			rest := pe.DatedFrom == archive.DatedFromFileName && len(files[at.file].parsed.Editions) == 1
			if stop = imp.importOne(ctx, pe, rest, &out); stop != nil {
				out.skipped = true
			}
		}
		files[at.file].outcomes[at.edition] = out
		if imp.dryRun && !out.result.Existing {
			out.repeats = fmt.Sprintf("%s:%d", files[at.file].name, pe.Line)
			firsts[key] = append(firsts[key], out)
		}
	}
	return stop
}

// importOne imports (or, in a dry run, looks up) one edition; the error is
// one that stops the run. rest is set when the edition is a file's only
// one, with neither date line nor title and dated by the file's name: the
// rest of an edition saved in two files, which goes on from the edition
// an earlier run imported from the first (store.ImportRest).
func (imp *importer) importOne(ctx context.Context, pe archive.ParsedEdition, rest bool, out *importOutcome) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e := pe.Edition()
	if imp.dryRun {
		out.result = store.ImportedEdition{Date: e.Date, Title: e.Title, Stories: e.StoryCount(), Sections: len(e.Sections)}
		if imp.store != nil {
			// FindRestOf looks for e as FindImported does first.
			var as store.ImportedAs
			var continued, existing bool
			var err error
			if rest {
				as, continued, existing, err = imp.store.FindRestOf(ctx, e)
			} else {
				as, existing, err = imp.store.FindImported(ctx, e)
			}
			if err != nil {
				return err
			}
			if continued || existing {
				out.result.Number, out.result.Date = as.Number, as.Date
				out.result.Continued, out.result.Existing = continued, existing
			}
		}
		if !out.result.Existing {
			relinked, err := imp.plan.Relinked(ctx, e)
			if err != nil {
				return err
			}
			out.result.Relinked = relinked
			return nil
		}
		return imp.compareStored(ctx, e, out)
	}
	importEdition := imp.store.ImportEdition
	if rest {
		importEdition = imp.store.ImportRest
	}
	res, err := importEdition(ctx, e)
	var invalid *store.InvalidEditionError
	switch {
	case errors.As(err, &invalid):
		out.err = err
		return nil
	case err != nil:
		return err
	}
	out.result = res
	if res.Existing {
		return imp.compareStored(ctx, e, out)
	}
	return nil
}

// compareStored sets out.changed for an edition found already imported:
// the stories this file writes otherwise than the stored edition has them.
func (imp *importer) compareStored(ctx context.Context, e digest.Edition, out *importOutcome) error {
	stored, err := imp.store.Edition(ctx, out.result.Number)
	if err != nil {
		return fmt.Errorf("compare with edition %d: %w", out.result.Number, err)
	}
	out.changed = storiesChanged(stored.Stories, e.Stories())
	return nil
}

// storiesChanged returns the headlines of the stories of file that stored
// does not have word for word (headline, summary, the editor's text above
// and under it), and of those stored has that file does not: what a
// corrected file would change.
func storiesChanged(stored, file []digest.Story) []string {
	key := func(st digest.Story) string {
		return strings.Join([]string{st.Headline, st.Summary, st.Commentary, st.Afterword}, "\x00")
	}
	keys := func(stories []digest.Story) map[string]bool {
		m := make(map[string]bool, len(stories))
		for _, st := range stories {
			m[key(st)] = true
		}
		return m
	}
	inStore, inFile := keys(stored), keys(file)
	var changed []string
	for _, st := range file {
		if !inStore[key(st)] && !slices.Contains(changed, st.Headline) {
			changed = append(changed, st.Headline)
		}
	}
	for _, st := range stored {
		if !inFile[key(st)] && !slices.Contains(changed, st.Headline) {
			changed = append(changed, st.Headline)
		}
	}
	return changed
}

// renumber reads the final numbers of the editions imported: an older
// edition imported after a newer one moved the newer one up.
func (imp *importer) renumber(ctx context.Context, files []*importFile) error {
	if imp.dryRun {
		return nil
	}
	var ids []int64
	for _, f := range files {
		for _, o := range f.outcomes {
			if o.result.ID != 0 {
				ids = append(ids, o.result.ID)
			}
		}
	}
	numbers, err := imp.store.EditionNumbers(ctx, ids)
	if err != nil {
		return err
	}
	for _, f := range files {
		for i, o := range f.outcomes {
			if n := numbers[o.result.ID]; o.result.ID != 0 && n != 0 {
				f.outcomes[i].result.Number = n
			}
		}
	}
	return nil
}

// importSummary counts what an import did.
type importSummary struct {
	imported, stories, existing, warned, refused, skipped, badFiles, files int
	continued, restStories                                                 int // rests added to an edition imported before, and their stories
	dryRun                                                                 bool
}

func (s importSummary) problems() string {
	var parts []string
	if s.badFiles > 0 {
		parts = append(parts, fmt.Sprintf("%d of %s could not be read", s.badFiles, digest.Plural(s.files, "file", "files")))
	}
	if s.refused > 0 {
		parts = append(parts, digest.Plural(s.refused, "edition", "editions")+" refused")
	}
	return strings.Join(parts, ", ") + " (see the errors above)"
}

// reportImport prints, file by file in the order of the file, every
// warning and error with its file:line (on stderr) and what became of each
// edition (on stdout), then the totals.
func reportImport(stdout, stderr io.Writer, files []*importFile, dryRun bool) importSummary {
	sum := importSummary{files: len(files), dryRun: dryRun}
	for _, f := range files {
		if f.err != nil {
			fmt.Fprintf(stderr, "%v\n  nothing from %s was imported\n", f.err, f.name)
			sum.badFiles++
			continue
		}
		for _, w := range f.parsed.Warnings {
			fmt.Fprintf(stderr, "%s:%d: warning: %s\n", f.name, w.Line, w.Msg)
		}
		refused := f.parsed.Refused
		for _, o := range f.outcomes {
			for len(refused) > 0 && refused[0].Line < o.edition.Line {
				reportRefused(stderr, refused[0])
				refused = refused[1:]
				sum.refused++
			}
			reportEdition(stdout, stderr, f.name, o, len(f.parsed.Warnings) > 0, &sum)
		}
		for _, r := range refused {
			reportRefused(stderr, r)
			sum.refused++
		}
	}
	fmt.Fprintln(stdout, sum.String())
	return sum
}

func reportRefused(w io.Writer, err *archive.ParseError) {
	fmt.Fprintf(w, "%v\n", err)
}

// fileWarned says the file had warnings of its own (its encoding): they
// concern every edition in it, which the totals count as with warnings.
func reportEdition(stdout, stderr io.Writer, name string, o importOutcome, fileWarned bool, sum *importSummary) {
	e := o.edition
	at := fmt.Sprintf("%s:%d", name, e.Line)
	date := digest.DateLine(e.Date)
	switch {
	case o.skipped:
		fmt.Fprintf(stdout, "%s: not imported: the run stopped (%s)\n", at, date)
		sum.skipped++
		return
	case o.err != nil:
		fmt.Fprintf(stderr, "%s: error: %v; nothing of this edition was imported\n", at, o.err)
		sum.refused++
		return
	case o.result.Existing && o.repeats != "":
		fmt.Fprintf(stdout, "%s: the same edition as %s (%s); it would be imported once\n", at, o.repeats, date)
		sum.existing++
		return
	case o.result.Existing && !o.result.Date.IsZero() && !o.result.Date.Equal(e.Date):
		// An older release read this edition's date otherwise: say so,
		// or the editor would wonder why the date the file now gives is
		// not among the editions.
		fmt.Fprintf(stdout, "%s: already imported as edition %d (%s), dated %s when it was imported; it keeps that date%s\n",
			at, o.result.Number, date, digest.DateLine(o.result.Date), changedNote(o.changed))
		sum.existing++
		return
	case o.result.Existing:
		fmt.Fprintf(stdout, "%s: already imported as edition %d (%s)%s\n", at, o.result.Number, date, changedNote(o.changed))
		sum.existing++
		return
	}
	if o.result.Continued {
		reportContinued(stdout, stderr, name, o, sum)
		return
	}
	for _, w := range e.Warnings {
		fmt.Fprintf(stderr, "%s:%d: warning: %s\n", name, w.Line, w.Msg)
	}
	for _, h := range o.result.Relinked {
		fmt.Fprintf(stderr, "%s: warning: %q is another stored story's too (the same link, or the same headline on the same day); this one is stored under a key of its own\n", at, h)
	}
	if fileWarned || len(e.Warnings) > 0 || len(o.result.Relinked) > 0 {
		sum.warned++
	}
	counts := fmt.Sprintf("%s in %s", digest.Plural(e.StoryCount(), "story", "stories"), digest.Plural(len(e.Sections), "section", "sections"))
	if len(e.Lead) > 0 {
		counts += ", " + digest.Plural(len(e.Lead), "lead story", "lead stories")
	}
	if e.StoryCount() == 0 {
		counts = "no stories, its text alone"
	}
	if e.DatedFrom != "" {
		// It has no date line: the editor checks the date on the line
		// she reads, not only among the warnings.
		counts += "; dated from " + e.DatedFrom
	}
	if sum.dryRun {
		fmt.Fprintf(stdout, "%s: would import the edition of %s: %s\n", at, date, counts)
	} else {
		fmt.Fprintf(stdout, "%s: imported edition %d (%s): %s\n", at, o.result.Number, date, counts)
	}
	sum.imported++
	sum.stories += e.StoryCount()
}

// reportContinued reports the rest of an edition added to the edition an
// earlier run imported (store.ImportRest): a warning at the file's first
// line says which, as joinSplitEditions says it of a rest joined in the
// run, and what was said of it read alone (its date from the file's
// name, its made-up title, its first stories as a lead) is left out, as
// it no longer holds.
func reportContinued(stdout, stderr io.Writer, name string, o importOutcome, sum *importSummary) {
	e := o.edition
	fmt.Fprintf(stderr, "%s:1: warning: the file has neither date line nor title, and the date its name gives, %s, is that of edition %d, imported before: "+
		"read as that edition's rest, one edition saved in two files, its stories after the edition's own\n", name, digest.DateLine(e.Date), o.result.Number)
	for _, w := range restWarnings(e) {
		fmt.Fprintf(stderr, "%s:%d: warning: %s\n", name, w.Line, w.Msg)
	}
	for _, h := range o.result.Relinked {
		fmt.Fprintf(stderr, "%s:%d: warning: %q is another stored story's too (the same link, or the same headline on the same day); this one is stored under a key of its own\n", name, e.Line, h)
	}
	verb := "added to"
	if sum.dryRun {
		verb = "would be added to"
	}
	fmt.Fprintf(stdout, "%s:%d: %s edition %d (%s) as its rest: %s\n", name, e.Line, verb, o.result.Number, digest.DateLine(e.Date),
		digest.Plural(e.StoryCount(), "story", "stories"))
	sum.continued++
	sum.stories += e.StoryCount()
	sum.restStories += e.StoryCount()
	sum.warned++
}

// String is the closing line of an import.
// changedNote tells the editor that a file found already imported writes
// some stories otherwise (a corrected edition): the import keeps the
// stored edition, and without this note she would think the correction
// was made.
func changedNote(changed []string) string {
	if len(changed) == 0 {
		return ""
	}
	quoted := make([]string, 0, 3)
	for _, h := range changed[:min(len(changed), 3)] {
		quoted = append(quoted, strconv.Quote(digest.Shorten(h, 60)))
	}
	more := ""
	if len(changed) > 3 {
		more = fmt.Sprintf(" and %d more", len(changed)-3)
	}
	return fmt.Sprintf("; this file's text differs from it (%s%s): an import never changes an edition it has already imported, so the stored text is kept",
		strings.Join(quoted, ", "), more)
}

func (s importSummary) String() string {
	verb := "imported"
	if s.dryRun {
		verb = "to import"
	}
	added := ""
	if s.continued > 0 {
		// Their stories are in the count: an edition's rest adds
		// stories, not an edition.
		added = fmt.Sprintf(", %d of them the rest of %s imported before", s.restStories, digest.Plural(s.continued, "edition", "editions"))
	}
	line := fmt.Sprintf("total: %s %s (%s%s), %d already imported, %d with warnings, %d refused",
		digest.Plural(s.imported, "edition", "editions"), verb, digest.Plural(s.stories, "story", "stories"), added, s.existing, s.warned, s.refused)
	if s.skipped > 0 {
		line += fmt.Sprintf(", %d not reached", s.skipped)
	}
	if s.badFiles > 0 {
		line += fmt.Sprintf("; %d of %s could not be read", s.badFiles, digest.Plural(s.files, "file", "files"))
	}
	if s.dryRun {
		line += "; dry run: nothing was written"
	}
	return line
}
