// Command apitypes turns the requests the platform fakes received during a
// test run, and the adapters' answers to the platforms' requests (the
// wire log, wirelog.Env), into TypeScript declarations typed with the
// platforms' official API types — discord-api-types, @slack/web-api,
// @slack/bolt — so that the TypeScript compiler says whether every body
// the adapters send is one those types describe: no field they lack, no
// null where a field may only be left out, no value of another type. check.sh runs the whole audit; it needs
// node and npm, which the bot and its tests do not.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/internal/wirelog"
)

func main() {
	logPath := flag.String("log", "", "the wire log a test run wrote")
	outPath := flag.String("out", "", "the TypeScript file to write")
	flag.Parse()
	if *logPath == "" || *outPath == "" {
		fmt.Fprintln(os.Stderr, "usage: apitypes -log WIRE.jsonl -out FILE.ts")
		os.Exit(2)
	}
	if err := run(*logPath, *outPath); err != nil {
		slog.Error("apitypes", "err", err)
		os.Exit(1)
	}
}

func run(logPath, outPath string) error {
	in, err := os.Open(logPath)
	if err != nil {
		return fmt.Errorf("open the wire log: %w", err)
	}
	defer in.Close()
	decls, err := declarations(in)
	if err != nil {
		return fmt.Errorf("%s: %w", logPath, err)
	}
	if err := os.WriteFile(outPath, decls.source(), 0o644); err != nil {
		return fmt.Errorf("write the declarations: %w", err)
	}
	fmt.Printf("%d distinct Slack and %d distinct Discord request bodies written to %s\n",
		decls.count["slack"], decls.count["discord"], outPath)
	return nil
}

// A route is a kind of request and the official type of its body.
type route struct {
	platform, method string
	path             *regexp.Regexp
	typ              string // a type of typeModules, or of boltTypes
}

// routes are the requests with a body that the adapters make. A request
// with a body that none matches is an error: a new call must be given its
// type here, not go unchecked.
var routes = []route{
	{"discord", "POST", regexp.MustCompile(`^/api/v10/channels/[^/]+/messages$`), "RESTPostAPIChannelMessageJSONBody"},
	{"discord", "PATCH", regexp.MustCompile(`^/api/v10/channels/[^/]+/messages/[^/]+$`), "RESTPatchAPIChannelMessageJSONBody"},
	{"discord", "POST", regexp.MustCompile(`^/api/v10/interactions/[^/]+/[^/]+/callback$`), "RESTPostAPIInteractionCallbackJSONBody"},
	{"discord", "PATCH", regexp.MustCompile(`^/api/v10/webhooks/[^/]+/[^/]+/messages/@original$`), "RESTPatchAPIInteractionOriginalResponseJSONBody"},
	{"discord", "POST", regexp.MustCompile(`^/api/v10/webhooks/[^/]+/[^/]+$`), "RESTPostAPIInteractionFollowupJSONBody"},
	{"discord", "POST", regexp.MustCompile(`^/api/v10/users/@me/channels$`), "RESTPostAPICurrentUserCreateDMChannelJSONBody"},
	{"discord", "PUT", regexp.MustCompile(`^/api/v10/applications/[^/]+/commands$`), "RESTPutAPIApplicationCommandsJSONBody"},
	{"discord", "PUT", regexp.MustCompile(`^/api/v10/applications/[^/]+/guilds/[^/]+/commands$`), "RESTPutAPIApplicationGuildCommandsJSONBody"},
	{"slack", "POST", regexp.MustCompile(`^/api/chat\.postMessage$`), "ChatPostMessageArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/chat\.postEphemeral$`), "ChatPostEphemeralArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/chat\.update$`), "ChatUpdateArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/chat\.delete$`), "ChatDeleteArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/conversations\.history$`), "ConversationsHistoryArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/conversations\.open$`), "ConversationsOpenArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/conversations\.replies$`), "ConversationsRepliesArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/usergroups\.users\.list$`), "UsergroupsUsersListArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/users\.info$`), "UsersInfoArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/views\.open$`), "ViewsOpenArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/auth\.test$`), "AuthTestArguments"},
	{"slack", "POST", regexp.MustCompile(`^/api/apps\.connections\.open$`), "AppsConnectionsOpenArguments"},
}

// answers are the app's answers to the platform's requests (a Record's
// Answer), by the path the platform posted to. The Slack ones are typed
// as Bolt, Slack's own framework, types what an app acknowledges with.
var answers = []route{
	{"discord", "POST", regexp.MustCompile(`^/discord/interactions$`), "APIInteractionResponse"},
	{"slack", "POST", regexp.MustCompile(`^/slack/commands$`), "RespondArguments"},
	{"slack", "POST", regexp.MustCompile(`^/slack/interactions$`), "ViewResponseAction"},
	// The Events API's url_verification is answered with its challenge
	// as plain text: no type to check it against.
	{"slack", "POST", regexp.MustCompile(`^/slack/events$`), plainText},
}

// plainText is the "type" of an answer that is plain text, not JSON.
const plainText = ""

// responseURLType is the type of what the Slack fake receives outside its
// Web API (/api/): a post to a response_url, which takes what Bolt's
// respond() sends there. A Web API method no route names is not one.
const responseURLType = "RespondArguments"

// typeModules says which package declares the types of each platform's
// routes, and of Bolt's (boltTypes, the Slack types Bolt declares).
var (
	typeModules = map[string]string{
		"discord": "discord-api-types/v10",
		"slack":   "@slack/web-api",
		"bolt":    "@slack/bolt",
	}
	boltTypes = []string{"RespondArguments", "ViewResponseAction"}
)

