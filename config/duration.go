package config

import (
	"fmt"
	"strings"
	"time"
)

// Duration is a time.Duration written in TOML as a Go duration string such
// as "30m", "1h30m" or "20s". Embedding keeps the time.Duration methods
// (Minutes, String, …) available; use d.Duration where a time.Duration is
// needed.
type Duration struct {
	time.Duration
}

// UnmarshalText parses a Go duration string. The error names the rejected
// text, because go-toml reports it without the key for unquoted values.
func (d *Duration) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	v, err := time.ParseDuration(s)
	if err != nil {
		return &durationError{text: string(text), err: err}
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration in Go syntax ("30m0s"), which
// UnmarshalText reads back unchanged.
func (d Duration) MarshalText() ([]byte, error) {
	return []byte(d.Duration.String()), nil
}

// durationError is what UnmarshalText returns. It is a type so that Load can
// recognise it and find the key it came from.
type durationError struct {
	text string
	err  error
}

func (e *durationError) Error() string {
	hint := `use a number and a unit, such as "30m", "1h30m" or "45s" (units: ms, s, m, h)`
	if strings.HasSuffix(strings.TrimSpace(e.text), "d") {
		// People reach for days; Go durations stop at hours.
		hint = `days are not a unit: use hours, such as "168h" for a week`
	}
	return fmt.Sprintf("invalid duration %q: %s", e.text, hint)
}

func (e *durationError) Unwrap() error { return e.err }
