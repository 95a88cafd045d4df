package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/store"
)

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// migrateEmpty makes the database of cfg, with no readers, so that an
// export after a refused import shows that nothing came in (a refused
// import creates no database: TestRefusedSubscribersImportMakesNoDatabase).
func migrateEmpty(t *testing.T, cfg string) {
	t.Helper()
	if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatal(err)
	}
}

// TestSubscribersImportExportRemove: a file with bad rows imports nothing
// and names every one; a good file imports; export lists it; remove erases.
func TestSubscribersImportExportRemove(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	bad := writeFile(t, "bad.csv", "email,sectors\nana@example.org,health\nnot-an-address,\nben@example.org,helth\nANA@example.org,\n")
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", bad)
	if err == nil || !strings.Contains(err.Error(), "3 bad rows; nothing was imported") {
		t.Fatalf("import of a bad file: err = %v\n%s", err, out)
	}
	wantAll(t, "output", out, []string{"bad.csv:3: \"not-an-address\" is not an email address", "bad.csv:4: unknown sector \"helth\"",
		"bad.csv:5: A***@example.org is already on line 2"})
	exported, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export")
	if err != nil || strings.Count(exported, "\n") != 1 {
		t.Fatalf("after a refused import, export = %q, %v; want the header only", exported, err)
	}

	good := writeFile(t, "good.csv", "Ana@Example.org,Health; housing\nben@example.org\n\n")
	out, _, err = runCLI(t, "", "--config", cfg, "subscribers", "import", good)
	if err != nil || !strings.Contains(out, "2 imported, 0 already subscribed") {
		t.Fatalf("import = %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "", "--config", cfg, "subscribers", "import", good)
	if err != nil || !strings.Contains(out, "0 imported, 2 already subscribed") {
		t.Fatalf("second import = %v\n%s", err, out)
	}
	exported, _, err = runCLI(t, "", "--config", cfg, "subscribers", "export")
	if err != nil || !strings.Contains(exported, "Ana@Example.org,health;housing,confirmed,import,") ||
		!strings.Contains(exported, "ben@example.org,,confirmed,import,") {
		t.Fatalf("export = %v\n%s", err, exported)
	}
	// The export imports back as it is.
	back := writeFile(t, "export.csv", exported)
	if out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", back); err != nil || !strings.Contains(out, "2 already subscribed") {
		t.Errorf("re-importing the export = %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "", "--config", cfg, "subscribers", "remove", "ANA@example.org")
	if err != nil || !strings.Contains(out, "removed A***@Example.org") {
		t.Fatalf("remove = %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "subscribers", "remove", "ana@example.org"); err == nil ||
		!strings.Contains(err.Error(), "no reader has the address") {
		t.Errorf("removing twice: %v", err)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "subscribers", "frobnicate"); err == nil {
		t.Error("an unknown subscribers command was accepted")
	}
}

// TestStatusShowsEmailCountsToEditors: the console is an editor.
func TestStatusShowsEmailCounts(t *testing.T) {
	cfg, _ := writeConfig(t, "[email]\nenabled = true\nfrom = \"news@council.example\"\n")
	good := writeFile(t, "good.csv", "a@example.org\nb@example.org\n")
	if _, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", good); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "/shared status\n", "--config", cfg, "console")
	if err != nil || !strings.Contains(out, "Email readers: 2 confirmed, 0 awaiting confirmation, 0 unsubscribed, 0 stopped") {
		t.Fatalf("status = %v\n%s", err, out)
	}
	if strings.Contains(out, "a@example.org") {
		t.Error("status shows an address")
	}
}

// An address stored before today's checks (a local part longer than
// RFC 5321's 64 octets, which earlier versions took) can still be erased:
// an erasure request must find whatever the database holds.
func TestRemoveFindsAnAddressEarlierChecksTook(t *testing.T) {
	a := openTestApp(t, "", nil)
	old := strings.Repeat("a", 70) + "@example.org"
	if _, err := a.store.ImportSubscribers(context.Background(), []store.ImportedSubscriber{{Address: old}}); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := removeSubscriber(context.Background(), a.store, " "+strings.ToUpper(old)+" ", env{stdout: &out}); err != nil || !strings.Contains(out.String(), "removed "+email.Mask(old)) {
		t.Fatalf("remove = %v\n%s", err, out.String())
	}
	// A domain stored as A-labels, before sign-ups wrote it in its own script.
	idn := "ana@xn--mnchen-3ya.example"
	if _, err := a.store.ImportSubscribers(context.Background(), []store.ImportedSubscriber{{Address: idn}}); err != nil {
		t.Fatal(err)
	}
	if err := removeSubscriber(context.Background(), a.store, idn, env{stdout: &out}); err != nil || !strings.Contains(out.String(), "removed "+email.Mask(idn)) {
		t.Fatalf("remove %s = %v\n%s", idn, err, out.String())
	}
	if err := removeSubscriber(context.Background(), a.store, "not an address", env{stdout: &out}); err == nil || !strings.Contains(err.Error(), "is not an email address") {
		t.Errorf("removing a text that is no address and no reader's: %v", err)
	}
}

// TestRemoveFindsAnAddressStoredAsALabelsTypedInItsScript: a reader stored
// before sign-ups wrote a domain in its own script ("xn--mnchen-3ya") asks
// to be erased, writing their address as they know it ("münchen"): the
// operator types that, and the row is found and removed.
func TestRemoveFindsAnAddressStoredAsALabelsTypedInItsScript(t *testing.T) {
	a := openTestApp(t, "", nil)
	stored := "ana@xn--mnchen-3ya.example"
	if _, err := a.store.ImportSubscribers(context.Background(), []store.ImportedSubscriber{{Address: stored}}); err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{"ana@münchen.example", "Ana@MÜNCHEN.example"} {
		var out strings.Builder
		err := removeSubscriber(context.Background(), a.store, typed, env{stdout: &out})
		if typed == "ana@münchen.example" && (err != nil || !strings.Contains(out.String(), "removed "+email.Mask(stored))) {
			t.Fatalf("remove %s = %v\n%s", typed, err, out.String())
		}
		if typed != "ana@münchen.example" && (err == nil || !strings.Contains(err.Error(), "no reader has the address")) {
			t.Errorf("removed twice: %v", err)
		}
	}
}

// TestExportKeepsFormulasAsText: an address a spreadsheet would run as a
// formula ("=cmd@example.org" is a valid address anyone may sign up with)
// is exported as text, and the export still imports back as it is.
func TestExportKeepsFormulasAsText(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	in := writeFile(t, "in.csv", "email\n=cmd@example.org\n-ana@example.org\n+ben@example.org\n'cy@example.org\n")
	if out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", in); err != nil || !strings.Contains(out, "4 imported") {
		t.Fatalf("import = %v\n%s", err, out)
	}
	exported, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n'=cmd@example.org,", "\n'-ana@example.org,", "\n'+ben@example.org,", "\n''cy@example.org,"} {
		if !strings.Contains(exported, want) {
			t.Errorf("export has no %q:\n%s", want, exported)
		}
	}
	back := writeFile(t, "export.csv", exported)
	if out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", back); err != nil || !strings.Contains(out, "0 imported, 4 already subscribed") {
		t.Errorf("re-importing the export = %v\n%s", err, out)
	}
}

// TestExportRoundTripsAnApostrophe: an address that begins with an
// apostrophe and then a formula character ("'=dee@example.org", which
// /subscribe takes: both are atext) is exported so that importing the
// export gives the same address back, not "=dee@example.org", someone
// else's mailbox.
func TestExportRoundTripsAnApostrophe(t *testing.T) {
	a := openTestApp(t, "", nil)
	ctx := context.Background()
	addrs := []string{"'=dee@example.org", "''eve@example.org", "'fay@example.org", "=gus@example.org"}
	for _, addr := range addrs {
		if _, err := email.ParseAddress(addr); err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		if _, err := a.store.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: addr}}); err != nil {
			t.Fatal(err)
		}
	}
	var exported strings.Builder
	if err := exportSubscribers(ctx, a.store, &exported); err != nil {
		t.Fatal(err)
	}
	rows, problems, _, _ := readImport(strings.NewReader(exported.String()), "export.csv", a.bot.Sectors())
	if len(problems) > 0 {
		t.Fatalf("problems: %q", problems)
	}
	got := map[string]bool{}
	for _, r := range rows {
		got[r.address] = true
	}
	for _, addr := range addrs {
		if !got[addr] {
			t.Errorf("%s does not come back from the export:\n%s", addr, exported.String())
		}
	}
}

