package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/internal/sentence"
	"github.com/sharednews/sharednews/store"
)

const subscribersUsage = `usage: sharednews subscribers import FILE.csv | export | remove ADDRESS | resend
  import FILE.csv   add readers who already consented, as confirmed (one address a row; an optional
                    second column of sectors separated by ";"); every bad row is reported with its
                    line and nothing is imported until there are none
  export            print every reader as CSV (address, sectors, state, source, dates, and a note
                    on a reader the bot never mails), for the data owner
  remove ADDRESS    delete the address altogether, with any mail not yet sent to it
  resend            send the latest edition's failed mails again, once what failed them is fixed
                    (email.from refused, the relay down); sent by sharednews run`

// cmdSubscribers is the editors' and data owner's tool for the email
// edition's readers.
func cmdSubscribers(ctx context.Context, path string, args []string, e env) error {
	if len(args) == 0 {
		return usageError{subscribersUsage}
	}
	verb, rest := args[0], args[1:]
	want := map[string]int{"import": 1, "export": 0, "remove": 1, "resend": 0}
	n, ok := want[verb]
	if !ok {
		return usageError{fmt.Sprintf("subscribers: unknown command %q\n%s", verb, subscribersUsage)}
	}
	if len(rest) != n {
		// One sentence in the operator's words, not "takes 1 argument(s)".
		said := map[string]string{
			"import": "subscribers import needs one argument: the CSV file of readers to add",
			"remove": "subscribers remove needs one argument: the email address to delete",
		}[verb]
		if n == 0 || len(rest) > n {
			said = fmt.Sprintf("subscribers %s takes %s, got %q", verb, map[int]string{0: "no arguments", 1: "one argument"}[n], rest)
		}
		return usageError{said + "\n" + subscribersUsage}
	}
	if verb == "import" {
		if bad := fileNameProblem(rest[0]); bad != "" {
			return usageError{"subscribers import: " + bad + "; nothing was imported\n" + subscribersUsage}
		}
	}
	cfg, err := loadConfig(path, e)
	if err != nil {
		return err
	}
	// import may start a database (readers added before the first run),
	// but only for a file it takes: a refused one leaves no empty
	// database behind, which export and remove would later answer from.
	// Export and remove only read or delete what is there.
	readOnly := "subscribers " + verb
	var rows []importRow
	leftOut := 0
	if verb == "import" {
		readOnly = ""
		if rows, leftOut, err = readImportFile(rest[0], cfg.DigestSectors(), e.stdout); err != nil {
			return err
		}
	}
	a, err := openForCommand(ctx, cfg, e, readOnly, verb == "export")
	if err != nil {
		return err
	}
	defer a.store.Close()
	switch verb {
	case "import":
		return importSubscribers(ctx, a, rest[0], rows, leftOut, e)
	case "export":
		return exportSubscribers(ctx, a.store, e.stdout)
	case "resend":
		return resendFailedMail(ctx, a.store, e)
	default:
		return removeSubscriber(ctx, a.store, rest[0], e)
	}
}

// importRow is one address read from an import file.
type importRow struct {
	line    int
	address string
	sectors []string
}

