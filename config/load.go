package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"

	"github.com/sharednews/sharednews/internal/sentence"
)

// Load reads the TOML file at path on top of Default, applies secrets from
// the environment, and validates the result for every command but run:
// platform secrets are not required (see LoadForRun).
//
// An empty path means no file: the built-in defaults (plus the environment).
// Keys missing from the file keep their defaults, except that a file with
// any [[sectors]] replaces the default sector list as a whole, since sectors
// are an ordered list, not settings to merge. Likewise [[feeds.source]]
// entries, or "source = []" under [feeds], replace the default feeds.
//
// getenv is usually os.Getenv; nil means no environment. A non-empty
// SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, DISCORD_BOT_TOKEN,
// DISCORD_PUBLIC_KEY or DISCORD_APPLICATION_ID wins over the file;
// SMTP_PASSWORD is the only source of email's password.
//
// Anything wrong with the file (syntax, types, unknown keys, invalid or
// absurd values) comes back as Problems naming every key and line at once,
// and no config. A file that cannot be read gives a wrapped os error.
func Load(path string, getenv func(string) string) (*Config, error) {
	return load(path, getenv, false, nil)
}

// LoadForRun is Load for `sharednews run` (and check-config, which checks
// what run would): an enabled platform must also have its secrets.
func LoadForRun(path string, getenv func(string) string) (*Config, error) {
	return load(path, getenv, true, nil)
}

// LoadForCheck is LoadForRun for check-config, which must also find what
// run would refuse at start that no value shows: database is called with
// bot.database when it names a file (or a file to be made) in a folder
// that exists, and an error it returns is a problem of bot.database, on
// its line, among the others. It is a function because the file system's
// checks belong to the store and the run lock, which this package is below.
func LoadForCheck(path string, getenv func(string) string, database func(string) error) (*Config, error) {
	return load(path, getenv, true, database)
}

func load(path string, getenv func(string) string, forRun bool, database func(string) error) (*Config, error) {
	c := Default()
	var (
		idx    *keyIndex
		early  Problems
		broken bool
	)
	if path != "" {
		doc, err := os.ReadFile(path)
		if err != nil {
			return nil, readError(path, err)
		}
		// Windows editors save with a byte order mark. TOML is a UTF-8
		// document, which may start with one (toml-lang/toml#437), but
		// go-toml reads it as a stray character on line 1; a UTF-16 file
		// is not TOML at all and deserves a sentence, not "U+00FF".
		if bytes.HasPrefix(doc, []byte{0xff, 0xfe}) || bytes.HasPrefix(doc, []byte{0xfe, 0xff}) {
			return nil, Problems{{File: path, Line: 1,
				Message: `the file is saved as UTF-16 ("Unicode" in Windows Notepad); save it as UTF-8`}}
		}
		doc = bytes.TrimPrefix(doc, []byte("\uFEFF"))
		c, idx, early, broken, err = decode(path, doc)
		if err != nil {
			return nil, err
		}
		if broken {
			return nil, early
		}
	}
	c.normalize()
	trimSecrets(c)
	fromEnv := applyEnv(c, getenv)

	checks := c.Validate()
	if forRun {
		checks = append(checks, c.runProblems()...)
	}
	checks = append(checks, c.checkFiles(database)...)
	// A value from the environment is not the one on the file's line for
	// its key: say where it came from, and give it no line.
	for i, p := range checks {
		if variable, ok := fromEnv[p.Key]; ok {
			checks[i].Message = "set by " + variable + ", which wins over the file: " + p.Message
		}
	}
	ps := append(early, withoutDerived(checks, early)...)
	if len(ps) == 0 {
		return c, nil
	}
	if idx != nil {
		for i := range ps {
			if _, ok := fromEnv[ps[i].Key]; ok && ps[i].Line == 0 {
				continue
			}
			ps[i].File = path
			if ps[i].Line == 0 {
				ps[i].Line = idx.line(ps[i].Key)
			}
		}
		ps.sortByLine()
	}
	return nil, ps
}

