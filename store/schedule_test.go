package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestScheduleInForce: the schedule a run works to is recorded with the
// time it changed; the first one recorded counts as always in force.
func TestScheduleInForce(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, filepath.Join(t.TempDir(), "news.db"))
	monday := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for i, step := range []struct {
		schedule string
		now      time.Time
		want     time.Time
		replaced store.ScheduleRecord
	}{
		{"0 9 * * 4 Europe/London", monday, time.Time{}, store.ScheduleRecord{}},
		{"0 9 * * 4 Europe/London", monday.Add(time.Hour), time.Time{}, store.ScheduleRecord{}},
		{"0 9 * * 5 Europe/London", monday.Add(2 * time.Hour), monday.Add(2 * time.Hour), store.ScheduleRecord{Schedule: "0 9 * * 4 Europe/London"}},
		{"0 9 * * 5 Europe/London", monday.Add(48 * time.Hour), monday.Add(2 * time.Hour), store.ScheduleRecord{}},
		{"0 9 * * 5 Europe/Dublin", monday.Add(72 * time.Hour), monday.Add(72 * time.Hour),
			store.ScheduleRecord{Schedule: "0 9 * * 5 Europe/London", Since: monday.Add(2 * time.Hour)}},
	} {
		got, replaced, err := st.ScheduleInForce(ctx, step.schedule, step.now)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(step.want) || replaced.Schedule != step.replaced.Schedule || !replaced.Since.Equal(step.replaced.Since) {
			t.Errorf("step %d (%s at %s): in force since %s, replacing %+v; want %s, replacing %+v",
				i, step.schedule, step.now, got, replaced, step.want, step.replaced)
		}
	}
}
