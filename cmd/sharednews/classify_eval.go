package main

import (
	"context"

	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/digest"
)

// Where `classify --eval` finds the labelled data by default: the shared
// test data beside the repository.
const (
	defaultLabelled = "../shared/testdata/sectors/labelled-stories.json"
	defaultDigests  = "../shared/testdata/digests"
)

// cmdClassifyEval answers `sharednews classify --eval`: the sector model's
// top-1 accuracy on the labelled stories for a fresh database (the
// configured keywords only) and after importing the past editions (each
// story classified by a model that learned every edition but its own), the
// confusion matrix and the calibration of the confidences. devPath, when
// set, names more labelled stories from no past edition (a development set)
// that are scored fresh and after importing every edition.
func cmdClassifyEval(ctx context.Context, path, labelledPath, digestsDir, devPath string, e env) error {
	cfg, err := loadConfig(path, e)
	if err != nil {
		return err
	}
	sectors := cfg.DigestSectors()
	labelled, err := readLabelledFile(labelledPath)
	if err != nil {
		return err
	}
	var dev []classify.Labelled
	if devPath != "" {
		if dev, err = readLabelledFile(devPath); err != nil {
			return err
		}
	}
	editions, order, files, err := readEditionExamples(ctx, digestsDir, sectors)
	if err != nil {
		return err
	}
	for _, d := range dev {
		// A story of an imported edition would be scored by a model that
		// learned it.
		if _, ok := editions[d.Edition]; ok {
			return fmt.Errorf("classify --eval: %s: %q is from edition %q of %s; a development story must be from none (score it with --labelled)", devPath, d.Headline, d.Edition, digestsDir)
		}
	}
	examples := make([]classify.Example, len(labelled))
	for i, l := range labelled {
		examples[i] = l.Example
		if _, ok := editions[l.Edition]; !ok {
			return fmt.Errorf("classify --eval: %q is from edition %q, which is in no file of %s", l.Headline, l.Edition, digestsDir)
		}
	}
	p := classify.DefaultParams()
	fresh := classify.Evaluate(classify.NewWithParams(sectors, p), examples)
	heldOut, err := classify.HeldOutByEdition(sectors, p, editions, labelled)
	if err != nil {
		return err
	}
	// As the bot suggests: from the editions before a story's only.
	forward, err := classify.HeldOutForward(sectors, p, editions, order, labelled)
	if err != nil {
		return err
	}
	// The whole archive, each story labelled by the section the editor put
	// it in: a wider measure than the labelled sample, when the archive
	// holds more than the sample.
	archiveStories := classify.ArchiveLabelled(editions)
	archive, err := classify.HeldOutByEdition(sectors, p, editions, archiveStories)
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "Sector suggestions for the %d labelled stories of %s\n", len(labelled), labelledPath)
	fmt.Fprintf(w, "  fresh database (configured keywords only):       %s\n", fresh)
	fmt.Fprintf(w, "  after importing the %d editions of %d files,\n", len(editions), files)
	fmt.Fprintf(w, "    each story's own edition held out:              %s\n", heldOut)
	_, forwardECE := forward.Calibration(0)
	fmt.Fprintf(w, "    learning only the editions before its own:      %s, ECE %.3f, log loss %.3f\n", forward, forwardECE, forward.LogLoss(0))
	fmt.Fprintf(w, "Every story of those editions, in its section's sector (%d, of which %d are labelled above),\n",
		len(archiveStories), labelledInArchive(labelled, archiveStories))
	fmt.Fprintf(w, "    each story's own edition held out:              %s, log loss %.3f\n", archive, archive.LogLoss(0))
	fmt.Fprintln(w)
	printConfusion(w, "after import, held out", heldOut, sectors)
	fmt.Fprintln(w)
	printBySector(w, "fresh; after import, held out; learning only earlier editions", sectors,
		[]string{"fresh", "held out", "earlier"}, []classify.Evaluation{fresh, heldOut, forward})
	fmt.Fprintln(w)
	printCalibration(w, "fresh database", fresh, p.Temperature, len(sectors))
	fmt.Fprintln(w)
	printCalibration(w, "after import, held out", heldOut, p.Temperature, len(sectors))
	fmt.Fprintf(w, "  temperature fitted on these predictions: %.2f; ECE with each edition's temperature fitted on the others: %.3f\n",
		classify.FitTemperature(heldOut.Predictions), heldOut.CrossFittedECE())
	fmt.Fprintln(w)
	printMisses(w, "fresh database", fresh)
	printMisses(w, "after import, held out", heldOut)
	fmt.Fprintf(w, "accuracy fresh=%.3f held-out=%.3f\n", fresh.Accuracy(), heldOut.Accuracy())
	if devPath != "" {
		if err := printDev(w, sectors, p, editions, dev, devPath); err != nil {
			return err
		}
	}
	return nil
}

