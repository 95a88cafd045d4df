package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/sharednews/sharednews/digest"
)

// badRequest is a parameter the archive cannot use, with the sentence that
// says why.
type badRequest struct{ reason string }

func (e badRequest) Error() string { return e.reason }

// maxPage bounds page numbers: far past any real archive, and small enough
// that an offset never overflows.
const maxPage = 1_000_000

// param returns the values of the query parameter name, in order. A value
// that cannot be decoded is refused, not dropped as url.Values drops it (so
// that ?page=%zz would be page 1); other parameters are not looked at.
func param(r *http.Request, name string) ([]string, error) {
	var vs []string
	for pair := range strings.SplitSeq(r.URL.RawQuery, "&") {
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		if key, err := url.QueryUnescape(rawKey); err != nil || key != name {
			continue
		}
		v, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, badRequest{fmt.Sprintf("The address’s “%s=%s” cannot be read: a %% sign must be written %%25.", name, echo(rawValue, 40))}
		}
		vs = append(vs, v)
	}
	return vs, nil
}

// pageNumber reads the optional page parameter: absent is page 1. A page
// number is ASCII digits, with any spaces around them dropped: a query's
// "+" is a space, so "page=+1" (a number written with its sign) and
// "page=%201" are page 1, where " 1" was refused quoting a space nobody
// typed. Anything else is refused, quoting what was given.
func pageNumber(r *http.Request) (int, error) {
	vs, err := param(r, "page")
	if err != nil {
		return 0, err
	}
	if len(vs) == 0 {
		return 1, nil
	}
	if len(vs) != 1 {
		return 0, badRequest{"Give one page number, not several."}
	}
	given := pageGiven(vs[0])
	if given == "" {
		return 0, badRequest{"The address gives page= without a number: pages are numbered from 1."}
	}
	digits := strings.TrimLeft(given, "0") // "007" is page 7, as it was
	n, ok := decimal(digits)
	if digest.AllDigits(given) && digits != "" && (!ok || n > maxPage) {
		// A page number past any archive's end is a page past the end,
		// however large: the list's 404 says so, as it does for one
		// just past it (it was a 400 from ten figures, a number too long
		// to read, where nine were a 404). maxPage+1 stands in for it.
		return maxPage + 1, nil
	}
	if !ok || n < 1 {
		return 0, badRequest{fmt.Sprintf("“%s” is not a page number: pages are numbered from 1.", echo(given, 40))}
	}
	return n, nil
}

// pageGiven is a page parameter's value without the spaces around it.
func pageGiven(v string) string { return strings.Trim(v, " ") }

// hugePage is the page number past maxPage that r asks for, as typed
// without its leading zeros and cut to a length a sentence can show.
func hugePage(r *http.Request) string {
	vs, _ := param(r, "page")
	if len(vs) != 1 {
		return strconv.Itoa(maxPage + 1)
	}
	return echo(strings.TrimLeft(pageGiven(vs[0]), "0"), 40)
}

// editionNumber reads the N of /editions/N. A number with leading zeros is
// valid but not canonical (the caller redirects); a number too long for any
// archive is valid and names no edition (huge is true).
func editionNumber(raw string) (n int, canonical, huge bool, err error) {
	if raw == "" || !digest.AllDigits(raw) {
		return 0, false, false, badRequest{fmt.Sprintf("“%s” is not an edition number: editions are numbered 1, 2, 3…, or found by their date, written as 2014-12-04.", echo(raw, 40))}
	}
	trimmed := raw
	for len(trimmed) > 1 && trimmed[0] == '0' {
		trimmed = trimmed[1:]
	}
	if len(trimmed) > 9 {
		return 0, true, true, nil
	}
	n, _ = strconv.Atoi(trimmed)
	return n, trimmed == raw, false, nil
}

// decimal parses plain ASCII digits only: no sign, space or underscore.
func decimal(s string) (int, bool) {
	if s == "" || len(s) > 9 || !digest.AllDigits(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// pageCount is how many pages of per items total fills (at least one).
func pageCount(total, per int) int {
	if total <= 0 {
		return 1
	}
	return (total + per - 1) / per
}
