package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/digest"
)

// maxClassifyLine bounds one input line; a longer one is reported as an
// error and skipped, and the run goes on.
const maxClassifyLine = 1 << 20

// classifyUsage is the help for `sharednews classify`.
const classifyUsage = `classify [--explain]   suggest a sector for each story on stdin, one JSON object a line:
                         {"headline":"…","summary":"…","source":"…","hint":"…"} (source and hint optional);
                         prints {"sector":"health","confidence":0.83} a line; --explain adds the deciding words
classify --eval [--labelled FILE] [--digests DIR] [--dev FILE]
                         accuracy, confusion matrix and calibration on labelled stories (default
                         ` + defaultLabelled + ` and the past editions in ` + defaultDigests + `);
                         --dev also scores labelled stories from no past edition (such as
                         classify/testdata/dev-stories.json), fresh and after importing every edition`

// storyLine is one line of `sharednews classify` input.
type storyLine struct {
	Headline string `json:"headline"`
	Summary  string `json:"summary"`
	Source   string `json:"source"`
	Hint     string `json:"hint"` // a feed's sector hint, as in [[feeds.source]] sector
}

// suggestionLine is one line of output for a story.
type suggestionLine struct {
	Sector     string                 `json:"sector"`
	Confidence float64                `json:"confidence"`
	Words      *[]classify.WordWeight `json:"words,omitempty"`
}

// errorLine is one line of output for a line that is not a story.
type errorLine struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// cmdClassify answers `sharednews classify [--explain]`: it reads stories
// as JSON lines on stdin and writes one JSON line for each, with the sector
// the newswire would suggest, using the same model as the bot (the
// configured keywords plus every story approved or published in the
// database). A line that is not a story gets an error line naming its
// number and the run goes on; the command fails at the end if any did.
func cmdClassify(ctx context.Context, path string, args []string, e env) error {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	explain := fs.Bool("explain", false, "list the words that decided each suggestion")
	eval := fs.Bool("eval", false, "measure the model on labelled stories")
	labelled := fs.String("labelled", defaultLabelled, "labelled stories (JSON) for --eval")
	digests := fs.String("digests", defaultDigests, "folder of past editions (.txt) for --eval")
	dev := fs.String("dev", "", "labelled stories from no past edition (JSON) that --eval also scores")
	positional, err := parseFlags(fs, args)
	if errors.As(err, new(usageError)) {
		return usageError{err.Error() + "\n\n" + classifyUsage} // a flag given twice
	}
	if err != nil {
		return usageError{"classify: " + err.Error() + "\n\n" + classifyUsage}
	}
	if len(positional) > 0 {
		return usageError{fmt.Sprintf("classify takes no positional arguments, got %q; it reads stories on stdin\n\n%s", positional, classifyUsage)}
	}
	if *eval {
		if *explain {
			return usageError{"classify: --eval and --explain do not go together\n\n" + classifyUsage}
		}
		return cmdClassifyEval(ctx, path, *labelled, *digests, *dev, e)
	}
	if *dev != "" {
		return usageError{"classify: --dev is an option of --eval\n\n" + classifyUsage}
	}
	cfg, err := loadConfig(path, e)
	if err != nil {
		return err
	}
	// With no database the model is the configured keywords alone, as an
	// empty database's is, and none is made: classify only reads one.
	model := classify.New(cfg.DigestSectors())
	if databaseExists(cfg.Bot.Database) {
		a, err := openAppFor(ctx, cfg, quietLogger(e), true, false, false)
		if err != nil {
			return err
		}
		defer a.store.Close()
		// openAppFor built the model from the database: the one the
		// bot and the newswire use.
		model = a.model
	}
	stories, bad, err := classifyLines(ctx, model, e.stdin, e.stdout, *explain)
	if err != nil {
		return err
	}
	if bad > 0 {
		were, see := "were not stories", "lines"
		if bad == 1 {
			were, see = "was not a story", "line"
		}
		return fmt.Errorf("classify: %d of %s %s (see the error %s in the output)", bad, digest.Plural(stories+bad, "line", "lines"), were, see)
	}
	return nil
}