// WarningsIn is c.Warnings() for c loaded from the file at path, each
// warning of a key the file sets given the file and that key's line, as
// Load gives its problems, so that check-config points at the setting
// warned of. A warning of no key, or of a key the environment set (it
// wins over the file's line), keeps none; so do all when the file cannot
// be read again.
func (c *Config) WarningsIn(path string, getenv func(string) string) Problems {
	ws := c.Warnings()
	if path == "" || len(ws) == 0 {
		return ws
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		return ws
	}
	idx := indexKeys(bytes.TrimPrefix(doc, []byte("\uFEFF")))
	fromEnv := applyEnv(Default(), getenv)
	for i, w := range ws {
		if _, set := fromEnv[w.Key]; set || w.Key == "" {
			continue
		}
		if _, inFile := idx.keys[w.Key]; !inFile {
			continue // a default: no line of the file says it
		}
		ws[i].File, ws[i].Line = path, idx.line(w.Key)
	}
	return ws
}

// readError says why the file at path could not be read, in a sentence:
// a mistyped path is the usual reason, and not a file with problems.
func readError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return sentence.Errorf(err, "the configuration file %s does not exist", path)
	case errors.Is(err, syscall.EISDIR):
		return sentence.Errorf(err, "the configuration file %s is a folder; name the file itself", path)
	}
	return fmt.Errorf("read the configuration file %s: %w", path, err)
}

// withoutDerived drops validation problems about keys whose value the file
// got wrong in type: those keys kept their defaults, so a problem found on
// them (or inside them) would only repeat the first one less clearly.
func withoutDerived(checks, early Problems) Problems {
	var out Problems
next:
	for _, p := range checks {
		for _, e := range early {
			if e.Key != "" && (p.Key == e.Key || strings.HasPrefix(p.Key, e.Key+".") || strings.HasPrefix(p.Key, e.Key+"[")) {
				continue next
			}
			// Nor about a list one of whose entries was stepped over:
			// it is shorter than the file wrote it.
			if p.Key != "" && strings.HasPrefix(e.Key, p.Key+"[") {
				continue next
			}
		}
		out = append(out, p)
	}
	return out
}

// maxRecoveries bounds how many broken values one load steps over.
const maxRecoveries = 1000