// Slack's Web API takes form-encoded arguments: a boolean is "true" or
// "false" (slack-go sends some as "1" and "0"), a number in figures, and a
// structure (blocks, a view) as JSON. The official types describe the
// arguments as JSON values, so the form is read back into those.
var (
	slackJSONArgs   = []string{"blocks", "attachments", "metadata", "view"}
	slackBoolArgs   = []string{"include_all_metadata", "inclusive", "include_locale", "unfurl_links", "unfurl_media", "mrkdwn", "reply_broadcast", "link_names", "as_user", "return_im"}
	slackNumberArgs = []string{"limit"}
)

// decls are the distinct request bodies of a wire log, each with its type.
type decls struct {
	lines []string
	types map[string][]string // platform → the types used
	count map[string]int      // platform → distinct bodies
}

func declarations(r io.Reader) (*decls, error) {
	d := &decls{types: map[string][]string{}, count: map[string]int{}}
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		var rec wirelog.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if rec.Body == "" {
			continue // a GET or DELETE: nothing to type
		}
		typ, ok := typeOf(rec)
		if !ok && rec.Answer {
			return nil, fmt.Errorf("line %d: no official type is known for the answer to %s %s %s: add it to answers", n, rec.Platform, rec.Method, rec.Path)
		}
		if !ok {
			return nil, fmt.Errorf("line %d: no official type is known for %s %s %s: add its route", n, rec.Platform, rec.Method, rec.Path)
		}
		if typ == plainText {
			if strings.HasPrefix(rec.ContentType, "text/plain") {
				continue
			}
			return nil, fmt.Errorf("line %d: the answer to %s %s %s is %s, not plain text", n, rec.Platform, rec.Method, rec.Path, rec.ContentType)
		}
		value, err := bodyValue(rec)
		if err != nil {
			return nil, fmt.Errorf("line %d (%s %s): %w", n, rec.Method, rec.Path, err)
		}
		literal, err := json.MarshalIndent(value, "", "\t")
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if key := typ + "\x00" + string(literal); !seen[key] {
			seen[key] = true
			d.count[rec.Platform]++
			module := rec.Platform
			if slices.Contains(boltTypes, typ) {
				module = "bolt"
			}
			if !slices.Contains(d.types[module], typ) {
				d.types[module] = append(d.types[module], typ)
			}
			what := rec.Method + " " + rec.Path
			if rec.Answer {
				what = "answer to " + what
			}
			d.lines = append(d.lines, fmt.Sprintf("// %s %s\nexport const body%d: %s = %s;\n",
				rec.Platform, what, len(d.lines)+1, typ, literal))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(d.lines) == 0 {
		return nil, fmt.Errorf("no request with a body: was %s set for the test run?", wirelog.Env)
	}
	return d, nil
}

func typeOf(rec wirelog.Record) (string, bool) {
	if rec.Answer {
		return typeIn(answers, rec)
	}
	if typ, ok := typeIn(routes, rec); ok {
		return typ, true
	}
	if rec.Platform == "slack" && rec.Method == "POST" && !strings.HasPrefix(rec.Path, "/api/") {
		return responseURLType, true
	}
	return "", false
}

// typeIn is the type of the first of routes that rec takes.
func typeIn(routes []route, rec wirelog.Record) (string, bool) {
	for _, r := range routes {
		if r.platform == rec.Platform && r.method == rec.Method && r.path.MatchString(rec.Path) {
			return r.typ, true
		}
	}
	return "", false
}

// bodyValue is a request's body as the JSON value the official types
// describe.
func bodyValue(rec wirelog.Record) (any, error) {
	if strings.HasPrefix(rec.ContentType, "application/x-www-form-urlencoded") {
		form, err := url.ParseQuery(rec.Body)
		if err != nil {
			return nil, fmt.Errorf("form body: %w", err)
		}
		args := map[string]any{}
		for name, values := range form {
			if len(values) != 1 {
				return nil, fmt.Errorf("argument %q given %d times", name, len(values))
			}
			v := values[0]
			switch {
			case slices.Contains(slackJSONArgs, name):
				var structured any
				if err := json.Unmarshal([]byte(v), &structured); err != nil {
					return nil, fmt.Errorf("argument %q: %w", name, err)
				}
				args[name] = structured
			case slices.Contains(slackBoolArgs, name) && (v == "true" || v == "1"):
				args[name] = true
			case slices.Contains(slackBoolArgs, name) && (v == "false" || v == "0"):
				args[name] = false
			case slices.Contains(slackNumberArgs, name):
				args[name] = json.Number(v)
			default:
				args[name] = v
			}
		}
		return args, nil
	}
	dec := json.NewDecoder(strings.NewReader(rec.Body))
	dec.UseNumber()
	var value any
	if err := dec.Decode(&value); err != nil {
		return nil, fmt.Errorf("JSON body (content type %q): %w", rec.ContentType, err)
	}
	return value, nil
}

func (d *decls) source() []byte {
	var b bytes.Buffer
	b.WriteString("// Written by cmd/apitypes from a wire log; not edited by hand.\n")
	for _, module := range []string{"discord", "slack", "bolt"} {
		if types := d.types[module]; len(types) > 0 {
			slices.Sort(types)
			fmt.Fprintf(&b, "import type { %s } from '%s';\n", strings.Join(types, ", "), typeModules[module])
		}
	}
	for _, l := range d.lines {
		b.WriteString("\n" + l)
	}
	return b.Bytes()
}