// classifyLines classifies each JSON line of in, writing a suggestion or an
// error line to out for each. Blank lines are skipped. It returns how many
// lines were classified and how many were not; err is for reading, writing
// or cancellation only.
func classifyLines(ctx context.Context, m *classify.Model, in io.Reader, out io.Writer, explain bool) (stories, bad int, err error) {
	r := bufio.NewReader(in)
	w := bufio.NewWriter(out)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return stories, bad, fmt.Errorf("classify: stopped at line %d: %w", n, err)
		}
		line, tooLong, readErr := readLine(r, maxClassifyLine)
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return stories, bad, fmt.Errorf("classify: read line %d: %w", n, readErr)
		}
		if tooLong || len(bytes.TrimSpace(line)) > 0 {
			var result any
			if in, problem := parseStoryLine(line, tooLong); problem != "" {
				bad++
				result = errorLine{Line: n, Error: fmt.Sprintf("line %d: %s", n, problem)}
			} else {
				stories++
				result = suggestion(m.Classify(in), explain)
			}
			if err := writeJSONLine(w, result); err != nil {
				return stories, bad, fmt.Errorf("classify: write: %w", err)
			}
		}
		if readErr != nil { // io.EOF, after the last line
			return stories, bad, nil
		}
	}
}

// parseStoryLine reads one non-blank input line, or says what is wrong
// with it.
func parseStoryLine(line []byte, tooLong bool) (classify.Input, string) {
	if tooLong {
		return classify.Input{}, fmt.Sprintf("longer than %d bytes", maxClassifyLine)
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 || line[0] != '{' {
		return classify.Input{}, `not a JSON object; write {"headline":"…","summary":"…"}`
	}
	var s storyLine
	if err := json.Unmarshal(line, &s); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			// Go's own words ("cannot unmarshal number into Go struct
			// field storyLine.headline of type string") name our types.
			got := map[string]string{"number": "a number", "array": "a list", "object": "an object", "bool": "true or false"}[typeErr.Value]
			return classify.Input{}, fmt.Sprintf("not a valid story: %q must be text in quotes, not %s", typeErr.Field, cmp.Or(got, typeErr.Value))
		}
		return classify.Input{}, "not a valid story: " + err.Error()
	}
	if why := misspeltStoryField(line); why != "" {
		return classify.Input{}, why
	}
	if strings.TrimSpace(s.Headline) == "" && strings.TrimSpace(s.Summary) == "" {
		return classify.Input{}, "the story has no headline and no summary"
	}
	return classify.Input{Headline: s.Headline, Summary: s.Summary, Source: s.Source, Hint: s.Hint}, ""
}

// misspeltStoryField says when a field of line is a slip of one of a
// story's fields (storyLine's: "sumary"): it was ignored, and the story classified
// without it. Other fields are let be, so that richer objects (a feed
// entry with its link and date) can be piped in as they are.
func misspeltStoryField(line []byte) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(line, &fields) != nil {
		return ""
	}
	storyFields := []string{"headline", "summary", "source", "hint"}
	// In order, so that a line with two slips is told of the same one on
	// every run.
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		key := strings.ToLower(name)
		if slices.Contains(storyFields, key) {
			continue
		}
		for _, want := range storyFields {
			// One slip in a short name, two in a longer: "link" is two
			// from "hint", and a feed entry's own field.
			if slips := 1 + len(key)/6; len(key) > 2 && digest.EditDistance(key, want) <= slips {
				return fmt.Sprintf("%q is not a field of a story: did you mean %q?", name, want)
			}
		}
	}
	return ""
}

func suggestion(r classify.Result, explain bool) suggestionLine {
	out := suggestionLine{Sector: r.Sector, Confidence: round(r.Confidence, 3)}
	if explain {
		words := make([]classify.WordWeight, len(r.Words))
		for i, w := range r.Words {
			words[i] = classify.WordWeight{Word: w.Word, Weight: round(w.Weight, 2)}
		}
		out.Words = &words
	}
	return out
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func writeJSONLine(w *bufio.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Write(b)
	w.WriteByte('\n')
	// Flush each line, so that a pipeline sees answers as they come.
	return w.Flush()
}

// readLine returns the next line of r without its newline. A line longer
// than limit is read to its end but returned empty, with tooLong set. At the
// end of input err is io.EOF, possibly with a last unterminated line.
func readLine(r *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > limit+1 { // +1: the newline
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimSuffix(line, []byte("\n")), tooLong, err
	}
}
