package main

import (
	"context"
	"fmt"
	"io"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// storedEditions lists the published editions in the database before an
// import (none in a dry run on a database not made yet), so that the
// import can say which of them it renumbers: numbers follow dates, and an
// older edition imported moves up every one after it.
func (imp *importer) storedEditions(ctx context.Context) ([]store.EditionSummary, error) {
	if imp.store == nil {
		return nil, nil
	}
	eds, _, err := imp.store.PublishedEditions(ctx, 0, -1) // SQLite's LIMIT -1: every one
	if err != nil {
		return nil, fmt.Errorf("import: list the editions already stored: %w", err)
	}
	return eds, nil
}

// reportRenumbered warns, on w, of each edition stored before the import
// whose number the import changed (or, in a dry run, would change): a
// link to /editions/N in a mail, a post or the Atom feed's readers, or
// "edition N" said in chat, now names another edition. In a dry run the
// new number is its own plus the editions to import dated before it (one
// dated the same day is numbered after it, as it was published later).
func (imp *importer) reportRenumbered(ctx context.Context, w io.Writer, stored []store.EditionSummary, files []*importFile) error {
	if len(stored) == 0 {
		return nil
	}
	now := make(map[int64]int, len(stored))
	if imp.dryRun {
		for _, e := range stored {
			n := e.Number
			for _, f := range files {
				for _, o := range f.outcomes {
					if o.err == nil && !o.skipped && !o.result.Existing && o.edition.Date.Before(e.Date) {
						n++
					}
				}
			}
			now[e.ID] = n
		}
	} else {
		ids := make([]int64, len(stored))
		for i, e := range stored {
			ids[i] = e.ID
		}
		var err error
		if now, err = imp.store.EditionNumbers(ctx, ids); err != nil {
			return fmt.Errorf("import: read the stored editions' numbers: %w", err)
		}
	}
	verb, then := "is now", "now name"
	if imp.dryRun {
		verb, then = "would become", "would then name"
	}
	// Oldest first, as the numbers run.
	for i := len(stored) - 1; i >= 0; i-- {
		e := stored[i]
		if n := now[e.ID]; n != 0 && n != e.Number {
			fmt.Fprintf(w, "warning: edition %d (%s), stored before this import, %s edition %d: numbers follow the dates, "+
				"so a link to /editions/%d, or \"edition %d\" in a message sent before, %s another edition\n",
				e.Number, digest.DateLine(e.Date), verb, n, e.Number, e.Number, then)
		}
	}
	return nil
}
