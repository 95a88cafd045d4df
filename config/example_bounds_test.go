package config

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// exampleBound is a range config.example.toml's comment gives for a key:
// "from "1m" to "168h"", "from 1 to 64", "Between 1024 and 16777216",
// "(0.1 to 1000)", or "more than 0, at most "5m"" (low is then 0 and
// excluded).
type exampleBound struct {
	key       string
	low, high string
	openLow   bool // the low end itself is refused ("more than 0")
	duration  bool
}

// exampleBounds reads every range the example file's comments state,
// each for the key below its comment.
func exampleBounds(t *testing.T) []exampleBound {
	t.Helper()
	raw, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var (
		durations = regexp.MustCompile(`from "([^"]+)" to "([^"]+)"`)
		numbers   = regexp.MustCompile(`(?:from|[Bb]etween|\() ?([0-9]+(?:\.[0-9]+)?) (?:to|and) ([0-9]+(?:\.[0-9]+)?)`)
		positive  = regexp.MustCompile(`more than 0, at most "([^"]+)"`)
		header    = regexp.MustCompile(`^\[([a-z_.]+)\]$`)
		keyLine   = regexp.MustCompile(`^([a-z_]+) = `)
	)
	var bounds []exampleBound
	table, comment := "", ""
	for _, line := range strings.Split(string(raw), "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			comment += " " + strings.TrimSpace(strings.TrimPrefix(line, "#"))
			continue
		case strings.HasPrefix(line, "[["):
			table = "" // an entry of a list: its keys have no single range
		case header.MatchString(line):
			table = header.FindStringSubmatch(line)[1]
		case table != "" && keyLine.MatchString(line):
			b := exampleBound{key: table + "." + keyLine.FindStringSubmatch(line)[1]}
			if m := durations.FindStringSubmatch(comment); m != nil {
				b.low, b.high, b.duration = m[1], m[2], true
			} else if m := positive.FindStringSubmatch(comment); m != nil {
				b.low, b.high, b.openLow, b.duration = "0s", m[1], true, true
			} else if m := numbers.FindStringSubmatch(comment); m != nil {
				b.low, b.high = m[1], m[2]
			}
			if b.high != "" {
				bounds = append(bounds, b)
			}
		}
		comment = ""
	}
	return bounds
}

// TestExampleFileStatesTheBoundsCheckConfigKeeps: each range a comment
// of config.example.toml states for its key ("from 1 to 64") is the one
// check-config keeps: both ends are taken (the low one unless it says
// "more than"), and a value just past either end is a problem of that key.
// README sends the operator to the file for each key's bounds.
func TestExampleFileStatesTheBoundsCheckConfigKeeps(t *testing.T) {
	bounds := exampleBounds(t)
	if len(bounds) < 8 {
		t.Fatalf("found %d ranges in config.example.toml's comments, want the 8 it states at least: %v", len(bounds), bounds)
	}
	for _, b := range bounds {
		table, name, _ := strings.Cut(b.key, ".")
		prefix := ""
		if table == "email" {
			// Its settings are checked only for the edition in use.
			prefix = "enabled = true\nfrom = \"news@council.example\"\n"
		}
		refused := func(value string) bool {
			t.Helper()
			_, err := Load(writeConfig(t, fmt.Sprintf("[%s]\n%s%s = %s\n", table, prefix, name, value)), nil)
			var ps Problems
			if err != nil && !errors.As(err, &ps) {
				t.Fatalf("%s = %s: %v", b.key, value, err)
			}
			for _, p := range ps {
				if p.Key == b.key {
					return true
				}
			}
			if err != nil {
				t.Fatalf("%s = %s: problems of other keys: %v", b.key, value, err)
			}
			return false
		}
		below, low, high, above := justPast(t, b)
		if refused(low) != b.openLow {
			t.Errorf("%s = %s: refused %v, but config.example.toml says the range starts there (exclusive: %v)", b.key, low, !b.openLow, b.openLow)
		}
		if refused(high) {
			t.Errorf("%s = %s refused, but config.example.toml says the range ends there", b.key, high)
		}
		if below != "" && !refused(below) {
			t.Errorf("%s = %s taken, but config.example.toml says the range starts at %s", b.key, below, low)
		}
		if !refused(above) {
			t.Errorf("%s = %s taken, but config.example.toml says the range ends at %s", b.key, above, high)
		}
	}
}

// justPast returns a bound's ends as TOML values, with a value just below
// the low end (none when the low end is itself refused) and just above the
// high one.
func justPast(t *testing.T, b exampleBound) (below, low, high, above string) {
	t.Helper()
	quote := func(s string) string { return strconv.Quote(s) }
	if b.duration {
		lo, err1 := time.ParseDuration(b.low)
		hi, err2 := time.ParseDuration(b.high)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: the range %q to %q is not of durations", b.key, b.low, b.high)
		}
		if !b.openLow {
			below = quote((lo - time.Second).String())
		}
		return below, quote(b.low), quote(b.high), quote((hi + time.Second).String())
	}
	if strings.Contains(b.low+b.high, ".") {
		lo, err1 := strconv.ParseFloat(b.low, 64)
		hi, err2 := strconv.ParseFloat(b.high, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: the range %q to %q is not of numbers", b.key, b.low, b.high)
		}
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
		return f(lo * 0.9), f(lo), f(hi), f(hi + 0.5)
	}
	lo, err1 := strconv.Atoi(b.low)
	hi, err2 := strconv.Atoi(b.high)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: the range %q to %q is not of whole numbers", b.key, b.low, b.high)
	}
	return strconv.Itoa(lo - 1), b.low, b.high, strconv.Itoa(hi + 1)
}
