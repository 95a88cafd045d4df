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