// TestSubscribersImportFromExcel: a CSV saved by Excel as "CSV UTF-8"
// starts with a byte order mark and ends its lines with CRLF; its header is
// still a header and every row imports. A folder named for the file is
// said to be one, not counted as a bad row.
func TestSubscribersImportFromExcel(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	excel := writeFile(t, "readers.csv", "\uFEFFEmail,Sectors\r\nana@example.org,health\r\nben@example.org,\r\n")
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", excel)
	if err != nil || !strings.Contains(out, "2 imported") {
		t.Fatalf("import of an Excel CSV = %v\n%s", err, out)
	}
	dir := t.TempDir()
	out, _, err = runCLI(t, "", "--config", cfg, "subscribers", "import", dir)
	if err == nil || strings.Contains(err.Error()+out, "bad row") || !strings.Contains(err.Error(), "folder") {
		t.Errorf("import of a folder = %v\n%s; want it said to be a folder", err, out)
	}
}

// A row with a stray double quote (a name typed with quotes, a formula
// pasted from a spreadsheet) is not CSV: it is reported with its line,
// the rows after it are still checked, and nothing is imported. The import
// used to crash on it.
func TestSubscribersImportReportsABareQuote(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	bad := writeFile(t, "quotes.csv", "email,sectors\nana@example.org,health\n=HYPERLINK(\"x\")@example.org,\nben@example.org,helth\n")
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", bad)
	if err == nil || !strings.Contains(err.Error(), "2 bad rows; nothing was imported") {
		t.Fatalf("import of a file with a bare quote: err = %v\n%s", err, out)
	}
	wantAll(t, "output", out, []string{"quotes.csv:3: not CSV", "quotes.csv:4: unknown sector \"helth\""})
	if exported, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export"); err != nil || strings.Count(exported, "\n") != 1 {
		t.Errorf("after a refused import, export = %q, %v; want the header only", exported, err)
	}
}