// readLabelledFile reads the labelled stories of one JSON file.
func readLabelledFile(path string) ([]classify.Labelled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("classify --eval: labelled stories: %w", err)
	}
	defer f.Close()
	labelled, err := classify.ReadLabelled(f)
	if err != nil {
		return nil, fmt.Errorf("classify --eval: %s: %w", path, err)
	}
	return labelled, nil
}

// printDev scores the development set: on a fresh model, and on one that
// learned every story of the past editions, none of which is a
// development story.
func printDev(w io.Writer, sectors []digest.Sector, p classify.Params, editions map[string][]classify.Example, dev []classify.Labelled, devPath string) error {
	examples := make([]classify.Example, len(dev))
	for i, d := range dev {
		examples[i] = d.Example
	}
	fresh := classify.Evaluate(classify.NewWithParams(sectors, p), examples)
	// No development story is of an edition (cmdClassifyEval refuses
	// one), so holding out each story's own edition holds out none: each
	// is scored by the model that learned every edition.
	imported, err := classify.HeldOutByEdition(sectors, p, editions, dev)
	if err != nil {
		return fmt.Errorf("classify --eval: development set: %w", err)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Development set: the %d labelled stories of %s\n", len(dev), devPath)
	for _, r := range []struct {
		title string
		e     classify.Evaluation
	}{{"fresh database:", fresh}, {fmt.Sprintf("after importing all %d editions:", len(editions)), imported}} {
		_, ece := r.e.Calibration(0)
		fmt.Fprintf(w, "  %-36s %s, ECE %.3f, log loss %.3f\n", r.title, r.e, ece, r.e.LogLoss(0))
	}
	fmt.Fprintln(w)
	printConfusion(w, "development set, after import", imported, sectors)
	fmt.Fprintln(w)
	printBySector(w, "development set: fresh; after import", sectors, []string{"fresh", "imported"}, []classify.Evaluation{fresh, imported})
	fmt.Fprintln(w)
	printCalibration(w, "development set, after import", imported, p.Temperature, len(sectors))
	fmt.Fprintln(w)
	printMisses(w, "development set, after import", imported)
	fmt.Fprintf(w, "dev accuracy fresh=%.3f imported=%.3f\n", fresh.Accuracy(), imported.Accuracy())
	return nil
}

// labelledInArchive counts the labelled stories that are also stories of
// the archive (same edition and headline).
func labelledInArchive(labelled, archive []classify.Labelled) int {
	in := map[[2]string]bool{}
	for _, a := range archive {
		in[[2]string{a.Edition, digest.OneLine(a.Headline)}] = true
	}
	n := 0
	for _, l := range labelled {
		if in[[2]string{l.Edition, digest.OneLine(l.Headline)}] {
			n++
		}
	}
	return n
}

// printMisses lists the wrong suggestions of an evaluation.
func printMisses(w io.Writer, title string, e classify.Evaluation) {
	fmt.Fprintf(w, "Wrong suggestions, %s:\n", title)
	for _, m := range e.Misses {
		fmt.Fprintf(w, "  %-16s suggested %-16s %.2f  %s\n", m.Example.Sector, m.Got, m.Confidence, digest.OneLine(m.Example.Headline))
	}
}

// readEditionExamples parses every .txt file of dir as `sharednews import`
// would, and returns each edition's stories (by date line) as examples,
// and the editions' date lines oldest first.
func readEditionExamples(ctx context.Context, dir string, sectors []digest.Sector) (map[string][]classify.Example, []string, int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err == nil && len(files) == 0 {
		err = fs.ErrNotExist
	}
	if err != nil {
		return nil, nil, 0, fmt.Errorf("classify --eval: past editions in %s: %w", dir, err)
	}
	parser := archive.Parser{Sectors: digest.Sectors(sectors)}
	out := map[string][]classify.Example{}
	dates := map[string]time.Time{}
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, 0, err
		}
		file, err := parseImportFile(parser, name)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("classify --eval: %w", err)
		}
		// Stories in a section carry the editor's sector; a lead story's
		// sector was only guessed, and is no evidence.
		for _, pe := range file.Editions {
			ed := pe.Edition()
			dates[digest.DateLine(ed.Date)] = ed.Date
			for _, sec := range ed.Sections {
				out[digest.DateLine(ed.Date)] = append(out[digest.DateLine(ed.Date)], classify.StoryExamples(sec.Stories)...)
			}
		}
	}
	order := make([]string, 0, len(dates))
	for name := range dates {
		order = append(order, name)
	}
	sort.Slice(order, func(i, j int) bool { return dates[order[i]].Before(dates[order[j]]) })
	return out, order, len(files), nil
}

