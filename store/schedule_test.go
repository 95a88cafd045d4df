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
// time it changed; the first one recorded counts as always in force. A
// change is recorded by the caller (RecordSchedule, once it has caught up
// what the replaced schedule missed): until then every call names the
// replaced schedule again.
func TestScheduleInForce(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, filepath.Join(t.TempDir(), "news.db"))
	monday := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for i, step := range []struct {
		schedule string
		now      time.Time
		want     time.Time
		replaced store.ScheduleRecord
		stopped  bool // the caller stops before it records the change
	}{
		{"0 9 * * 4 Europe/London", monday, time.Time{}, store.ScheduleRecord{}, false},
		{"0 9 * * 4 Europe/London", monday.Add(time.Hour), time.Time{}, store.ScheduleRecord{}, false},
		{"0 9 * * 5 Europe/London", monday.Add(2 * time.Hour), monday.Add(2 * time.Hour), store.ScheduleRecord{Schedule: "0 9 * * 4 Europe/London"}, false},
		{"0 9 * * 5 Europe/London", monday.Add(48 * time.Hour), monday.Add(2 * time.Hour), store.ScheduleRecord{}, false},
		{"0 9 * * 5 Europe/Dublin", monday.Add(72 * time.Hour), monday.Add(72 * time.Hour),
			store.ScheduleRecord{Schedule: "0 9 * * 5 Europe/London", Since: monday.Add(2 * time.Hour)}, true},
		{"0 9 * * 5 Europe/Dublin", monday.Add(73 * time.Hour), monday.Add(73 * time.Hour),
			store.ScheduleRecord{Schedule: "0 9 * * 5 Europe/London", Since: monday.Add(2 * time.Hour)}, false},
		{"0 9 * * 5 Europe/Dublin", monday.Add(74 * time.Hour), monday.Add(73 * time.Hour), store.ScheduleRecord{}, false},
	} {
		got, replaced, err := st.ScheduleInForce(ctx, step.schedule, step.now)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(step.want) || replaced.Schedule != step.replaced.Schedule || !replaced.Since.Equal(step.replaced.Since) {
			t.Errorf("step %d (%s at %s): in force since %s, replacing %+v; want %s, replacing %+v",
				i, step.schedule, step.now, got, replaced, step.want, step.replaced)
		}
		if replaced.Schedule != "" && !step.stopped {
			if err := st.RecordSchedule(ctx, replaced, step.schedule, got); err != nil {
				t.Fatal(err)
			}
		}
	}
}