// A reader stored as A-labels ("ana@xn--mnchen-3ya.example", as imports
// and sign-ups kept it before ParseAddress wrote an internationalised
// domain one way) who has since unsubscribed is left out of an import
// that names them in either spelling, not subscribed again under a second
// row; and an erasure typed in the domain's own script finds them.
func TestImportAndRemoveFindAReaderStoredUnderALabels(t *testing.T) {
	cfg, db := writeConfig(t, "")
	if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	old := "ana@xn--mnchen-3ya.example"
	if _, err := st.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: old}}); err != nil {
		t.Fatal(err)
	}
	sub, err := st.SubscriberByAddress(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UnsubscribeSubscriber(ctx, sub.ID); err != nil {
		t.Fatal(err)
	}
	st.Close()

	for _, spelling := range []string{"ana@münchen.example", old} {
		file := writeFile(t, "again.csv", spelling+"\n")
		out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", file)
		if err != nil || !strings.Contains(out, "0 imported") {
			t.Errorf("import of %s, who unsubscribed = %v\n%s", spelling, err, out)
		}
	}
	exported, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export")
	if err != nil || strings.Count(exported, "\n") != 2 || !strings.Contains(exported, old+",,unsubscribed") {
		t.Errorf("after the import, export = %v\n%s; want the one reader, unsubscribed", err, exported)
	}
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "remove", "ana@münchen.example")
	if err != nil || !strings.Contains(out, "removed "+email.Mask(old)) {
		t.Errorf("remove ana@münchen.example = %v\n%s", err, out)
	}
}