// decode decodes doc over the defaults and returns the config, the key
// index of doc, and the problems found on the way: syntax errors, values of
// the wrong type and unknown keys, every one of them, not just the first.
//
// go-toml stops at the first error, so decode steps over each: it blanks
// the broken line (a syntax error) or the whole key = value (a type error)
// with spaces, which keeps every other line and column where it was, and
// decodes again. A blanked key keeps its default. broken is set when the
// document could not be decoded at all (a syntax error that spills over
// into the lines after it, such as an unclosed list); then only the
// problems found so far are known. err is for anything that is not a
// problem in the file.
func decode(file string, original []byte) (c *Config, idx *keyIndex, ps Problems, broken bool, err error) {
	doc := append([]byte(nil), original...)
	lines := lineStarts(doc)
	var stubbed []int // indexes in ps of syntax errors whose value became ""
	for range maxRecoveries {
		p, line, ok := syntaxProblem(file, doc)
		if !ok {
			break
		}
		if strings.Contains(p.Message, "invalid UTF-8") {
			p.Message += `: save the file as UTF-8 (it seems to be in another encoding, such as Windows "ANSI")`
		}
		ps = append(ps, p)
		if line == 0 || !recoverable(doc, lines, p) {
			return nil, nil, ps, true, nil
		}
		if isHeader(doc, lines, line) {
			if strings.HasSuffix(p.Message, "already exists as a table, but should be an array table") && p.Key != "" {
				// An entry of a list of tables after one written with
				// single brackets, which is reported on its own line
				// (listsWrittenAsTables): go-toml's words blamed this
				// one, which is written as it should be.
				ps[len(ps)-1].Message = fmt.Sprintf("follows a [%s] written with single brackets above it; write that one as [[%s]] too", p.Key, p.Key)
			}
			// A table header in error (a table written twice, [[x]]
			// after x = …): blank it and the keys under it, which would
			// otherwise be read into the table above and reported as
			// unknown there.
			blankOut(doc, lines[line-1], tableEnd(doc, lines, line))
		} else if at, end := lines[line-1]+p.Column-1, lineEnd(doc, lines, line); stubValue(doc, at, lines[line-1], end) {
			ps[len(ps)-1].Message = `is not a TOML value (` + p.Message + `); text goes in "double quotes"`
			switch {
			case curlyQuoted(original[at:end]):
				// Read before the stub, from the file as written.
				ps[len(ps)-1].Message = curlyQuotesMessage(original[at:end])
			case strings.Contains(p.Message, "too large"), strings.Contains(p.Message, "invalid UTF-8"):
				// Quoting a number only trades this for a type error;
				// text in another encoding is quoted already.
				ps[len(ps)-1].Message = p.Message
			case strings.Contains(p.Message, "cannot have new lines"):
				// The value is quoted; its end is not.
				ps[len(ps)-1].Message = `has no closing quote: quoted text must end on its line`
			}
			stubbed = append(stubbed, len(ps)-1)
		} else {
			blankOut(doc, lines[line-1], lineEnd(doc, lines, line))
		}
	}
	// stub reports whether the value at line and col stands in for a
	// syntax error already reported, naming the key in that problem. Each
	// is named once: a stub that fails to decode is then blanked, and a
	// later look at its line would find the key above it.
	named := make([]bool, len(stubbed))
	stubProblem := func(idx *keyIndex, line, col int) *Problem {
		for j, i := range stubbed {
			if p := &ps[i]; p.Line == line {
				if kv, ok := idx.valueAt(p.Line, p.Column); ok && !named[j] {
					p.Key = kv.key
					named[j] = true
				}
				return p
			}
		}
		return nil
	}
	stub := func(idx *keyIndex, line, col int) bool { return stubProblem(idx, line, col) != nil }

	// Items of lists and inline tables are named by this index of the
	// document before any of them is stepped over, which would renumber
	// the ones after it (offsets do not move: blanking keeps them).
	items := indexKeys(doc)
	for range maxRecoveries {
		c = Default()
		defaultSectors := c.Sectors
		// Decode sectors into an empty list so a file's [[sectors]] never
		// merge with the defaults, whatever go-toml does with a pre-filled
		// slice.
		c.Sectors = nil
		err := toml.NewDecoder(bytes.NewReader(doc)).DisallowUnknownFields().Decode(c)
		idx = indexKeys(doc)
		var (
			strict *toml.StrictMissingError
			bad    *toml.DecodeError
			dur    *durationError
		)
		switch {
		case err == nil:
		case errors.As(err, &strict):
			// Checked before DecodeError: a StrictMissingError unwraps to
			// its DecodeErrors.
			ps = append(ps, unknownKeys(file, idx, strict)...)
		case errors.As(err, &bad):
			line, col := bad.Position()
			key := keyString(bad.Key())
			p := Problem{File: file, Line: line, Column: col, Key: key, Message: decodeMessage(bad.Error(), key)}
			kv, ok := idx.valueAt(line, col)
			if ok {
				p.Key = kv.key
			}
			// A value inside a list or an inline table is named by its
			// own key, and only its item is stepped over, so that the
			// others beside it are checked too.
			item, inside := items.nestedAt(line, col)
			if inside {
				p.Key = item.key
			}
			if sp := stubProblem(idx, line, col); sp == nil {
				ps = append(ps, p)
			} else if want, ok := unquotedScalar(p.Message); ok && (strings.HasPrefix(sp.Message, "is not a TOML value (") || strings.HasPrefix(sp.Message, "is written in curly quotes")) {
				// The stub is text, and the key refuses text: a word
				// left unquoted where true, false or a number belongs
				// (enabled = no, enabled = False, per_user_per_hour =
				// ten). Quoting it, as the syntax error advised, would
				// only trade it for this type error.
				sp.Message = "is not a TOML value; it " + want + ", written without quotes"
			}
			if !ok {
				return nil, nil, ps, true, nil
			}
			if inside {
				blankItem(doc, item)
			} else {
				blankOut(doc, kv.start, kv.end)
			}
			continue
		case errors.As(err, &dur):
			// go-toml passes an unquoted value (timeout = 30) to
			// UnmarshalText without its key or position; find it in the
			// document instead.
			p := Problem{File: file, Message: fmt.Sprintf("must be a quoted duration such as \"30m\", got %s", dur.text)}
			v, ok := idx.unquotedDuration(dur.text)
			if ok {
				p.Key, p.Line = v.key, v.line
			}
			ps = append(ps, p)
			kv, found := idx.valueAt(v.line, 0)
			if !ok || !found {
				return nil, nil, ps, true, nil
			}
			blankOut(doc, kv.start, kv.end)
			continue
		default:
			return nil, nil, nil, false, fmt.Errorf("decode %s: %w", file, err)
		}
		ps = append(ps, listsWrittenAsTables(file, doc, idx)...)
		for _, i := range stubbed {
			stub(idx, ps[i].Line, ps[i].Column)
			// The key is known only now: a secret's value, shown in
			// straight quotes, would be printed by check-config and
			// logged by run.
			if secretKey(ps[i].Key) && strings.HasPrefix(ps[i].Message, "is written in curly quotes (") {
				ps[i].Message = curlyQuotesUnshown
			}
		}
		// go-toml names a key written twice without its table.
		for i, p := range ps {
			if strings.Contains(p.Message, "already defined") && p.Key != "" && p.Line > 0 {
				if table := idx.tableAt(p.Line); table != "" {
					ps[i].Key = table + "." + p.Key
				}
			}
		}
		if !idx.has("sectors") {
			c.Sectors = defaultSectors
		} else if !idx.has("feeds.source") {
			c.keepDefaultFeedHints()
		}
		return c, idx, ps, false, nil
	}
	return nil, nil, ps, true, nil
}

