package main

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store"
)

// A reader stored at a machine's IP address, before the sign-up form and
// the import refused one, is kept but never mailed (its deliveries are
// skipped): the export, which the data owner reads as the list, says so
// on that reader's row, where it listed them as confirmed like any other.
func TestExportFlagsReadersTheSenderSkips(t *testing.T) {
	a := openTestApp(t, "", nil)
	ctx := context.Background()
	if _, err := a.store.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "ana@example.org"},
		{Address: "old@192.0.2.7"}, {Address: "lit@[10.0.0.1]"}}); err != nil {
		t.Fatal(err)
	}
	var exported strings.Builder
	if err := exportSubscribers(ctx, a.store, &exported); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(exported.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	note := -1
	for i, name := range rows[0] {
		if name == "note" {
			note = i
		}
	}
	if note < 0 {
		t.Fatalf("the export has no note column:\n%s", exported.String())
	}
	for _, r := range rows[1:] {
		switch flagged := strings.Contains(r[note], "not mailed") && strings.Contains(r[note], "IP address"); {
		case r[0] == "ana@example.org" && r[note] != "":
			t.Errorf("ana's row has a note: %q", r[note])
		case r[0] != "ana@example.org" && !flagged:
			t.Errorf("%s, which the sender skips, has the note %q", r[0], r[note])
		}
	}
}