// TestReadingCommandsRefuseAMissingDatabase: preview, subscribers export
// and subscribers remove, run with a bot.database that is not there (the
// wrong folder, the wrong --config), made an empty database and answered
// from it: "no reader has the address …; nothing was changed" to a data
// owner erasing a reader stored elsewhere, an empty export, "no draft
// edition yet". They now say the database is missing and create nothing.
func TestReadingCommandsRefuseAMissingDatabase(t *testing.T) {
	for _, args := range [][]string{
		{"preview"},
		{"subscribers", "export"},
		{"subscribers", "remove", "reader@example.org"},
	} {
		cfg, db := writeConfig(t, "")
		stdout, _, err := runCLI(t, "", append([]string{"--config", cfg}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "there is no database at "+db) {
			t.Errorf("%v on a missing database: %v, want it named as missing", args, err)
		}
		if stdout != "" {
			t.Errorf("%v on a missing database printed %q", args, stdout)
		}
		if _, statErr := os.Stat(db); !errors.Is(statErr, fs.ErrNotExist) {
			t.Errorf("%v on a missing database created it (%v)", args, statErr)
		}
	}
	// import may still start a database: readers added before the first run.
	cfg, db := writeConfig(t, "")
	csvFile := filepath.Join(t.TempDir(), "readers.csv")
	if err := os.WriteFile(csvFile, []byte("email\nreader@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", csvFile); err != nil {
		t.Fatalf("subscribers import into a new database: %v", err)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("subscribers import made no database: %v", err)
	}
}

// TestSubscribersImportOfNoAddressesIsRefused: an empty file, or a header
// alone (an export saved before it was filled), was "0 imported" and
// success, so the operator believed the old list was loaded; edition
// import already refuses an empty file. It now fails and says what the
// file needs.
func TestSubscribersImportOfNoAddressesIsRefused(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	for name, body := range map[string]string{"empty.csv": "", "header.csv": "email,sectors\r\n", "blank.csv": "\n\n"} {
		file := writeFile(t, name, body)
		out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", file)
		if err == nil || !strings.Contains(err.Error(), name+": no addresses in the file, so nothing was imported") {
			t.Errorf("import of %s: %v\n%s", name, err, out)
		}
	}
	// A file whose every reader is left out (unsubscribed in an export)
	// still says what it did and succeeds.
	file := writeFile(t, "left.csv", "email,state\nana@example.org,unsubscribed\n")
	if out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", file); err != nil || !strings.Contains(out, "1 left out") {
		t.Errorf("import of only readers left out: %v\n%s", err, out)
	}
}

// TestSubscribersImportNamesAnotherSeparator: a spreadsheet set for
// another locale saves "CSV" with semicolons (or tabs); every row was
// "not an email address" with no word on why. Each now says the columns
// seem separated by semicolons or tabs and how to save the file, and
// nothing is imported.
func TestSubscribersImportNamesAnotherSeparator(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	for name, tc := range map[string]struct{ body, sep string }{
		"semicolons.csv": {"email;sectors\r\nana@example.org;health\r\n", "semicolons"},
		"tabs.csv":       {"ana@example.org\thealth\n", "tabs"},
	} {
		file := writeFile(t, name, tc.body)
		out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", file)
		if err == nil || !strings.Contains(err.Error(), "nothing was imported") {
			t.Errorf("import of %s: %v", name, err)
		}
		if want := "the columns seem separated by " + tc.sep + ", not commas: save the file as CSV with commas"; !strings.Contains(out, want) {
			t.Errorf("import of %s said:\n%s\nwant %q", name, out, want)
		}
	}
	// An address that is wrong for another reason gets no such advice.
	file := writeFile(t, "plain.csv", "ana@example;health\n")
	out, _, _ := runCLI(t, "", "--config", cfg, "subscribers", "import", file)
	if strings.Contains(out, "separated by") {
		t.Errorf("a bad address was blamed on the separator:\n%s", out)
	}
	exported, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export")
	if err != nil || strings.Count(exported, "\n") != 1 {
		t.Errorf("after refused imports, export = %q, %v; want the header only", exported, err)
	}
}

// TestCommandsNameARelativeMissingDatabaseInFull: backup had its own check
// for a missing database, which gave a relative bot.database as written,
// leaving the operator to work out which folder it was looked for in; the
// reading commands named it in full. Every command that needs the
// database now says it the same way, the full path included.
func TestCommandsNameARelativeMissingDatabaseInFull(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("[bot]\ndatabase = \"news.db\"\n[feeds]\nsource = []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dir, "news.db")
	for name, args := range map[string][]string{
		"backup":             {"backup", filepath.Join(t.TempDir(), "copy.db")},
		"preview":            {"preview"},
		"subscribers export": {"subscribers", "export"},
	} {
		_, _, err := runCLI(t, "", append([]string{"--config", cfg}, args...)...)
		want := name + ": there is no database at news.db (" + full + "), so nothing was read or changed"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s on a missing relative database: %v; want %q", name, err, want)
		}
	}
	if _, err := os.Stat(full); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a command on a missing database created it (%v)", err)
	}
}