// syntaxProblem parses doc as plain TOML, without the Config types, and
// returns its first syntax error (duplicate keys and numbers too large
// included) and its line, or false when there is none.
func syntaxProblem(file string, doc []byte) (Problem, int, bool) {
	var tree map[string]any
	err := toml.Unmarshal(doc, &tree)
	if err == nil {
		return Problem{}, 0, false
	}
	var bad *toml.DecodeError
	if !errors.As(err, &bad) {
		return Problem{File: file, Message: strings.TrimPrefix(err.Error(), "toml: ")}, 0, true
	}
	line, col := bad.Position()
	key := keyString(bad.Key())
	return Problem{File: file, Line: line, Column: col, Key: key, Message: decodeMessage(bad.Error(), key)}, line, true
}

// recoverable reports whether the syntax error p is confined to its line,
// so that blanking the line and parsing on finds real problems rather than
// echoes. An error at the first character of a line usually means the
// parser was still inside a value begun above (an unclosed list), except
// for a key defined twice.
func recoverable(doc []byte, lines []int, p Problem) bool {
	if strings.Contains(p.Message, "already defined") {
		return true
	}
	start := lines[p.Line-1]
	lead := bytes.IndexFunc(doc[start:lineEnd(doc, lines, p.Line)], func(r rune) bool { return r != ' ' && r != '\t' })
	return lead >= 0 && p.Column > lead+1
}

// curlyQuotes are the typographic quotes a word processor, a web page or
// a chat message puts where a straight quote was typed ("smart quotes"),
// with the straight quote each stands for.
var curlyQuotes = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u2018", "'", "\u2019", "'")

// curlyQuoteMarks are the quotes curlyQuotes replaces.
const curlyQuoteMarks = "\u201c\u201d\u201e\u2018\u2019"

// curlyQuoted reports whether value, a value from where the parser refused
// it, starts with a curly quote. go-toml names its first byte as though it
// were a character of its own ("unexpected character U+00E2 'â'"), and
// "text goes in double quotes" told an operator who had written them so.
func curlyQuoted(value []byte) bool {
	r, _ := utf8.DecodeRune(value)
	return strings.ContainsRune(curlyQuoteMarks, r)
}

// curlyQuotesUnshown is curlyQuotesMessage for a value it does not show:
// one too long to quote, or a secret.
const curlyQuotesUnshown = "is written in curly quotes (\u201c \u201d), which TOML does not read as quotes; write straight double quotes (\") instead"

// curlyQuotesMessage says that value is written in curly quotes, and how
// it is written in straight ones.
func curlyQuotesMessage(value []byte) string {
	v := strings.TrimSpace(string(value))
	_, open := utf8.DecodeRuneInString(v)
	if i := strings.IndexAny(v[open:], curlyQuoteMarks); i >= 0 {
		// Up to its closing quote: not a list's "]" or a comment after it.
		_, closing := utf8.DecodeRuneInString(v[open+i:])
		v = v[:open+i+closing]
	}
	const most = 60 // a value that long is quoted by its start only
	if utf8.RuneCountInString(v) > most {
		return curlyQuotesUnshown
	}
	return fmt.Sprintf("is written in curly quotes (%s), which TOML does not read as quotes; write straight ones: %s", v, curlyQuotes.Replace(v))
}

