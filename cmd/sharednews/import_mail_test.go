package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mboxMail is one mail of an mbox as a mail program saves it: its "From "
// line, its header with the Subject given and the body's Content-Type
// and transfer encoding, and body as sent.
func mboxMail(subject, contentType, body string) string {
	return "From news@example.org Thu Jul 10 09:12:00 2014\nFrom: SSA News <news@example.org>\nTo: reader@example.org\n" +
		"Subject: " + subject + "\nDate: Thu, 10 Jul 2014 09:12:00 +0100\nMIME-Version: 1.0\n" +
		"Content-Type: " + contentType + "\n\n" + body + "\n\n"
}

// base64Lines is b in base64, in lines of 76 characters as mail programs
// send it.
func base64Lines(b []byte) []string {
	s := base64.StdEncoding.EncodeToString(b)
	var lines []string
	for len(s) > 76 {
		lines = append(lines, s[:76])
		s = s[76:]
	}
	return append(lines, s)
}

func readDigest(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realDigests, name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(data), "\r\n", "\n")
}

// An mbox of three mails, the real digests, whose second mail's base64
// text is broken on one line: before, the whole mbox was refused at its
// first line and nothing of it imported. Now that mail alone is refused,
// at the line of the file its base64 breaks on, the others are imported,
// the totals count the refused mail, and the run still fails.
func TestImportRefusesADamagedMailOfAnMboxAlone(t *testing.T) {
	second := base64Lines([]byte(readDigest(t, "2014-11-20-newsletter.txt")))
	second[4] = second[4][:20] + "!" + second[4][21:]
	mbox := mboxMail("News Summary 10 July", "text/plain; charset=utf-8", readDigest(t, "2014-07-10-newsletter.txt")) +
		mboxMail("News Summary 20 November", "text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", strings.Join(second, "\n")) +
		mboxMail("News Summary May", "text/plain; charset=utf-8", readDigest(t, "2014-05-newsletter.txt"))
	path := filepath.Join(t.TempDir(), "editions.mbox")
	if err := os.WriteFile(path, []byte(mbox), 0o600); err != nil {
		t.Fatal(err)
	}
	damaged := strings.Count(mbox[:strings.Index(mbox, second[4])], "\n") + 1
	cfg, _ := writeConfig(t, "")
	for _, dry := range []bool{true, false} {
		args, verb := []string{path}, "imported"
		if dry {
			args, verb = []string{"--dry-run", path}, "to import"
		}
		out, stderr, err := importCLI(t, cfg, args...)
		if err == nil || !strings.Contains(err.Error(), "1 edition refused") {
			t.Errorf("dry run %v: the run did not fail for the refused mail: %v", dry, err)
		}
		refusal := fmt.Sprintf(`%s:%d: "News Summary 20 November": the mail's text is not valid base64 (illegal base64 data at input byte `, path, damaged)
		if !strings.Contains(stderr, refusal) || !regexp.MustCompile(regexp.QuoteMeta(refusal)+`\d+\); the mail is damaged; nothing of this mail was imported\n`).MatchString(stderr) {
			t.Errorf("dry run %v: no refusal of the second mail at line %d:\n%s", dry, damaged, stderr)
		}
		if !strings.Contains(out, path+":"+fmt.Sprint(strings.Count(mbox[:strings.Index(mbox, "Thursday 10 July 2014")], "\n")+1)+": ") {
			t.Errorf("dry run %v: the first mail's edition is not reported at its date line:\n%s", dry, out)
		}
		if strings.Contains(out, "20 November 2014") {
			t.Errorf("dry run %v: something of the damaged mail was read:\n%s", dry, out)
		}
		if want := regexp.MustCompile(`total: 4 editions ` + verb + ` \(16 stories\), 0 already imported, \d+ with warnings, 1 refused`); !want.MatchString(out) {
			t.Errorf("dry run %v: closing line:\n%s\nwant %s", dry, out, want)
		}
	}
}