// TestRefusedSubscribersImportMakesNoDatabase: import may start a
// database, but it opened (and so created) one before reading the file: a
// file refused for a bad row, or for having no address, left an empty
// database at bot.database, which export and remove then answered from
// ("no reader has the address") instead of saying it was missing. A
// refused file now creates nothing; a good one still starts the database.
func TestRefusedSubscribersImportMakesNoDatabase(t *testing.T) {
	for name, body := range map[string]string{
		"bad.csv":   "ana@example\n",
		"empty.csv": "email,sectors\n",
	} {
		cfg, db := writeConfig(t, "")
		file := writeFile(t, name, body)
		if _, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", file); err == nil || !strings.Contains(err.Error(), "nothing was imported") {
			t.Errorf("import of %s: %v, want it refused", name, err)
		}
		if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("refused import of %s created the database (%v)", name, err)
		}
		_, _, err := runCLI(t, "", "--config", cfg, "subscribers", "remove", "ana@example.org")
		if err == nil || !strings.Contains(err.Error(), "there is no database at "+db) {
			t.Errorf("remove after the refused import of %s: %v, want the database named as missing", name, err)
		}
	}
}

// An export lists sign-ups still awaiting confirmation, and imports back
// (README). Such an address never consented, perhaps typed into the form
// by someone else: an import of the export (a move to a new database) must
// not make it a confirmed reader, mailed every edition, any more than it
// adds back one who unsubscribed.
func TestImportOfAnExportLeavesOutUnconfirmedSignUps(t *testing.T) {
	old := openTestApp(t, "", nil)
	ctx := context.Background()
	if _, err := old.store.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "ana@example.org"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := old.store.RecordSignUp(ctx, store.SignUp{Address: "pat@example.org", Window: time.Hour, PerWindow: 3}); err != nil {
		t.Fatal(err)
	}
	var exported strings.Builder
	if err := exportSubscribers(ctx, old.store, &exported); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(exported.String(), "pat@example.org,,pending,") {
		t.Fatalf("the export does not list the pending sign-up:\n%s", exported.String())
	}
	cfg, _ := writeConfig(t, "")
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", writeFile(t, "export.csv", exported.String()))
	if err != nil {
		t.Fatalf("import of the export = %v\n%s", err, out)
	}
	wantAll(t, "import output", out, []string{"export.csv:3: p***@example.org is awaiting confirmation in the file; left out",
		"1 imported, 0 already subscribed, 0 confirmed (were awaiting confirmation), 1 left out"})
	moved, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(moved, "pat@example.org") || !strings.Contains(moved, "ana@example.org,,confirmed,import,") {
		t.Errorf("after importing the export, the new database holds:\n%s\nwant ana confirmed and no pat", moved)
	}
}