// readImport reads an import file: every problem, each with its line;
// the notes of rows left out; and what it did not read (ignoredColumns).
func readImport(r io.Reader, name string, sectors digest.Sectors) (rows []importRow, problems, notes, ignored []string) {
	// Excel's "CSV UTF-8" starts with a byte order mark, which would
	// make the header's first name "\ufeffEmail", not a header.
	br := bufio.NewReader(r)
	if mark, _ := br.Peek(3); string(mark) == "\uFEFF" {
		br.Discard(3)
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return nil, []string{fmt.Sprintf("%s: %v", name, err)}, nil, nil
	}
	// Excel for Mac's "CSV (Macintosh)" and older Mac programs end lines
	// with a carriage return alone, which encoding/csv keeps inside the
	// field: a whole file was read as one header row, its addresses said
	// to be ignored columns. A CRLF is one line end, as encoding/csv
	// reads it.
	data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	// The lines as written, for a row that is not CSV to be read with
	// another separator (otherSeparator).
	lines := strings.Split(string(data), "\n")
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	seen := map[string]int{}
	addrCol, sectorCol, stateCol := 0, 1, -1
	var extra ignoredColumns
	for first := true; ; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problem := fmt.Sprintf("%s:%d: not CSV: %v", name, pe.Line, pe.Err)
				if sep, ok := otherSeparator(lines[min(pe.StartLine, len(lines))-1]); ok {
					// Every cell quoted, and not separated by commas:
					// encoding/csv finds a quote where it wants a comma.
					problem = fmt.Sprintf("%s:%d: not CSV: %s", name, pe.StartLine, separatorAdvice(sep))
				}
				problems = append(problems, problem)
				if pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote {
					continue
				}
			} else {
				problems = append(problems, fmt.Sprintf("%s: %v", name, err))
			}
			break
		}
		// Only a record read whole has field positions: FieldPos panics
		// after a parse error.
		line, _ := cr.FieldPos(0)
		if first && isHeader(rec) {
			addrCol, sectorCol, stateCol = -1, -1, -1
			for i, h := range rec {
				switch headerColumn(h) {
				case "address":
					addrCol = i
				case "sectors":
					sectorCol = i
				case "state":
					stateCol = i
				}
			}
			if addrCol < 0 {
				problems = append(problems, fmt.Sprintf("%s:%d: the header names no address column (email or address)", name, line))
				return nil, problems, notes, nil
			}
			extra.header(rec, addrCol, sectorCol, stateCol)
			continue
		}
		field := func(i int) string {
			if i >= 0 && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		raw := field(addrCol)
		if raw == "" && len(strings.Join(rec, "")) == 0 {
			continue
		}
		if raw == "" {
			// A contacts export's contact without an address: quoting
			// back nothing ("" is not an email address) read as a fault
			// of the import.
			problems = append(problems, fmt.Sprintf("%s:%d: the row has no email address", name, line))
			continue
		}
		extra.row(rec, line)
		switch st := strings.ToLower(field(stateCol)); st {
		case string(store.SubscriberUnsubscribed), string(store.SubscriberStopped):
			notes = append(notes, fmt.Sprintf("%s:%d: %s is %s in the file; left out", name, line, email.Mask(raw), st))
			continue
		case string(store.SubscriberPending):
			// A sign-up nobody confirmed (the export lists them) has
			// not consented: imported, it would be mailed every edition.
			notes = append(notes, fmt.Sprintf("%s:%d: %s is awaiting confirmation in the file; left out", name, line, email.Mask(raw)))
			continue
		}
		if strings.HasPrefix(raw, "'") && spreadsheetText(raw[1:]) == raw {
			raw = raw[1:] // kept as text by exportSubscribers
		}
		addr, err := email.ParseAddress(raw)
		if err != nil {
			problem := fmt.Sprintf("%s:%d: %q is not an email address", name, line, digest.Shorten(digest.OneLine(raw), 60))
			if sep, ok := otherSeparator(raw); ok {
				// A spreadsheet set for another locale saves "CSV"
				// with semicolons (or tabs): every row failed with no
				// word on why.
				problem += "; " + separatorAdvice(sep)
			}
			problems = append(problems, problem)
			continue
		}
		if prev, dup := seen[store.AddressKey(addr)]; dup {
			problems = append(problems, fmt.Sprintf("%s:%d: %s is already on line %d", name, line, email.Mask(addr), prev))
			continue
		}
		seen[store.AddressKey(addr)] = line
		row := importRow{line: line, address: addr}
		bad := false
		for _, s := range strings.Split(field(sectorCol), ";") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			sec, err := sectors.Resolve(s)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s:%d: %s (sectors: %s)", name, line, sectorSlip(digest.Shorten(s, 40), err), slugList(sectors)))
				bad = true
				continue
			}
			if !slices.Contains(row.sectors, sec.Slug) {
				row.sectors = append(row.sectors, sec.Slug)
			}
		}
		if !bad {
			rows = append(rows, row)
		}
	}
	return rows, problems, notes, extra.said(name)
}

// ignoredColumns gathers what an import does not read: the columns a
// header names besides the address, sectors and state, and the cells of
// a row past the columns read (past the second without a header, past
// the header's last). The format is not strict (README: the export's own
// columns import back), so they are not refused; but the operator is
// told, rather than left believing a name or a date column was stored.
type ignoredColumns struct {
	named  []string // the header's names of columns not read
	width  int      // the columns a row may have: 2, or the header's
	rows   int      // rows with a cell past width
	first  int      // the line of the first of those
	headed bool     // the file has a header
}

