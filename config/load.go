package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Load reads the TOML file at path on top of Default, applies secrets from
// the environment, and validates the result.
//
// An empty path means no file: the built-in defaults (plus the environment).
// Keys missing from the file keep their defaults, except that a file with
// any [[sectors]] replaces the default sector list as a whole, since sectors
// are an ordered list, not settings to merge. Likewise [[feeds.source]]
// entries, or "source = []" under [feeds], replace the default feeds.
//
// getenv is usually os.Getenv; nil means no environment. A non-empty
// SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, DISCORD_BOT_TOKEN,
// DISCORD_PUBLIC_KEY or DISCORD_APPLICATION_ID wins over the file.
//
// Anything wrong with the file (syntax, types, unknown keys, invalid values)
// comes back as Problems naming every key and line at once, and no config.
// A file that cannot be read gives a wrapped os error.
func Load(path string, getenv func(string) string) (*Config, error) {
	c := Default()
	var (
		idx     *keyIndex
		unknown Problems
	)
	if path != "" {
		doc, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("load config: %w", err)
		}
		idx, unknown, err = decode(path, doc, c)
		if err != nil {
			return nil, err
		}
	}
	c.normalize()
	applyEnv(c, getenv)

	ps := append(unknown, c.Validate()...)
	if len(ps) == 0 {
		return c, nil
	}
	if idx != nil {
		for i := range ps {
			ps[i].File = path
			if ps[i].Line == 0 {
				ps[i].Line = idx.line(ps[i].Key)
			}
		}
		ps.sortByLine()
	}
	return nil, ps
}

// decode decodes doc into c, which holds the defaults. It returns the key
// index of doc, the unknown keys as problems (decoding carries on past
// them, so validation can report its problems too), and an error that ends
// loading: a syntax or type error as Problems, or anything else wrapped.
func decode(file string, doc []byte, c *Config) (*keyIndex, Problems, error) {
	defaultSectors := c.Sectors
	// Decode sectors into an empty list so a file's [[sectors]] never merge
	// with the defaults, whatever go-toml does with a pre-filled slice.
	c.Sectors = nil
	err := toml.NewDecoder(bytes.NewReader(doc)).DisallowUnknownFields().Decode(c)

	var (
		strict *toml.StrictMissingError
		bad    *toml.DecodeError
		dur    *durationError
	)
	switch {
	case err == nil:
	case errors.As(err, &strict):
		// Checked before DecodeError: a StrictMissingError unwraps to its
		// DecodeErrors.
	case errors.As(err, &bad):
		line, col := bad.Position()
		return nil, nil, Problems{{
			File: file, Line: line, Column: col,
			Key:     keyString(bad.Key()),
			Message: decodeMessage(bad.Error()),
		}}
	case errors.As(err, &dur):
		// go-toml passes an unquoted value (timeout = 30) to UnmarshalText
		// without its key or position; find it in the document instead.
		p := Problem{File: file, Message: fmt.Sprintf("must be a quoted duration such as \"30m\", got %s", dur.text)}
		if v, ok := indexKeys(doc).unquotedDuration(dur.text); ok {
			p.Key, p.Line = v.key, v.line
		}
		return nil, nil, Problems{p}
	default:
		return nil, nil, fmt.Errorf("decode %s: %w", file, err)
	}

	idx := indexKeys(doc)
	if !idx.has("sectors") {
		c.Sectors = defaultSectors
	} else if !idx.has("feeds.source") {
		c.keepDefaultFeedHints()
	}
	var unknown Problems
	if strict != nil {
		for _, e := range strict.Errors {
			line, col := e.Position()
			key, parts := keyString(e.Key()), []string(e.Key())
			if len(parts) > 0 {
				if k, ps, ok := idx.pathAt(line, col, parts[len(parts)-1]); ok {
					key, parts = k, ps
				}
			}
			unknown = append(unknown, Problem{
				File: file, Line: line, Column: col,
				Key:     key,
				Message: unknownKeyMessage(parts),
			})
		}
	}
	return idx, unknown, nil
}

// typeMismatch matches go-toml's message for a value of the wrong type.
var typeMismatch = regexp.MustCompile(`^cannot decode TOML (.+) into struct field \S+ of type (\S+)$`)

// decodeMessage rewrites a go-toml decode error for someone who knows the
// config file but not the Go types behind it.
func decodeMessage(msg string) string {
	msg = strings.TrimPrefix(msg, "toml: ")
	m := typeMismatch.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	var want string
	switch m[2] {
	case "string":
		want = `text in "quotes"`
	case "int", "int64":
		want = "a whole number"
	case "bool":
		want = "true or false"
	case "[]string":
		want = `a list of text, such as ["a", "b"]`
	case "config.Duration":
		want = `a quoted duration such as "30m"`
	default:
		return msg
	}
	return fmt.Sprintf("must be %s, not a TOML %s", want, m[1])
}

// applyEnv lets non-empty environment variables replace secrets, so tokens
// can stay out of the file.
func applyEnv(c *Config, getenv func(string) string) {
	if getenv == nil {
		return
	}
	for _, s := range []struct {
		env string
		dst *string
	}{
		{"SLACK_BOT_TOKEN", &c.Slack.BotToken},
		{"SLACK_APP_TOKEN", &c.Slack.AppToken},
		{"SLACK_SIGNING_SECRET", &c.Slack.SigningSecret},
		{"DISCORD_BOT_TOKEN", &c.Discord.BotToken},
		{"DISCORD_PUBLIC_KEY", &c.Discord.PublicKey},
		{"DISCORD_APPLICATION_ID", &c.Discord.ApplicationID},
	} {
		// Trimmed because values pasted into env files often carry a
		// stray newline or carriage return.
		if v := strings.TrimSpace(getenv(s.env)); v != "" {
			*s.dst = v
		}
	}
}