// printConfusion writes the confusion matrix, rows the editor's sectors and
// columns the suggestions, for the sectors that occur.
func printConfusion(w io.Writer, title string, e classify.Evaluation, sectors []digest.Sector) {
	conf := e.Confusion()
	used := map[string]bool{}
	for want, row := range conf {
		used[want] = true
		for got := range row {
			used[got] = true
		}
	}
	var slugs []string
	for _, s := range sectors {
		if used[s.Slug] {
			slugs = append(slugs, s.Slug)
		}
	}
	fmt.Fprintf(w, "Confusion, %s (rows: the editor's sector; columns: the suggestion)\n", title)
	fmt.Fprintf(w, "  %-17s", "")
	for _, s := range slugs {
		fmt.Fprintf(w, " %6.6s", s)
	}
	fmt.Fprintln(w)
	for _, want := range slugs {
		if conf[want] == nil {
			continue
		}
		fmt.Fprintf(w, "  %-17s", want)
		for _, got := range slugs {
			if n := conf[want][got]; n > 0 {
				fmt.Fprintf(w, " %6d", n)
			} else {
				fmt.Fprintf(w, " %6s", ".")
			}
		}
		fmt.Fprintln(w)
	}
}

// printBySector writes, for each sector the editor filed stories under,
// how many each evaluation suggested right, then the sectors some
// evaluation never suggested right: a sector whose stories all go
// elsewhere is what an editor notices first, and a figure over all
// sectors hides it when the sector is small.
func printBySector(w io.Writer, title string, sectors []digest.Sector, names []string, evals []classify.Evaluation) {
	confusions := make([]map[string]map[string]int, len(evals))
	for i, e := range evals {
		confusions[i] = e.Confusion()
	}
	fmt.Fprintf(w, "Right suggestions by the editor's sector (%s)\n", title)
	fmt.Fprintf(w, "  %-16s", "sector")
	for _, n := range names {
		fmt.Fprintf(w, " %9s", n)
	}
	fmt.Fprintln(w)
	var never []string
	for _, sec := range sectors {
		cells := make([]string, len(evals))
		var wrong []string // the evaluations that never got it right
		filed := false
		for i, conf := range confusions {
			row, ok := conf[sec.Slug]
			if !ok {
				cells[i] = "-"
				continue
			}
			filed = true
			total := 0
			for _, n := range row {
				total += n
			}
			cells[i] = fmt.Sprintf("%d/%d", row[sec.Slug], total)
			if row[sec.Slug] == 0 {
				wrong = append(wrong, names[i])
			}
		}
		if !filed {
			continue
		}
		if len(wrong) > 0 {
			never = append(never, fmt.Sprintf("%s (%s)", sec.Slug, strings.Join(wrong, ", ")))
		}
		fmt.Fprintf(w, "  %-16s", sec.Slug)
		for _, c := range cells {
			fmt.Fprintf(w, " %9s", c)
		}
		fmt.Fprintln(w)
	}
	if len(never) > 0 {
		fmt.Fprintf(w, "  never right: %s\n", strings.Join(never, "; "))
	}
}

// printCalibration writes how often suggestions were right at each level
// of confidence, the expected calibration error beside the error a
// perfectly calibrated model would show on as few stories, and the log
// loss.
func printCalibration(w io.Writer, title string, e classify.Evaluation, temperature float64, sectors int) {
	bins, ece := e.Calibration(0)
	_, raw := e.Calibration(1)
	fmt.Fprintf(w, "Calibration, %s (confidence at temperature %.2f)\n", title, temperature)
	fmt.Fprintf(w, "  %-11s %7s %9s %7s\n", "confidence", "stories", "mean", "right")
	sort.Slice(bins, func(i, j int) bool { return bins[i].Low < bins[j].Low })
	for _, b := range bins {
		fmt.Fprintf(w, "  %.1f–%.1f    %7d %9.2f %7.2f\n", b.Low, b.High, b.Count, b.MeanConfidence, b.Accuracy)
	}
	fmt.Fprintf(w, "  expected calibration error (ECE): %.3f (without the temperature: %.3f)\n", ece, raw)
	fmt.Fprintf(w, "  a perfectly calibrated model would show an ECE of %.3f on these %d stories by chance alone\n",
		e.ChanceECE(0), e.Total)
	fmt.Fprintf(w, "  log loss: %.3f nats a story (without the temperature: %.3f; guessing evenly: %.3f)\n",
		e.LogLoss(0), e.LogLoss(1), math.Log(float64(sectors)))
}