// header notes the header rec, whose address, sectors and state columns
// are at the indexes given (-1 for none).
func (c *ignoredColumns) header(rec []string, read ...int) {
	c.headed, c.width = true, len(rec)
	for i, h := range rec {
		if h = strings.TrimSpace(h); h != "" && !slices.Contains(read, i) {
			c.named = append(c.named, h)
		}
	}
}

// row notes a row that has a cell past the columns read.
func (c *ignoredColumns) row(rec []string, line int) {
	width := c.width
	if !c.headed {
		width = 2
	}
	for _, cell := range rec[min(width, len(rec)):] {
		if strings.TrimSpace(cell) != "" {
			if c.rows++; c.rows == 1 {
				c.first = line
			}
			return
		}
	}
}

// said is what the import says of them, each sentence naming the file.
func (c *ignoredColumns) said(file string) []string {
	var out []string
	if len(c.named) > 0 {
		names := make([]string, len(c.named))
		for i, n := range c.named {
			names[i] = "“" + digest.Shorten(digest.OneLine(n), 40) + "”"
		}
		what := "the column " + names[0] + " was"
		if len(names) > 1 {
			what = "the columns " + bot.ListWords(names) + " were"
		}
		out = append(out, fmt.Sprintf("%s: %s ignored: import reads only email, sectors and state", file, what))
	}
	if c.rows == 0 {
		return out
	}
	rows, where := fmt.Sprintf("%d rows", c.rows), fmt.Sprintf("the first such row is line %d", c.first)
	if c.rows == 1 {
		rows, where = "one row", fmt.Sprintf("line %d", c.first)
	}
	if c.headed {
		return append(out, fmt.Sprintf("%s: %s had more columns than the header names: those were ignored (%s)", file, rows, where))
	}
	return append(out, fmt.Sprintf("%s: %s had more than two columns (an address and its sectors): the columns after the second were ignored (%s)",
		file, rows, where))
}

// otherSeparator reports whether row (a field read whole, or a line that
// is not CSV) is a row of another separator: read as CSV separated by
// semicolons or tabs, its cells quoted or not, its first cell is an
// address or the row a header.
func otherSeparator(row string) (string, bool) {
	for _, sep := range []struct {
		char rune
		name string
	}{{';', "semicolons"}, {'\t', "tabs"}} {
		r := csv.NewReader(strings.NewReader(row))
		r.Comma, r.TrimLeadingSpace = sep.char, true
		rec, err := r.Read()
		if err != nil || len(rec) < 2 {
			continue
		}
		if _, err := email.ParseAddress(strings.TrimSpace(rec[0])); err == nil || isHeader(rec) {
			return sep.name, true
		}
	}
	return "", false
}

// separatorAdvice is what an import says of a file whose columns seem
// separated by sep ("semicolons", "tabs").
func separatorAdvice(sep string) string {
	return "the columns seem separated by " + sep + `, not commas: save the file as CSV with commas (";" goes only between the sectors inside the second column)`
}

func isHeader(rec []string) bool {
	for _, h := range rec {
		if headerColumn(h) == "address" {
			return true
		}
	}
	return false
}

// headerColumn is what a header's column name says the column holds:
// "address", "sectors", "state", or "" for a column import does not
// read. Names are compared in lower case without spaces, hyphens and
// underscores, and the address column goes by the names address books
// export it under as well as the export's own ("email"): Outlook's
// "E-mail Address", Thunderbird's "Primary Email", Google Contacts'
// "E-mail 1 - Value". Unread, such a header was taken for a row, and
// every contact's first name reported as not an address.
func headerColumn(name string) string {
	key := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' {
			return -1
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(name))
	switch key {
	case "email", "address", "emailaddress", "primaryemail", "email1value":
		return "address"
	case "sectors", "sector":
		return "sectors"
	case "state":
		return "state"
	}
	return ""
}

func slugList(ss digest.Sectors) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Slug)
	}
	return strings.Join(out, ", ")
}

