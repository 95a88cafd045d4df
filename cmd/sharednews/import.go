package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// importUsage is the usage line of `sharednews import`.
const importUsage = "import FILE...      import past editions from plain-text newsletters (see shared/testdata/digests)"

// importFile is one FILE argument of `sharednews import`: its editions, or
// why it cannot be imported.
type importFile struct {
	name     string
	editions []archive.ParsedEdition
	err      error
	results  []store.ImportedEdition
}

// cmdImport imports every edition of every FILE as a published edition,
// each file all or nothing: a file that cannot be parsed or stored is
// reported by name and line, nothing of it is stored, and the other files
// are still imported. New editions are numbered after the existing ones,
// oldest first across all the files of the run (see store.ImportBatches);
// editions imported before are reported and left alone. It fails when any
// file failed.
func cmdImport(ctx context.Context, path string, args []string, e env) error {
	if len(args) == 0 {
		return usageError{"import needs at least one FILE of past editions\n  " + importUsage}
	}
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			return usageError{fmt.Sprintf("import takes no flags, got %q (name a file beginning with a dash as ./%s)", a, a)}
		}
	}
	cfg, err := loadConfig(path, e)
	if err != nil {
		return err
	}
	parser := archive.Parser{Sectors: cfg.DigestSectors()}
	files := make([]*importFile, len(args))
	var batches [][]digest.Edition
	var parsed []*importFile
	for i, name := range args {
		if err := ctx.Err(); err != nil {
			return err
		}
		f := &importFile{name: name}
		files[i] = f
		f.editions, f.err = parseImportFile(parser, name)
		if f.err != nil {
			continue
		}
		batch := make([]digest.Edition, len(f.editions))
		for j, ed := range f.editions {
			batch[j] = ed.Edition()
		}
		batches = append(batches, batch)
		parsed = append(parsed, f)
	}

	if len(batches) > 0 {
		results, err := storeImport(ctx, cfg.Bot.Database, batches, e)
		if err != nil {
			return err
		}
		for i, res := range results {
			f := parsed[i]
			if res.Err != nil {
				f.err = fmt.Errorf("%s:%d: %w", f.name, f.editions[res.Failed].Line, res.Err)
				continue
			}
			f.results = res.Editions
		}
	}
	return reportImport(e.stdout, e.stderr, files)
}

// parseImportFile reads the editions of one file.
func parseImportFile(parser archive.Parser, name string) ([]archive.ParsedEdition, error) {
	fh, err := os.Open(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot open: %w", name, err)
	}
	defer fh.Close()
	return parser.Parse(name, fh)
}

// storeImport opens and migrates the database and imports the batches.
func storeImport(ctx context.Context, database string, batches [][]digest.Edition, e env) ([]store.ImportBatchResult, error) {
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	st, err := store.Open(ctx, database)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	applied, err := st.Migrate(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range applied {
		logger.Info("database migrated", "version", m.Version, "name", m.Name)
	}
	return st.ImportBatches(ctx, batches)
}

// reportImport prints what happened to each file and edition, and the
// totals; it returns an error when any file failed.
func reportImport(stdout, stderr io.Writer, files []*importFile) error {
	var imported, stories, existing int
	var failed []string
	for _, f := range files {
		if f.err != nil {
			fmt.Fprintf(stderr, "%v\n  nothing from %s was imported\n", f.err, f.name)
			failed = append(failed, f.name)
			continue
		}
		for i, r := range f.results {
			date := digest.DateLine(r.Date)
			if r.Existing {
				fmt.Fprintf(stdout, "%s: already imported as edition %d (%s)\n", f.name, r.Number, date)
				existing++
				continue
			}
			// Warnings matter for what was just stored, not on a re-import.
			for _, w := range f.editions[i].Warnings {
				fmt.Fprintf(stderr, "%s:%d: warning: %s\n", f.name, w.Line, w.Msg)
			}
			fmt.Fprintf(stdout, "%s: imported edition %d (%s): %s in %s\n", f.name, r.Number, date,
				importCount(r.Stories, "story", "stories"), importCount(r.Sections, "section", "sections"))
			imported++
			stories += r.Stories
		}
	}
	fmt.Fprintf(stdout, "total: %s imported (%s), %d already imported, %d of %s failed\n",
		importCount(imported, "edition", "editions"), importCount(stories, "story", "stories"), existing,
		len(failed), importCount(len(files), "file", "files"))
	if len(failed) > 0 {
		return fmt.Errorf("import: %d of %s failed: %s", len(failed), importCount(len(files), "file", "files"), strings.Join(failed, ", "))
	}
	return nil
}

func importCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