// A mail saved with its edition's text but no date line, whose Subject
// names the edition's date ("Shared News – 14 March 2024"), was refused
// ("no edition found"). Now it is imported, dated from its Subject and
// not from its Date header (when it was sent, or forwarded days later),
// and the line of the run that reports it says so.
func TestImportDatesAMailFromItsSubject(t *testing.T) {
	_, lines := undatedEdition(t)
	for subject, date := range map[string]string{
		"Shared News – 14 March 2024": "Thursday 14 March 2024",
		"#212 (March 2024)":           "Friday 1 March 2024",
	} {
		t.Run(subject, func(t *testing.T) {
			mail := strings.Replace(mboxMail(subject, "text/plain; charset=utf-8", strings.Join(lines, "\n")), "From news@example.org Thu Jul 10 09:12:00 2014\n", "", 1)
			path := filepath.Join(t.TempDir(), "edition.eml")
			if err := os.WriteFile(path, []byte(mail), 0o600); err != nil {
				t.Fatal(err)
			}
			at := strings.Count(mail[:strings.Index(mail, lines[0])], "\n") + 1
			cfg, _ := writeConfig(t, "")
			out, stderr, rendered := importedText(t, cfg, path)
			if want := fmt.Sprintf("%s:%d: imported edition 1 (%s): 5 stories in 3 sections; dated from the mail's Subject\n", path, at, date); !strings.Contains(out, want) {
				t.Errorf("output\n%s\nwant %q", out, want)
			}
			if want := fmt.Sprintf("%s:%d: warning: the mail has no date line: the edition is dated from the mail's Subject %q", path, at, subject); !strings.Contains(stderr, want) {
				t.Errorf("warnings\n%s\nwant %q", stderr, want)
			}
			wantInPreview(t, rendered, lines)
		})
	}
}

// Two mails saved as plain text from a mail client and joined in one
// file, each under its header written as text and with no date line:
// the second's header was blanked as debris and its Subject lost, and
// it was refused as an edition with no date after the first's footer.
// Now each is imported, dated from its Subject (not from its Sent line),
// and the run's line for each says so.
func TestImportDatesMailsSavedAsTextFromTheirSubjects(t *testing.T) {
	_, lines := undatedEdition(t)
	export := func(subject string) string {
		return "From: Jane Smith <jane@council.gov.uk>\nSent: Friday, 22 March 2024 09:12\nTo: Shared Services Network <network@council.gov.uk>\n" +
			"Subject: " + subject + "\n\n" + strings.Join(lines, "\n") + "\n"
	}
	first, second := export("Shared News – 14 March 2024"), export("Shared News – 21 March 2024")
	path := filepath.Join(t.TempDir(), "editions.txt")
	if err := os.WriteFile(path, []byte(first+"\n"+second), 0o600); err != nil {
		t.Fatal(err)
	}
	body := strings.Count(first[:strings.Index(first, lines[0])], "\n")
	cfg, _ := writeConfig(t, "")
	out, stderr, rendered := importedText(t, cfg, path)
	for n, want := range []string{
		fmt.Sprintf("%s:%d: imported edition 1 (Thursday 14 March 2024): 5 stories in 3 sections; dated from the mail's Subject\n", path, body+1),
		fmt.Sprintf("%s:%d: imported edition 2 (Thursday 21 March 2024): 5 stories in 3 sections; dated from the mail's Subject\n", path, strings.Count(first, "\n")+1+body+1),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("edition %d: output\n%s\nwant %q\nwarnings\n%s", n+1, out, want, stderr)
		}
	}
	wantInPreview(t, rendered, lines)
	if strings.Contains(rendered, "Jane Smith") || strings.Contains(rendered, "Sent:") {
		t.Errorf("the export's header is in the edition:\n%s", rendered)
	}
}

// An mbox of two mails: the edition, whose base64 text is broken, and a
// letter with no edition. Before, the file was refused as "no edition
// found" and the damaged mail was not mentioned, though it is why no
// edition was found. Now the run names both, each at its line: the
// damaged mail and why, and that the mail read holds no edition.
func TestImportNamesADamagedMailWhenNoOtherMailHoldsAnEdition(t *testing.T) {
	edition := base64Lines([]byte(readDigest(t, "2014-11-20-newsletter.txt")))
	edition[4] = edition[4][:20] + "!" + edition[4][21:]
	letter := "Dear members,\n\nThe newsletter will not be sent next week while the office moves.\n\nJane"
	mbox := mboxMail("News Summary 20 November", "text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", strings.Join(edition, "\n")) +
		mboxMail("Office move", "text/plain; charset=utf-8", letter)
	path := filepath.Join(t.TempDir(), "editions.mbox")
	if err := os.WriteFile(path, []byte(mbox), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _ := writeConfig(t, "")
	out, stderr, err := importCLI(t, cfg, "--dry-run", path)
	if err == nil {
		t.Fatalf("the run did not fail:\n%s%s", out, stderr)
	}
	for _, want := range []string{
		fmt.Sprintf(`%s:%d: "News Summary 20 November": the mail's text is not valid base64 (`, path, strings.Count(mbox[:strings.Index(mbox, edition[4])], "\n")+1),
		fmt.Sprintf("%s:%d: no edition found in the mails not refused: this is not the newsletter's plain-text form", path, strings.Count(mbox[:strings.Index(mbox, letter)], "\n")+1),
		"nothing from " + path + " was imported",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("errors\n%s\nwant %q", stderr, want)
		}
	}
}
