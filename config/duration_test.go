package config

import (
	"strings"
	"testing"
	"time"
)

func TestDurationUnmarshalText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"30m", 30 * time.Minute},
		{"1h30m", 90 * time.Minute},
		{"20s", 20 * time.Second},
		{" 5m ", 5 * time.Minute},
		{"0s", 0},
		{"-1m", -time.Minute}, // parses; validation rejects it where it matters
	} {
		var d Duration
		if err := d.UnmarshalText([]byte(tc.in)); err != nil {
			t.Errorf("UnmarshalText(%q): %v", tc.in, err)
			continue
		}
		if d.Duration != tc.want {
			t.Errorf("UnmarshalText(%q) = %v, want %v", tc.in, d.Duration, tc.want)
		}
	}
}

func TestDurationUnmarshalTextBad(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // in the message, besides the quoted value
	}{
		{"30", "a number and a unit"},
		{"5 minutes", "a number and a unit"},
		{"", "a number and a unit"},
		{"7d", "days are not a unit"},
	} {
		d := Duration{Duration: time.Hour}
		err := d.UnmarshalText([]byte(tc.in))
		if err == nil {
			t.Errorf("UnmarshalText(%q): no error", tc.in)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, `"`+tc.in+`"`) || !strings.Contains(msg, tc.want) {
			t.Errorf("UnmarshalText(%q) error %q: want the value and %q", tc.in, msg, tc.want)
		}
		if d.Duration != time.Hour {
			t.Errorf("UnmarshalText(%q) changed the value to %v", tc.in, d.Duration)
		}
	}
}

func TestDurationMarshalTextRoundTrip(t *testing.T) {
	for _, v := range []time.Duration{30 * time.Minute, 20 * time.Second, 90 * time.Minute, 0} {
		text, err := Duration{Duration: v}.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%v): %v", v, err)
		}
		var back Duration
		if err := back.UnmarshalText(text); err != nil || back.Duration != v {
			t.Errorf("round trip of %v via %q = %v, %v", v, text, back.Duration, err)
		}
	}
}