// A list saved as UTF-16 (Excel's "Unicode Text", Windows PowerShell's
// `>` and Out-File) has a NUL byte beside every character: each row was
// reported as `"ana@example.org" is not an email address`, which reads as
// nonsense. The file is refused as a whole, saying how to save it.
func TestSubscribersImportOfUTF16SaysHowToSaveIt(t *testing.T) {
	text := "email,sectors\r\nana@example.org,health\r\nben@example.org,\r\n"
	for name, bigEndian := range map[string]bool{"le.csv": false, "be.csv": true} {
		body := []byte{0xFF, 0xFE}
		if bigEndian {
			body = []byte{0xFE, 0xFF}
		}
		for _, u := range utf16.Encode([]rune(text)) {
			if bigEndian {
				body = append(body, byte(u>>8), byte(u))
			} else {
				body = append(body, byte(u), byte(u>>8))
			}
		}
		cfg, db := writeConfig(t, "")
		out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", writeFile(t, name, string(body)))
		if err == nil || !strings.Contains(err.Error(), name+" is UTF-16 text") || !strings.Contains(err.Error(), "CSV UTF-8") {
			t.Errorf("import of %s: %v, want it named as UTF-16 with how to save it", name, err)
		}
		if strings.Contains(out, "is not an email address") {
			t.Errorf("import of %s blamed the addresses:\n%s", name, out)
		}
		if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("refused import of %s created the database (%v)", name, err)
		}
	}
}

// A file with one bad row says "1 bad row", not "1 bad row(s)", as the
// rest of the command line counts things.
func TestSubscribersImportCountsOneBadRow(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	bad := writeFile(t, "bad.csv", "email\nana@example.org\nnot-an-address\n")
	if _, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", bad); err == nil ||
		!strings.Contains(err.Error(), ": 1 bad row; nothing was imported") {
		t.Errorf("import of a file with one bad row: err = %v", err)
	}
}

// TestSubscribersImportSectorSlip: a sector mistyped in the file is named
// with the sector meant, as check-config and chat name it ("did you
// mean"), and one a prefix of several says which; both were only
// "unknown sector", with the list to search by eye.
func TestSubscribersImportSectorSlip(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	bad := writeFile(t, "slips.csv", "email,sectors\nana@example.org,helth\nben@example.org,hou;pr\n")
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", bad)
	if err == nil {
		t.Fatalf("import of a file with mistyped sectors succeeded:\n%s", out)
	}
	wantAll(t, "output", out, []string{`slips.csv:2: unknown sector "helth"; did you mean "health"? (sectors: local-government,`,
		`slips.csv:3: sector "pr" could be private-sector or highway-code`})
}

// TestSubscribersImportTakesTheAddressOutOfADisplayName: a row copied
// from a mail client's list ("Jane Doe <jane@example.org>") stores and
// exports the address alone, the name nowhere, also as a file's first row
// with no header; the same address in another row is the same reader.
func TestSubscribersImportTakesTheAddressOutOfADisplayName(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	file := writeFile(t, "names.csv", "\"\"\"Doe, Jane\"\" <jane@example.org>\",health\nBen Roe <ben@example.org>\n<cy@example.org>\n")
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", file)
	if err != nil || !strings.Contains(out, "3 imported") {
		t.Fatalf("import = %v\n%s", err, out)
	}
	exported, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export")
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "export", exported, []string{"\njane@example.org,health,confirmed,", "\nben@example.org,,confirmed,", "\ncy@example.org,,confirmed,"})
	if strings.ContainsAny(exported, "<>") || strings.Contains(exported, "Doe") || strings.Contains(exported, "Roe") {
		t.Errorf("a display name was kept:\n%s", exported)
	}
	again := writeFile(t, "again.csv", "email\nJane Doe <jane@example.org>\n")
	if out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", again); err != nil || !strings.Contains(out, "0 imported, 1 already subscribed") {
		t.Errorf("the same address under a name = %v\n%s", err, out)
	}
}