// readImportFile reads and checks the import file, printing its notes and
// every bad row on w, and returns the rows to import and how many were
// left out with a note; it fails, naming the file, when the file cannot be
// imported as a whole.
func readImportFile(file string, sectors digest.Sectors, w io.Writer) ([]importRow, int, error) {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, sentence.Errorf(err, "subscribers import: there is no file %s; check its name. Nothing was imported.", file)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("subscribers import: %w", err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, 0, fmt.Errorf("subscribers import: %s is a folder; name the CSV file", file)
	}
	br := bufio.NewReader(f)
	if start, _ := br.Peek(512); isUTF16(start) {
		// Read as UTF-8, every character has a NUL beside it, and each
		// row would be reported as an address that is not one.
		return nil, 0, fmt.Errorf("%s is UTF-16 text (as Excel's \"Unicode Text\" and Windows PowerShell save files), so nothing was imported: save it as \"CSV UTF-8\" and import it again", file)
	}
	rows, problems, notes, ignored := readImport(br, file, sectors)
	for _, n := range notes {
		fmt.Fprintln(w, n)
	}
	for _, n := range ignored {
		fmt.Fprintln(w, n)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(w, p)
		}
		them := "them"
		if len(problems) == 1 {
			them = "it"
		}
		return nil, 0, fmt.Errorf("%s: %s; nothing was imported: correct %s and import the file again", file,
			digest.Plural(len(problems), "bad row", "bad rows"), them)
	}
	if len(rows) == 0 && len(notes) == 0 {
		// An empty file, or a header alone, is almost always the wrong
		// file (an export saved before it was filled): "0 imported" and
		// success let the operator believe the list was loaded.
		return nil, 0, fmt.Errorf("%s: no addresses in the file, so nothing was imported; it needs one address a row, under an optional header naming the email column", file)
	}
	return rows, len(notes), nil
}

// isUTF16 reports whether start, a file's first bytes, is UTF-16: a byte
// order mark of UTF-16 (FF FE, FE FF), or a NUL byte, which no CSV of
// addresses holds and UTF-16 puts beside every ASCII character.
func isUTF16(start []byte) bool {
	return bytes.HasPrefix(start, []byte{0xFF, 0xFE}) || bytes.HasPrefix(start, []byte{0xFE, 0xFF}) || bytes.IndexByte(start, 0) >= 0
}

// importSubscribers stores the rows readImportFile read from file, of
// which leftOut more were left out there.
func importSubscribers(ctx context.Context, a *app, file string, rows []importRow, leftOut int, e env) error {
	in := make([]store.ImportedSubscriber, len(rows))
	for i, r := range rows {
		// A reader stored under the older spelling of the address is the
		// one to find: a second row would mail them twice, or mail them
		// again after they unsubscribed.
		// Only such an address needs looking up here: the store's import
		// finds any other by the address itself.
		addr := r.address
		if email.MaySpellOtherwise(addr) {
			var err error
			if addr, err = email.StoredAddress(ctx, a.store, addr); err != nil {
				return fmt.Errorf("subscribers import: %w", err)
			}
		}
		in[i] = store.ImportedSubscriber{Address: addr, Sectors: r.sectors}
	}
	outcomes, err := a.store.ImportSubscribers(ctx, in)
	if err != nil {
		return fmt.Errorf("subscribers import: %w", err)
	}
	var counts [4]int
	for i, o := range outcomes {
		counts[o]++
		if o == store.LeftOutUnsubscribed {
			fmt.Fprintf(e.stdout, "%s:%d: %s unsubscribed (or its mail was refused for good); left out\n", file, rows[i].line, email.Mask(rows[i].address))
		}
	}
	fmt.Fprintf(e.stdout, "%s: %d imported, %d already subscribed, %d confirmed (were awaiting confirmation), %d left out\n",
		file, counts[store.Imported], counts[store.AlreadySubscribed], counts[store.ConfirmedByImport], counts[store.LeftOutUnsubscribed]+leftOut)
	if !a.cfg.Email.Enabled {
		fmt.Fprintln(e.stdout, "note: email.enabled is false, so no edition is mailed until it is turned on")
	}
	return nil
}

// exportSubscribers writes every reader as CSV, for the data owner.
func exportSubscribers(ctx context.Context, st *store.Store, out io.Writer) error {
	subs, err := st.Subscribers(ctx)
	if err != nil {
		return err
	}
	w := csv.NewWriter(out)
	// The note says of a reader whom the sender skips whatever their
	// state (email.NotMailed) that no edition reaches them.
	w.Write([]string{"email", "sectors", "state", "source", "signed_up", "confirmed", "note"})
	for _, s := range subs {
		var note string
		if why := email.NotMailed(s.Address); why != "" {
			note = "not mailed: " + why
		}
		w.Write([]string{spreadsheetText(s.Address), strings.Join(s.Sectors, ";"), string(s.State), spreadsheetText(s.Source),
			isoDate(s.CreatedAt), isoDate(s.ConfirmedAt), note})
	}
	w.Flush()
	return w.Error()
}

