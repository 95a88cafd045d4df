package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

var layoutSectors = digest.Sectors{
	{Slug: "local-government", Name: "Local Government"}, {Slug: "health", Name: "Health & Social Care"},
	{Slug: "housing", Name: "Housing"},
}

// outline is the slugs of an arranged edition's sections with their
// stories' IDs, and the lead's IDs.
func outline(lead []digest.Story, sections []digest.Section) string {
	out := "lead"
	for _, st := range lead {
		out += fmt.Sprintf(" %d", st.ID)
	}
	for _, sec := range sections {
		out += " | " + sec.Sector.Slug
		for _, st := range sec.Stories {
			out += fmt.Sprintf(" %d", st.ID)
		}
	}
	return out
}

func approve(t *testing.T, s *Store, url, sector string) digest.Story {
	t.Helper()
	st := submit(t, s, url, sector)
	if _, err := s.Approve(context.Background(), Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestDraftLeadAndSectionOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.SetLead(ctx, 1); !errors.Is(err, ErrNoDraft) {
		t.Errorf("lead without a draft: %v", err)
	}
	a := approve(t, s, "https://example.org/a", "health")
	b := approve(t, s, "https://example.org/b", "local-government")
	c := approve(t, s, "https://example.org/c", "housing")
	queued := submit(t, s, "https://example.org/q", "housing")

	var se *StateError
	if _, err := s.SetLead(ctx, queued.ID); !errors.As(err, &se) || se.Want != "lead" {
		t.Errorf("a queued story as lead: %v", err)
	}
	if _, err := s.SetLead(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown story as lead: %v", err)
	}
	arranged := func() string {
		t.Helper()
		rec, err := s.Draft(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return outline(digest.Arrange(layoutSectors, rec.Layout, rec.Stories))
	}
	if got := arranged(); got != fmt.Sprintf("lead | local-government %d | health %d | housing %d", b.ID, a.ID, c.ID) {
		t.Errorf("configured order: %s", got)
	}
	if st, err := s.SetLead(ctx, a.ID); err != nil || st.ID != a.ID {
		t.Fatalf("set lead: %+v, %v", st, err)
	}
	if _, err := s.SetLead(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSectionOrder(ctx, []string{"health", "housing"}); err != nil {
		t.Fatal(err)
	}
	if got := arranged(); got != fmt.Sprintf("lead %d | health %d | local-government %d", c.ID, a.ID, b.ID) {
		t.Errorf("lead and order: %s", got)
	}
	if _, err := s.SetLead(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if got := arranged(); got != fmt.Sprintf("lead | health %d | housing %d | local-government %d", a.ID, c.ID, b.ID) {
		t.Errorf("no lead: %s", got)
	}
	if err := s.SetSectionOrder(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got := arranged(); got != fmt.Sprintf("lead | local-government %d | health %d | housing %d", b.ID, a.ID, c.ID) {
		t.Errorf("order cleared: %s", got)
	}
}

func TestPublishFreezesTheLayout(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a := approve(t, s, "https://example.org/a", "health")
	b := approve(t, s, "https://example.org/b", "local-government")
	if _, err := s.SetLead(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	rec, err := s.Draft(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lead, sections := digest.Arrange(layoutSectors, rec.Layout, rec.Stories)
	pub, err := s.Publish(ctx, Publication{Title: "T", Date: day("2026-11-19"), Layout: digest.LayoutOf(digest.Edition{Lead: lead, Sections: sections})})
	if err != nil {
		t.Fatal(err)
	}
	// Whatever the sector order later becomes, the edition reads as sent.
	reordered := digest.Sectors{layoutSectors[2], layoutSectors[1], layoutSectors[0]}
	got := outline(digest.Arrange(reordered, pub.Edition.Layout, pub.Edition.Stories))
	if want := fmt.Sprintf("lead %d | health %d", b.ID, a.ID); got != want {
		t.Errorf("published: %s, want %s", got, want)
	}
	// The next draft starts with no order of its own.
	approve(t, s, "https://example.org/c", "housing")
	if rec, err := s.Draft(ctx); err != nil || len(rec.Layout.Sections) != 0 || len(rec.Layout.Places) != 0 {
		t.Errorf("next draft layout: %+v, %v", rec.Layout, err)
	}
}

// openBefore opens a new database migrated up to, not including, the
// migration named name ("search_terms" for 0005_search_terms.sql), as the
// release before it left databases. It is closed when the test ends.
func openBefore(t *testing.T, name string) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	migrateTo(t, s, migrationNumber(t, name)-1)
	return s
}

// migrateTo applies the first version migrations only, as an older release
// of Shared News left the database.
func migrateTo(t *testing.T, s *Store, version int) {
	t.Helper()
	ctx := context.Background()
	for _, m := range migrations[:version] {
		if _, err := s.db.ExecContext(ctx, m.SQL); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
	}
	if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, version)); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationNumbersExistingEditionsByDate(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "edition_layout")
	// Before, imports were numbered after the live editions, whatever
	// their dates; a draft has no number.
	for _, e := range []struct {
		number int
		date   string
	}{{1, "2026-11-19"}, {2, "2026-11-26"}, {3, "2014-07-10"}, {4, "2014-05-30"}, {5, "2014-11-20"}} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO editions (number, state, title, date, created_at, published_at)
			VALUES (?, 'published', ?, ?, 1, ?)`, e.number, "Edition "+e.date, e.date, day(e.date).Unix()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO editions (state, created_at) VALUES ('draft', 1)`); err != nil {
		t.Fatal(err)
	}
	applied, err := s.Migrate(ctx)
	if err != nil || len(applied) != LatestSchemaVersion()-6 {
		t.Fatalf("migrate: %v, %v", applied, err)
	}
	if got := numbersByDate(t, s); got != "May30=1 Jul10=2 Nov20=3 Nov19=4 Nov26=5" {
		t.Errorf("numbers after migrating: %s", got)
	}
	if _, err := s.Draft(ctx); err != nil {
		t.Errorf("the draft after migrating: %v", err)
	}
	rec, err := s.Edition(ctx, 4)
	if err != nil || rec.Edition.Title != "Edition 2026-11-19" || len(rec.Layout.Sections) != 0 {
		t.Errorf("edition 4 after migrating: %+v, %v", rec, err)
	}
	var nums []int
	rows, err := s.db.QueryContext(ctx, `SELECT number FROM editions WHERE number IS NOT NULL ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		nums = append(nums, n)
	}
	if !slices.Equal(nums, []int{1, 2, 3, 4, 5}) {
		t.Errorf("numbers %v", nums)
	}
}