// stubValue replaces a broken value that starts after the "=" of its line
// (the syntax error is at offset at, on the line from start to end) with
// "" and spaces, so that its key stays in the document and the problem can
// name it. It reports false when the error is not in a value or there is
// no room, and leaves doc alone.
func stubValue(doc []byte, at, start, end int) bool {
	eq := bytes.IndexByte(doc[start:end], '=')
	if eq < 0 || at <= start+eq || end-(start+eq+1) < 2 {
		return false
	}
	from := start + eq + 1
	blankOut(doc, from, end)
	doc[from], doc[from+1] = '"', '"'
	return true
}

// lineStarts is the byte offset of each line of doc.
func lineStarts(doc []byte) []int {
	starts := []int{0}
	for i, c := range doc {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineEnd is the offset of the end of 1-based line n, before its newline.
func lineEnd(doc []byte, lines []int, n int) int {
	if n < len(lines) {
		return lines[n] - 1
	}
	return len(doc)
}

// isHeader reports whether 1-based line n begins a table header.
func isHeader(doc []byte, lines []int, n int) bool {
	return bytes.HasPrefix(bytes.TrimLeft(doc[lines[n-1]:lineEnd(doc, lines, n)], " \t"), []byte("["))
}

// tableEnd is the offset where the table whose header is on 1-based line
// n ends: the start of the next header line, or the end of doc.
func tableEnd(doc []byte, lines []int, n int) int {
	for next := n + 1; next <= len(lines); next++ {
		if isHeader(doc, lines, next) {
			return lines[next-1]
		}
	}
	return len(doc)
}

// blankItem blanks an item of a list or an inline table with a comma
// beside it (the one after it, else the one before), so that what is left
// is still TOML: an inline table may not end with a comma.
func blankItem(doc []byte, v nestedValue) {
	from, to := v.itemStart, v.end
	next := to
	for next < len(doc) && (doc[next] == ' ' || doc[next] == '\t') {
		next++
	}
	if next < len(doc) && doc[next] == ',' {
		to = next + 1
	} else {
		prev := from - 1
		for prev >= 0 && strings.ContainsRune(" \t\r\n", rune(doc[prev])) {
			prev--
		}
		if prev >= 0 && doc[prev] == ',' {
			from = prev
		}
	}
	blankOut(doc, from, to)
}

// blankOut replaces doc[from:to] with spaces, keeping line breaks, so that
// offsets, lines and columns after it do not move.
func blankOut(doc []byte, from, to int) {
	for i := from; i < to && i < len(doc); i++ {
		if doc[i] != '\n' && doc[i] != '\r' {
			doc[i] = ' '
		}
	}
}

// environmentOnly names the variable of a secret the file may not hold
// (its field has no TOML key), given the key an operator would write it
// under.
func environmentOnly(key string) (string, bool) {
	for _, s := range secretVariables {
		if s.key == key && typeAt(key) == nil {
			return s.env, true
		}
	}
	return "", false
}

// unknownKeys turns go-toml's list of keys the Config does not have into
// problems with their paths and lines.
func unknownKeys(file string, idx *keyIndex, strict *toml.StrictMissingError) Problems {
	var ps Problems
	for _, e := range strict.Errors {
		line, col := e.Position()
		key, parts := keyString(e.Key()), []string(e.Key())
		if len(parts) > 0 {
			if k, kp, ok := idx.pathAt(line, col, parts[len(parts)-1]); ok {
				key, parts = k, kp
			}
		}
		msg := unknownKeyMessage(parts)
		if v, ok := environmentOnly(key); ok {
			msg = "is never read from the file: set " + v + " in the environment, and delete this line (a password does not belong in a file that is copied and backed up)"
		}
		ps = append(ps, Problem{
			File: file, Line: line, Column: col,
			Key:     key,
			Message: msg,
		})
	}
	return ps
}

// typeMismatch matches go-toml's message for a value of the wrong type.
var typeMismatch = regexp.MustCompile(`^cannot decode TOML (.+) into struct field \S+ of type (\S+)$`)

// decodeMessage rewrites a go-toml decode error about key for someone who
// knows the config file but not the Go types behind it.
func decodeMessage(msg, key string) string {
	msg = strings.TrimPrefix(msg, "toml: ")
	m := typeMismatch.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	var want string
	switch typ := m[2]; {
	case typ == "string":
		want = `text in "quotes"`
	case typ == "int", typ == "int64":
		want = "a whole number"
	case typ == "float64":
		want = "a number"
	case typ == "bool":
		want = "true or false"
	case typ == "[]string":
		want = `a list of text, such as ["a", "b"]`
	case typ == "config.Duration":
		want = `a quoted duration such as "30m"`
	case strings.HasPrefix(typ, "[]config."):
		return listMessage(key, "a TOML "+m[1])
	case strings.HasPrefix(typ, "config.") && isListOfTables(typeAt(key)):
		// An entry of a list of tables written as a value
		// (source = ["https://…"]).
		return fmt.Sprintf("must be a table with its own keys: write each entry under its own [[%s]] header (two brackets), not as a TOML %s", key, m[1])
	case strings.HasPrefix(typ, "config."):
		want = fmt.Sprintf("a table ([%s], with its keys on the lines below it)", key)
	default:
		return msg
	}
	return fmt.Sprintf("must be %s, not a TOML %s", want, m[1])
}

// unquotedScalar is what a key that refused text takes instead ("must be
// true or false"), when that is a value TOML writes without quotes: a
// boolean or a number. decodeMessage worded the refusal.
func unquotedScalar(refusal string) (string, bool) {
	want, ok := strings.CutSuffix(refusal, ", not a TOML string")
	switch {
	case !ok:
		return "", false
	case want == "must be true or false", want == "must be a whole number", want == "must be a number":
		return want, true
	}
	return "", false
}

// secretVariables are the environment variables that set secrets, each
// with its key, so tokens can stay out of the file.
var secretVariables = []struct {
	env, key string
	field    func(*Config) *string
}{
	{"SLACK_BOT_TOKEN", "slack.bot_token", func(c *Config) *string { return &c.Slack.BotToken }},
	{"SLACK_APP_TOKEN", "slack.app_token", func(c *Config) *string { return &c.Slack.AppToken }},
	{"SLACK_SIGNING_SECRET", "slack.signing_secret", func(c *Config) *string { return &c.Slack.SigningSecret }},
	{"DISCORD_BOT_TOKEN", "discord.bot_token", func(c *Config) *string { return &c.Discord.BotToken }},
	{"DISCORD_PUBLIC_KEY", "discord.public_key", func(c *Config) *string { return &c.Discord.PublicKey }},
	{"DISCORD_APPLICATION_ID", "discord.application_id", func(c *Config) *string { return &c.Discord.ApplicationID }},
	{"SMTP_PASSWORD", "email.password", func(c *Config) *string { return &c.Email.Password }}, // never in the file
}

// trimSecrets drops the white space around each secret the file sets, as
// applyEnv does for the environment's: a token pasted into the file carries
// a newline or spaces as often as one in an env file, and no token or
// secret has them. Kept, they fail only when `run` uses them (a signing
// secret that refuses every signed request, a token Slack or Discord
// refuses), long after check-config called the file valid.
func trimSecrets(c *Config) {
	for _, s := range secretVariables {
		f := s.field(c)
		*f = strings.TrimSpace(*f)
	}
}

// secretKey says whether key is one of secretVariables' keys, whose value
// no problem shows.
func secretKey(key string) bool {
	for _, s := range secretVariables {
		if s.key == key {
			return true
		}
	}
	return false
}

// applyEnv lets non-empty environment variables replace secrets
// (secretVariables). It returns the variable that set each key it
// replaced.
func applyEnv(c *Config, getenv func(string) string) map[string]string {
	if getenv == nil {
		return nil
	}
	set := map[string]string{}
	for _, s := range secretVariables {
		// Trimmed because values pasted into env files often carry a
		// stray newline or carriage return.
		if v := strings.TrimSpace(getenv(s.env)); v != "" {
			*s.field(c) = v
			set[s.key] = s.env
		}
	}
	return set
}
