package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
)

// TestRunLogsAndMetricsForOperators runs `sharednews run` with Slack in
// HTTP mode, answers commands (a known one, an unknown one, a refused one
// and a badly signed request), and reads what an operator's tools read:
// the log must be one JSON object a line, each with its time, level and
// message (PRODUCT.md section 7), and /metrics must be the Prometheus text
// exposition format, checked by the strict reader below rather than by the
// library that wrote it.
func TestRunLogsAndMetricsForOperators(t *testing.T) {
	const signing = "signing-secret"
	_, slackSrv := startSlack(t, slacktest.Options{BotToken: "xoxb-test"})
	addr := freeAddr(t)
	cfg, _ := writeConfig(t, fmt.Sprintf("[http]\nlisten = %q\n[slack]\nenabled = true\nmode = \"http\"\napi_url = %q\n",
		addr, slackSrv.URL+"/api/"))
	environ := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": signing}
	stderr, stop := runInBackgroundWith(t, cfg, addr, func(k string) string { return environ[k] })
	base := "http://" + addr

	slash := func(text string, sign bool) int {
		form := url.Values{"command": {"/shared"}, "text": {text}, "user_id": {"U1"}, "channel_id": {"C1"},
			"team_id": {"T1"}, "response_url": {slackSrv.URL + "/commands/T1/1/x"}}
		req := slashCommand(t, base+"/slack/commands", signing, form)
		if !sign {
			req.Header.Set("X-Slack-Signature", "v0=00")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, c := range []struct {
		text string
		sign bool
		code int
	}{{"news", true, 200}, {"sectors", true, 200}, {"frobnicate", true, 200}, {"publish", true, 200}, {"news", false, 401}} {
		if code := slash(c.text, c.sign); code != c.code {
			t.Errorf("/shared %s (signed %v): %d, want %d", c.text, c.sign, code, c.code)
		}
	}
	// The answers go out after the acknowledgement; wait for them to be
	// counted.
	var exposition string
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		exposition = string(b)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("/metrics: %s, Content-Type %q", resp.Status, resp.Header.Get("Content-Type"))
		}
		// Slack's Run, which marks it connected, starts beside the server.
		// Each command is answered on its own after its acknowledgement,
		// in no set order: wait for every one the test reads.
		counted := true
		for _, c := range []string{"news", "sectors", "unknown", "publish"} {
			counted = counted && strings.Contains(exposition, `sharednews_commands_total{command="`+c+`"`)
		}
		if counted && strings.Contains(exposition, `sharednews_chat_connected{platform="slack"} 1`) || i > 100 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	families, problems := parseExposition(exposition)
	for _, p := range problems {
		t.Error(p)
	}
	for name, want := range map[string]string{
		"sharednews_commands_total":           "counter",
		"sharednews_command_duration_seconds": "histogram",
		"sharednews_not_ready_total":          "counter",
		"sharednews_run_lock_lost_total":      "counter",
		"sharednews_disk_full_writes_total":   "counter",
		"sharednews_chat_connected":           "gauge",
	} {
		if f, ok := families[name]; !ok || f.typ != want {
			t.Errorf("/metrics: %s is %+v, want a %s", name, f, want)
		}
	}
	if got := families["sharednews_commands_total"].value(`command="unknown",outcome="refused"`); got != 1 {
		t.Errorf(`commands_total{command="unknown",outcome="refused"} = %v, want 1`, got)
	}
	// Slack in http mode has no connection to lose: it can reach the bot.
	if got := families["sharednews_chat_connected"].value(`platform="slack"`); got != 1 {
		t.Errorf(`chat_connected{platform="slack"} = %v, want 1 in http mode`, got)
	}
	if got := families["sharednews_commands_total"].value(`command="publish",outcome="refused"`); got != 1 {
		t.Errorf(`commands_total{command="publish",outcome="refused"} = %v, want 1 (a member may not publish)`, got)
	}

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	lines := 0
	sc := bufio.NewScanner(strings.NewReader(stderr.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines++
		var event map[string]any
		if err := json.Unmarshal(sc.Bytes(), &event); err != nil {
			t.Errorf("log line %d is not one JSON object (%v): %s", lines, err, sc.Text())
			continue
		}
		for _, k := range []string{"time", "level", "msg"} {
			if _, ok := event[k]; !ok {
				t.Errorf("log line %d has no %q: %s", lines, k, sc.Text())
			}
		}
	}
	if lines < 5 {
		t.Errorf("run logged %d lines:\n%s", lines, stderr.String())
	}
}

// TestParseExpositionRefuses: the reader above finds each kind of
// mistake, so that its silence on /metrics means something.
func TestParseExpositionRefuses(t *testing.T) {
	const good = "# HELP sharednews_a_total A.\n# TYPE sharednews_a_total counter\nsharednews_a_total{x=\"1\"} 2\n"
	if _, ps := parseExposition(good); len(ps) != 0 {
		t.Fatalf("a good exposition: %v", ps)
	}
	for name, text := range map[string]string{
		"no newline at the end":         strings.TrimSuffix(good, "\n"),
		"no TYPE":                       "# HELP sharednews_a_total A.\nsharednews_a_total 1\n",
		"a second HELP":                 "# HELP sharednews_a_total A.\n# HELP sharednews_a_total A.\n# TYPE sharednews_a_total counter\nsharednews_a_total 1\n",
		"a counter without _total":      "# HELP sharednews_a A.\n# TYPE sharednews_a counter\nsharednews_a 1\n",
		"a series twice":                good + "sharednews_a_total{x=\"1\"} 3\n",
		"labels in another order twice": "# HELP sharednews_a_total A.\n# TYPE sharednews_a_total counter\nsharednews_a_total{x=\"1\",y=\"2\"} 1\nsharednews_a_total{y=\"2\",x=\"1\"} 1\n",
		"a bad escape":                  "# HELP sharednews_a_total A.\n# TYPE sharednews_a_total counter\nsharednews_a_total{x=\"\\t\"} 1\n",
		"an unquoted label":             "# HELP sharednews_a_total A.\n# TYPE sharednews_a_total counter\nsharednews_a_total{x=1} 1\n",
		"a bad value":                   "# HELP sharednews_a_total A.\n# TYPE sharednews_a_total counter\nsharednews_a_total one\n",
		"another family's sample":       good + "sharednews_b_total 1\n",
		"a histogram without +Inf":      "# HELP sharednews_a_seconds A.\n# TYPE sharednews_a_seconds histogram\nsharednews_a_seconds_bucket{le=\"1\"} 1\nsharednews_a_seconds_sum 1\nsharednews_a_seconds_count 1\n",
		"a duration not in seconds":     "# HELP sharednews_x_duration_ms A.\n# TYPE sharednews_x_duration_ms gauge\nsharednews_x_duration_ms 1\n",
		"an empty line":                 good + "\n",
	} {
		if _, ps := parseExposition(text); len(ps) == 0 {
			t.Errorf("%s: no problem found in %q", name, text)
		}
	}
}

// family is one metric family of an exposition.
type family struct {
	typ     string
	help    bool
	samples map[string]float64 // sample name and labels, as written → value
}

// value is the sample of the family's own name with these labels.
func (f family) value(labels string) float64 {
	for k, v := range f.samples {
		if strings.HasSuffix(k, "{"+labels+"}") && !strings.Contains(k, "_bucket{") {
			return v
		}
	}
	return math.NaN()
}

var (
	metricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelName  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// parseExposition reads the Prometheus text format (version 0.0.4)
// strictly: every line a HELP, a TYPE or a sample; one HELP and one TYPE
// per family, before its samples; names and label names well formed;
// label values quoted with only \\, \" and \n escaped; values that parse;
// no series twice; counters named _total, histograms with their _bucket
// (an +Inf one), _sum and _count; this program's metrics prefixed
// sharednews_ and its durations in seconds.
func parseExposition(text string) (map[string]family, []string) {
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	families := map[string]family{}
	seen := map[string]bool{}
	var current string
	if !strings.HasSuffix(text, "\n") {
		errorf("the exposition does not end with a newline")
	}
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		fail := func(format string, args ...any) {
			errorf("/metrics line %d %q: %s", n+1, line, fmt.Sprintf(format, args...))
		}
		switch {
		case line == "":
			fail("empty line")
		case strings.HasPrefix(line, "# HELP "), strings.HasPrefix(line, "# TYPE "):
			fields := strings.SplitN(line[len("# HELP "):], " ", 2)
			name := fields[0]
			if !metricName.MatchString(name) || len(fields) != 2 || fields[1] == "" {
				fail("a malformed comment")
				continue
			}
			f := families[name]
			if f.samples == nil {
				f.samples = map[string]float64{}
			}
			if len(f.samples) > 0 {
				fail("after the family's samples")
			}
			if strings.HasPrefix(line, "# HELP ") {
				if f.help {
					fail("a second HELP")
				}
				f.help = true
			} else {
				if f.typ != "" {
					fail("a second TYPE")
				}
				f.typ = fields[1]
				if !slices.Contains([]string{"counter", "gauge", "histogram", "summary", "untyped"}, f.typ) {
					fail("an unknown type")
				}
			}
			families[name], current = f, name
		case strings.HasPrefix(line, "#"):
			fail("a comment that is neither HELP nor TYPE")
		default:
			name, labels, value := splitSample(line)
			if name == "" {
				fail("not a sample")
				continue
			}
			f, ok := families[current]
			if !ok || !f.help || f.typ == "" {
				fail("a sample with no HELP and TYPE above it")
				continue
			}
			owner := current
			switch f.typ {
			case "histogram":
				ok = slices.Contains([]string{owner + "_bucket", owner + "_sum", owner + "_count"}, name)
			case "summary":
				ok = slices.Contains([]string{owner, owner + "_sum", owner + "_count"}, name)
			default:
				ok = name == owner
			}
			if !ok {
				fail("a sample of another family than %s", owner)
			}
			canonical, err := readLabels(labels)
			if err != nil {
				fail("labels: %v", err)
				continue
			}
			series := name + "{" + canonical + "}"
			if seen[series] {
				fail("a series written twice")
			}
			seen[series] = true
			fields := strings.Fields(value)
			if len(fields) < 1 || len(fields) > 2 {
				fail("a value and at most a timestamp")
				continue
			}
			v, err := strconv.ParseFloat(fields[0], 64)
			if err != nil {
				fail("value: %v", err)
			}
			f.samples[series] = v
		}
	}
	for name, f := range families {
		if !f.help || f.typ == "" {
			errorf("/metrics: %s lacks its HELP or TYPE", name)
		}
		if f.typ == "counter" && !strings.HasSuffix(name, "_total") {
			errorf("/metrics: the counter %s does not end in _total", name)
		}
		if f.typ == "histogram" {
			inf := false
			for series := range f.samples {
				inf = inf || strings.Contains(series, `le="+Inf"`)
			}
			if !inf && len(f.samples) > 0 {
				errorf("/metrics: the histogram %s has no +Inf bucket", name)
			}
		}
		if strings.HasPrefix(name, "sharednews_") && strings.Contains(name, "duration") && !strings.HasSuffix(name, "_seconds") {
			errorf("/metrics: %s is a duration not in seconds", name)
		}
		if !strings.HasPrefix(name, "sharednews_") && !strings.HasPrefix(name, "go_") && !strings.HasPrefix(name, "process_") &&
			!strings.HasPrefix(name, "promhttp_") {
			errorf("/metrics: %s has no sharednews_ prefix", name)
		}
	}
	return families, problems
}

// splitSample cuts a sample line into its name, the text between its
// braces, and the rest.
func splitSample(line string) (name, labels, rest string) {
	i := strings.IndexAny(line, "{ ")
	if i <= 0 || !metricName.MatchString(line[:i]) {
		return "", "", ""
	}
	name = line[:i]
	if line[i] == ' ' {
		return name, "", line[i+1:]
	}
	// Find the closing brace outside quotes.
	quoted := false
	for j := i + 1; j < len(line); j++ {
		switch c := line[j]; {
		case quoted && c == '\\':
			j++
		case c == '"':
			quoted = !quoted
		case !quoted && c == '}':
			if j+1 >= len(line) || line[j+1] != ' ' {
				return "", "", ""
			}
			return name, line[i+1 : j], line[j+2:]
		}
	}
	return "", "", ""
}

// readLabels checks name="value" pairs separated by commas and returns
// them sorted, so that the same labels in another order are one series.
func readLabels(s string) (string, error) {
	var pairs []string
	names := map[string]bool{}
	for s != "" {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 || !labelName.MatchString(s[:eq]) {
			return "", fmt.Errorf("a bad label name in %q", s)
		}
		name := s[:eq]
		if names[name] {
			return "", fmt.Errorf("label %s twice", name)
		}
		names[name] = true
		s = s[eq+1:]
		if !strings.HasPrefix(s, `"`) {
			return "", fmt.Errorf("label %s is not quoted", name)
		}
		j := 1
		for ; j < len(s) && s[j] != '"'; j++ {
			if s[j] == '\n' {
				return "", fmt.Errorf("a raw line break in label %s", name)
			}
			if s[j] == '\\' {
				j++
				if j >= len(s) || !strings.ContainsRune(`\"n`, rune(s[j])) {
					return "", fmt.Errorf(`label %s escapes something other than \\, \" or \n`, name)
				}
			}
		}
		if j >= len(s) {
			return "", fmt.Errorf("label %s is not closed", name)
		}
		pairs = append(pairs, name+`="`+s[1:j]+`"`)
		s = s[j+1:]
		if s != "" {
			if s[0] != ',' {
				return "", fmt.Errorf("labels not separated by commas")
			}
			s = s[1:]
		}
	}
	slices.Sort(pairs)
	return strings.Join(pairs, ","), nil
}
