package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store/storetest"
)

// classifyConfig writes a config whose database holds a decided story: the
// editor has filed a story about durians under housing.
func classifyConfig(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("[bot]\ndatabase = "+quote(db)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st := storetest.Open(t, db)
	var stories []digest.Story
	for i, h := range []string{"Durian growers share a depot"} {
		stories = append(stories, digest.Story{URL: fmt.Sprintf("https://example.org/%d", i), Headline: h, Sector: "housing", State: digest.StateApproved})
	}
	if err := st.AddStories(ctx, stories); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func runClassify(t *testing.T, cfg, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = cmdClassify(context.Background(), cfg, args, env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(string) string { return "" },
	})
	return out.String(), errOut.String(), err
}

func TestClassifyCommand(t *testing.T) {
	cfg := classifyConfig(t)
	input := strings.Join([]string{
		`{"headline":"NHS trusts share back-office services","summary":"Two hospital trusts merge payroll.","source":"HSJ"}`,
		`this is not json`,
		`{"headline":"Durian stall opens"}`,
		``,
		`[1, 2]`,
		`{"summary":"Police and fire share a control room"}`,
		`{"headline":"  ","source":"BBC"}`,
		`{"headline": 5}`,
		`{"headline":"Councils share a depot","hint":"police"} trailing`,
		`{"headline":"Apples and pears","hint":"health"}`,
		`{"headline":"Universities share student records"}`, // no newline at the end
	}, "\n")
	out, stderr, err := runClassify(t, cfg, input)
	if err == nil {
		t.Fatal("bad lines did not make the command fail")
	}
	var u usageError
	if errors.As(err, &u) {
		t.Errorf("bad input lines are not a usage error: %v", err)
	}
	if !strings.Contains(err.Error(), "5 of 10 lines") {
		t.Errorf("error %q does not count the bad lines", err)
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
	type line struct {
		Sector     string
		Confidence float64
		Words      []any
		Line       int
		Error      string
	}
	want := []line{
		{Sector: "health"},
		{Line: 2, Error: "line 2: not a JSON object"},
		{Sector: "housing"}, // learned from the database
		{Line: 5, Error: "line 5: not a JSON object"},
		{Sector: "blue-light"},
		{Line: 7, Error: "line 7: the story has no headline and no summary"},
		{Line: 8, Error: `line 8: not a valid story: "headline" must be text in quotes, not a number`},
		{Line: 9, Error: "line 9: not a valid story: invalid character 't' after top-level value"},
		{Sector: "health"}, // no known word: the hint decides
		{Sector: "education"},
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d output lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, raw := range lines {
		var got line
		if err := json.Unmarshal([]byte(raw), &got); err != nil {
			t.Errorf("output line %d is not JSON: %s", i+1, raw)
			continue
		}
		w := want[i]
		switch {
		case w.Error != "":
			if got.Line != w.Line || !strings.HasPrefix(got.Error, w.Error) || got.Sector != "" {
				t.Errorf("output line %d = %s, want an error for line %d starting %q", i+1, raw, w.Line, w.Error)
			}
		case got.Sector != w.Sector || got.Confidence <= 0 || got.Confidence > 1 || got.Error != "":
			t.Errorf("output line %d = %s, want sector %s", i+1, raw, w.Sector)
		case got.Words != nil:
			t.Errorf("output line %d has words without --explain: %s", i+1, raw)
		}
	}
}

func TestClassifyExplain(t *testing.T) {
	cfg := classifyConfig(t)
	out, _, err := runClassify(t, cfg, `{"headline":"NHS trusts share back-office services"}`+"\n"+`{"headline":"ذ ذ"}`+"\n", "--explain")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("output:\n%s", out)
	}
	var got struct {
		Sector     string
		Confidence float64
		Words      []struct {
			Word   string
			Weight float64
		}
	}
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	if got.Sector != "health" || len(got.Words) == 0 {
		t.Fatalf("got %s", lines[0])
	}
	words := map[string]bool{}
	for i, w := range got.Words {
		words[w.Word] = true
		if w.Weight <= 0 || i > 0 && w.Weight > got.Words[i-1].Weight {
			t.Errorf("words not in decreasing positive weight: %s", lines[0])
		}
	}
	if !words["nhs"] {
		t.Errorf("explanation does not name nhs: %s", lines[0])
	}
	// A story with no known word still has a list of words: the one
	// decided sector (housing) leads only by its share of past stories.
	if !strings.Contains(lines[1], `"sector":"housing"`) || !strings.Contains(lines[1], `"words":[{"word":"(sector's share of past stories)"`) {
		t.Errorf("no-evidence line = %s, want housing explained by the prior", lines[1])
	}
}

func TestClassifyUsage(t *testing.T) {
	cfg := classifyConfig(t)
	for _, args := range [][]string{{"--bogus"}, {"stories.jsonl"}} {
		_, _, err := runClassify(t, cfg, "", args...)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("classify %q: %v, want a usage error", args, err)
		}
	}
	out, _, err := runClassify(t, cfg, "\n\n")
	if err != nil || out != "" {
		t.Errorf("blank input: %q, %v; want no output and success", out, err)
	}
}

func TestClassifyLongLine(t *testing.T) {
	cfg := classifyConfig(t)
	long := `{"headline":"` + strings.Repeat("nhs ", maxClassifyLine/4) + `"}`
	out, _, err := runClassify(t, cfg, long+"\n"+`{"headline":"Police merger"}`+"\n")
	if err == nil {
		t.Error("a too-long line did not fail the run")
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"line":1`) || !strings.Contains(lines[0], "longer than") ||
		!strings.Contains(lines[1], `"sector":"blue-light"`) {
		t.Errorf("output:\n%.300s", out)
	}
}

// TestClassifyEval measures the model on the shared labelled data and
// prints the figures, a confusion matrix and calibration.
func TestClassifyEval(t *testing.T) {
	labelled := filepath.Join("..", "..", "..", "shared", "testdata", "sectors", "labelled-stories.json")
	digests := filepath.Join("..", "..", "..", "shared", "testdata", "digests")
	if _, err := os.Stat(labelled); err != nil {
		t.Skipf("no labelled stories: %v", err)
	}
	out, _, err := runClassify(t, classifyConfig(t), "", "--eval", "--labelled", labelled, "--digests", digests)
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "output", out, []string{"fresh database (configured keywords only):", "each story's own edition held out:",
		"Confusion, after import, held out", "expected calibration error (ECE):", "accuracy fresh=",
		"Every story of those editions, in its section's sector (",
		"by chance alone", "log loss:", "Wrong suggestions, fresh database:",
		"learning only the editions before its own:", "Right suggestions by the editor's sector (fresh; after import, held out; learning only earlier editions)"})
	t.Log("\n" + out)
	for _, args := range [][]string{{"--eval", "--labelled", "nowhere.json"}, {"--eval", "--digests", t.TempDir(), "--labelled", labelled}, {"--eval", "--explain"}} {
		if _, _, err := runClassify(t, classifyConfig(t), "", args...); err == nil {
			t.Errorf("classify %q: no error", args)
		}
	}
}

// TestClassifyEvalDev scores the development set, stories from no past
// edition, fresh and after importing every edition, and refuses one whose
// stories are from an imported edition (the model would have learned them).
func TestClassifyEvalDev(t *testing.T) {
	labelled := filepath.Join("..", "..", "..", "shared", "testdata", "sectors", "labelled-stories.json")
	digests := filepath.Join("..", "..", "..", "shared", "testdata", "digests")
	dev := filepath.Join("..", "..", "classify", "testdata", "dev-stories.json")
	if _, err := os.Stat(labelled); err != nil {
		t.Skipf("no labelled stories: %v", err)
	}
	out, _, err := runClassify(t, classifyConfig(t), "", "--eval", "--labelled", labelled, "--digests", digests, "--dev", dev)
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "output", out, []string{"Development set: the 138 labelled stories of", "fresh database:",
		"after importing all 5 editions:", "ECE 0.", "log loss ", "Wrong suggestions, development set, after import:",
		"Confusion, development set, after import", "Calibration, development set, after import",
		"dev accuracy fresh=", "Right suggestions by the editor's sector (development set: fresh; after import)"})
	t.Log("\n" + out[strings.Index(out, "Development set"):])
	_, _, err = runClassify(t, classifyConfig(t), "", "--eval", "--labelled", labelled, "--digests", digests, "--dev", labelled)
	if err == nil || !strings.Contains(err.Error(), "a development story must be from none") {
		t.Errorf("the labelled stories as a development set: %v, want a refusal", err)
	}
	if _, _, err := runClassify(t, classifyConfig(t), "", "--dev", dev); err == nil || !strings.Contains(err.Error(), "--dev is an option of --eval") {
		t.Errorf("--dev without --eval: %v", err)
	}
}

// TestClassifyMisspeltField: a story line whose field is a slip of one of
// the story's ("sumary") was classified without it, saying nothing; and
// a headline that is not text was refused in Go's words ("cannot
// unmarshal number into Go struct field storyLine.headline"). Each now
// gets an error line of its own; a feed entry's own fields ("link",
// "date") are let be.
func TestClassifyMisspeltField(t *testing.T) {
	cfg := classifyConfig(t)
	out, _, err := runClassify(t, cfg, `{"headline":"Police merger","sumary":"Two forces share a chief constable"}`+"\n"+
		`{"Headline":"Police merger","link":"https://example.org/","date":"2014-12-04"}`+"\n"+`{"headline":["Police"]}`+"\n")
	if err == nil {
		t.Error("a misspelt field did not fail the run")
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{`{"line":1,"error":"line 1: \"sumary\" is not a field of a story: did you mean \"summary\"?"}`, `"sector":"blue-light"`,
		`{"line":3,"error":"line 3: not a valid story: \"headline\" must be text in quotes, not a list"}`}
	if len(lines) != len(want) {
		t.Fatalf("output:\n%s", out)
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d: %s\nwant %s", i+1, lines[i], w)
		}
	}
}

// TestClassifyWithoutADatabaseMakesNone: classify only reads the database
// (the stories editors decided, which refine the sector model), but with
// none at bot.database it made one, migrated and empty, where it was run:
// in a checkout, a sharednews.db beside the code. Without one it suggests
// from the configured keywords alone, as an empty database would, and
// writes nothing.
func TestClassifyWithoutADatabaseMakesNone(t *testing.T) {
	cfg, db := writeConfig(t, "")
	out, stderr, err := runClassify(t, cfg, `{"headline":"NHS trusts share back-office services","summary":"Two hospital trusts merge payroll."}`+"\n")
	if err != nil || !strings.Contains(out, `"sector":"health"`) {
		t.Errorf("classify without a database: %v\n%s%s", err, out, stderr)
	}
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("classify made a database at %s (%v)", db, err)
	}
}

// TestClassifyCountsOneBadLineInTheSingular: "1 of 1 lines were not
// stories" is "1 of 1 line was not a story".
func TestClassifyCountsOneBadLineInTheSingular(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	for input, want := range map[string]string{
		"not json\n": "classify: 1 of 1 line was not a story",
		"not json\n" + `{"headline":"Councils share a depot"}` + "\n": "classify: 1 of 2 lines was not a story",
		"not json\n[1]\n": "classify: 2 of 2 lines were not stories",
	} {
		if _, _, err := runClassify(t, cfg, input); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %q", input, err, want)
		}
	}
}

// TestPrintBySector: the suggestions right for each of the editor's
// sectors, side by side for each way of measuring, and the sectors whose
// stories were never suggested right, which an editor would notice before
// any overall figure: four stories in "other", all suggested elsewhere,
// are lost in 90% right overall.
func TestPrintBySector(t *testing.T) {
	sectors := config.Default().DigestSectors()
	var fresh, later classify.Evaluation
	for range 36 {
		fresh.Predictions = append(fresh.Predictions, classify.Prediction{Want: "health", Got: "health"})
		later.Predictions = append(later.Predictions, classify.Prediction{Want: "health", Got: "health"})
	}
	for _, got := range []string{"health", "housing", "health", "leadership"} {
		fresh.Predictions = append(fresh.Predictions, classify.Prediction{Want: "other", Got: got})
	}
	later.Predictions = append(later.Predictions, classify.Prediction{Want: "other", Got: "other"}, classify.Prediction{Want: "housing", Got: "health"})
	var b strings.Builder
	printBySector(&b, "a test", sectors, []string{"fresh", "later"}, []classify.Evaluation{fresh, later})
	want := "Right suggestions by the editor's sector (a test)\n" +
		"  sector               fresh     later\n" +
		"  health               36/36     36/36\n" +
		"  housing                  -       0/1\n" +
		"  other                  0/4       1/1\n" +
		"  never right: housing (later); other (fresh)\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