// spreadsheetText keeps a cell that a spreadsheet would run as a formula
// as text: anyone may sign up as "=HYPERLINK(…)@example.org" (a valid
// address), and the data owner opens the export in Excel. Such a cell
// begins with an apostrophe, which spreadsheets hide and readImport drops
// (OWASP, "CSV Injection"). A cell that begins with an apostrophe of
// its own gets one more, or the spreadsheet would hide it and readImport
// drop it ("'=a@example.org" is a valid address, and not "=a@example.org").
func spreadsheetText(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r'", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func removeSubscriber(ctx context.Context, st *store.Store, address string, e env) error {
	addr, bad := email.ParseAddress(address)
	if bad != nil {
		addr = address // perhaps stored before today's checks (a longer local part): an erasure must still find it
	} else if stored, err := email.StoredAddress(ctx, st, addr); err != nil {
		return fmt.Errorf("subscribers remove: %w", err)
	} else {
		addr = stored // perhaps stored with its domain as A-labels
	}
	sub, err := st.RemoveSubscriber(ctx, addr)
	if typed := strings.TrimSpace(address); errors.Is(err, store.ErrNotFound) && bad == nil && typed != addr {
		// Stored as typed before ParseAddress wrote an internationalised
		// domain one way (full-width letters, a soft hyphen): an erasure
		// must find it as typed.
		sub, err = st.RemoveSubscriber(ctx, typed)
	}
	if errors.Is(err, store.ErrNotFound) && bad != nil {
		return fmt.Errorf("subscribers remove: %q is not an email address", digest.Shorten(digest.OneLine(address), 60))
	}
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("subscribers remove: no reader has the address %s; nothing was changed", email.Mask(addr))
	}
	if err != nil {
		return fmt.Errorf("subscribers remove: %w", err)
	}
	// Masked as the bot's log masks it (PRODUCT 11): what the commands
	// print ends up in scrollback, cron mail and pasted tickets, and the
	// operator knows which address they typed.
	fmt.Fprintf(e.stdout, "removed %s (%s): the address is no longer in the database, and no mail not yet sent will go to it\n", email.Mask(sub.Address), sub.State)
	return nil
}

// resendFailedMail puts the latest edition's failed mails back in the
// queue (store.ResendFailedMail). It sends nothing itself: the worker of
// `sharednews run` notices within a second or so, or sends them when it
// next starts, so that no mail is sent by two processes.
func resendFailedMail(ctx context.Context, st *store.Store, e env) error {
	r, err := st.ResendFailedMail(ctx)
	if err != nil {
		return fmt.Errorf("subscribers resend: %w", err)
	}
	switch {
	case r.Edition == 0:
		fmt.Fprintln(e.stdout, "no edition is published yet; nothing was changed")
	case r.Mails == 0:
		fmt.Fprintf(e.stdout, "edition %d has no failed mail to send again (a reader whose server refused the address is left out); nothing was changed\n", r.Edition)
	default:
		fmt.Fprintf(e.stdout, "edition %d: %s to send again; sharednews run sends them (a running one within a few seconds), each reader once\n",
			r.Edition, digest.Plural(r.Mails, "failed mail", "failed mails"))
	}
	return nil
}

// sectorSlip says what is wrong with a sector in a file of readers, from
// Resolve's error: the sector meant, when a slip of the keyboard is close
// to one, or the ones a short prefix could be, as check-config and chat
// say it; the caller adds the list.
func sectorSlip(typed string, err error) string {
	var unknown *digest.UnknownSectorError
	var ambiguous *digest.AmbiguousSectorError
	switch {
	case errors.As(err, &unknown) && unknown.Meant() != "":
		return fmt.Sprintf("unknown sector %q; did you mean %q?", typed, unknown.Meant())
	case errors.As(err, &ambiguous) && len(ambiguous.Candidates) > 1:
		n := len(ambiguous.Candidates)
		return fmt.Sprintf("sector %q could be %s or %s", typed, strings.Join(ambiguous.Candidates[:n-1], ", "), ambiguous.Candidates[n-1])
	}
	return fmt.Sprintf("unknown sector %q", typed)
}
