package main

import (
	"strings"
	"testing"
)

// TestSubscribersImportSaysWhichColumnsItIgnored: the format takes an
// address and an optional column of sectors, or columns a header names
// (README); the rest of a row is not read. Import says so, with how many
// rows had more, rather than leave the operator believing a third column
// (a name, a date) was stored.
func TestSubscribersImportSaysWhichColumnsItIgnored(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	plain := writeFile(t, "plain.csv", "ana@example.org,health,Ana Smith\nben@example.org\ncy@example.org,,2019-01-02,London\ndi@example.org,housing,\n")
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", plain)
	if err != nil || !strings.Contains(out, "4 imported") {
		t.Fatalf("import = %v\n%s", err, out)
	}
	want := plain + ": 2 rows had more than two columns (an address and its sectors): the columns after the second were ignored (the first such row is line 1)"
	if !strings.Contains(out, want) {
		t.Errorf("import output lacks %q:\n%s", want, out)
	}

	headed := writeFile(t, "headed.csv", "Name,Email,Sectors,Phone\nAna,eve@example.org,health,0123\nBen,fay@example.org,,,extra\n")
	out, _, err = runCLI(t, "", "--config", cfg, "subscribers", "import", headed)
	if err != nil || !strings.Contains(out, "2 imported") {
		t.Fatalf("import = %v\n%s", err, out)
	}
	for _, want := range []string{
		headed + ": the columns “Name” and “Phone” were ignored: import reads only email, sectors and state",
		headed + ": one row had more columns than the header names: those were ignored (line 3)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}

	// A file of the two columns says nothing of the sort.
	two := writeFile(t, "two.csv", "gus@example.org,health\nhal@example.org,\n")
	if out, _, err = runCLI(t, "", "--config", cfg, "subscribers", "import", two); err != nil || strings.Contains(out, "ignored") {
		t.Errorf("import of two columns = %v\n%s", err, out)
	}
}

// TestSubscribersImportOfLinesEndedByCR: Excel for Mac's "CSV (Macintosh)"
// and older Mac programs end each line with a carriage return alone, which
// encoding/csv does not take for a line end: the whole file was read as
// one header row, its addresses reported as ignored columns and the file
// as holding none. Its rows import as any other file's, and a bad row is
// named by its own line.
func TestSubscribersImportOfLinesEndedByCR(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	bad := writeFile(t, "mac-bad.csv", "Email,Sectors\rana@example.org,health\rnot an address,\rben@example.org,\r")
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", bad)
	if err == nil || !strings.Contains(err.Error(), "1 bad row; nothing was imported") {
		t.Fatalf("import of a file with a bad row = %v\n%s", err, out)
	}
	wantAll(t, "output", out, []string{bad + `:3: "not an address" is not an email address`})
	if strings.Contains(out, "ignored") {
		t.Errorf("the rows were read as columns:\n%s", out)
	}

	good := writeFile(t, "mac.csv", "Email,Sectors\rana@example.org,health\rben@example.org,\r")
	out, _, err = runCLI(t, "", "--config", cfg, "subscribers", "import", good)
	if err != nil || !strings.Contains(out, "2 imported") {
		t.Fatalf("import of a file of CR line ends = %v\n%s", err, out)
	}
	exported, _, err := runCLI(t, "", "--config", cfg, "subscribers", "export")
	if err != nil || !strings.Contains(exported, "\nana@example.org,health,confirmed,") || !strings.Contains(exported, "\nben@example.org,,confirmed,") {
		t.Errorf("export after the import = %v\n%s", err, exported)
	}
}

// TestSubscribersImportOfAContactsExport: Outlook's contacts export names
// its address column "E-mail Address" (Thunderbird's "Primary Email",
// Google Contacts' "E-mail 1 - Value"), which the import did not take for
// a header: every row was reported as its first name not being an
// address, and nothing said why. Such a header is read, its address
// column imported; a contact with no address is a bad row that says so.
func TestSubscribersImportOfAContactsExport(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	for name, header := range map[string]string{"outlook.csv": `"First Name","Last Name","E-mail Address","E-mail 2 Address"`,
		"thunderbird.csv": "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email",
		"google.csv":      "Name,Given Name,E-mail 1 - Type,E-mail 1 - Value"} {
		var rows string
		for _, r := range [][]string{{"Ana", "ana@example.org"}, {"Ben", "ben@example.org"}} {
			switch name {
			case "outlook.csv":
				rows += `"` + r[0] + `","Smith","` + r[1] + `",""` + "\r\n"
			case "thunderbird.csv":
				rows += r[0] + ",Smith,,," + r[1] + ",\r\n"
			default:
				rows += r[0] + " Smith," + r[0] + ",* Home," + r[1] + "\r\n"
			}
		}
		out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", writeFile(t, name, header+"\r\n"+rows))
		if err != nil || !strings.Contains(out, ": 2 imported") && !strings.Contains(out, ": 0 imported, 2 already subscribed") {
			t.Errorf("import of %s = %v\n%s", name, err, out)
		}
	}
	noAddress := writeFile(t, "contacts.csv", "\"First Name\",\"E-mail Address\"\r\n\"Cy\",\"cy@example.org\"\r\n\"Di\",\"\"\r\n")
	out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", noAddress)
	if err == nil || !strings.Contains(err.Error(), "1 bad row; nothing was imported") {
		t.Fatalf("import of a contact without an address = %v\n%s", err, out)
	}
	wantAll(t, "output", out, []string{noAddress + ":3: the row has no email address"})
}

// TestSubscribersImportNamesTheSeparatorBetweenQuotedFields: a file saved
// with semicolons and every cell quoted (LibreOffice's "Quote all text
// cells", many a CRM's export) is not CSV to a reader that splits at
// commas, and each row was "not CSV: extraneous or missing \" in
// quoted-field", with no word on the separator that a file without the
// quotes is told of.
func TestSubscribersImportNamesTheSeparatorBetweenQuotedFields(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	migrateEmpty(t, cfg)
	for name, tc := range map[string]struct{ body, sep string }{
		"semicolons.csv": {"\"Email\";\"Sectors\"\r\n\"ana@example.org\";\"health\"\r\n", "semicolons"},
		"tabs.csv":       {"\"ana@example.org\"\t\"health\"\n", "tabs"},
	} {
		file := writeFile(t, name, tc.body)
		out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", file)
		if err == nil || !strings.Contains(err.Error(), "nothing was imported") {
			t.Errorf("import of %s: %v", name, err)
		}
		if want := file + ":1: not CSV: the columns seem separated by " + tc.sep + ", not commas: save the file as CSV with commas"; !strings.Contains(out, want) {
			t.Errorf("import of %s said:\n%s\nwant %q", name, out, want)
		}
	}
	// A stray quote in a file of commas is still only that.
	file := writeFile(t, "quote.csv", "email,sectors\nana@example.org,\"health\"x\n")
	if out, _, _ := runCLI(t, "", "--config", cfg, "subscribers", "import", file); strings.Contains(out, "separated by") || !strings.Contains(out, "quote.csv:2: not CSV") {
		t.Errorf("a stray quote was blamed on the separator:\n%s", out)
	}
}
