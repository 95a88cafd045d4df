package config

import (
	"strconv"
	"strings"

	"github.com/robfig/cron/v3"
)

// ParseSchedule reads digest.schedule as crontab(5) does: five fields,
// where the day of the week may name Sunday as 7 as well as 0 ("0 9 * * 7",
// "0 9 * * 1-7"). The cron parser takes only 0, and an operator who writes
// a crontab line the way the manual page allows should not be refused.
func ParseSchedule(s string) (cron.Schedule, error) {
	return cron.ParseStandard(sundayAsZero(s))
}

// sundayAsZero rewrites a five-field schedule's day of the week so that
// each 7 is written 0: a lone 7 becomes 0, and a range that ends at 7
// ("5-7", "1-7/2") becomes the list of days it names. Anything else, and
// anything the cron parser will refuse anyway, is left as written.
func sundayAsZero(s string) string {
	fields := strings.Fields(s)
	if len(fields) != len(scheduleFields) || strings.HasPrefix(s, "@") {
		return s
	}
	items := strings.Split(fields[4], ",")
	for i, item := range items {
		items[i] = dayItemSundayAsZero(item)
	}
	fields[4] = strings.Join(items, ",")
	return strings.Join(fields, " ")
}

func dayItemSundayAsZero(item string) string {
	span, stepText, stepped := strings.Cut(item, "/")
	first, last, isRange := strings.Cut(span, "-")
	if !isRange {
		last = first
	}
	if last != "7" {
		return item
	}
	from, ok := weekdayNumber(first)
	if !ok || from > 7 {
		return item
	}
	step := 1
	if stepped {
		n, err := strconv.Atoi(stepText)
		if err != nil || n < 1 {
			return item
		}
		step = n
	}
	var days []string
	for d := from; d <= 7; d += step {
		days = append(days, strconv.Itoa(d%7))
	}
	return strings.Join(days, ",")
}

// weekdayNumber reads a day of the week as cron writes it: a number or
// the first three letters of its English name.
func weekdayNumber(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0
	}
	for i, name := range []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"} {
		if strings.EqualFold(s, name) {
			return i, true
		}
	}
	return 0, false
}
