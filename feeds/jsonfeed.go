package feeds

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	jsonfeed "github.com/mmcdole/gofeed/json"
)

// jsonFeedVersion matches the version URL of every JSON Feed version
// ("https://jsonfeed.org/version/1", ".../1.1"), written with http or
// https, with or without "www." and a final slash; and the bare version
// numbers of JSON Feed 1 ("1", "1.0", "1.1"), which some publishers write
// instead and other feed readers (gofeed among them) accept.
var jsonFeedVersion = regexp.MustCompile(`^(https?://(www\.)?jsonfeed\.org/version/[0-9]+(\.[0-9]+)*/?|1(\.[0-9]+)?)$`)

// parseJSONFeed reads a JSON Feed (1.0 or 1.1) in UTF-8. Only the first
// MaxEntries items are decoded; the others are counted. An item that is
// not an object is left out and counted rather than failing the feed, and
// an item's fields of the wrong types are left out of it (jsonItem).
func parseJSONFeed(body []byte) (*parsedFeed, error) {
	if !json.Valid(body) {
		// Decoded only to be told where and why it is not JSON.
		var skip struct{}
		err := json.Unmarshal(body, &skip)
		if err == nil {
			err = errors.New("invalid JSON")
		}
		err = explainParseError(err, body)
		var pe *ParseError
		if errors.As(err, &pe) && strings.HasPrefix(pe.Reason, "truncated JSON") {
			// Cut short (the connection dropped, feeds.max_bytes, a
			// file cut so): its complete items are read, as an XML
			// feed's complete entries are, and the poll still fails.
			if top, ok := completeJSONMembers(body); ok {
				// None whole: the feed fails for its cut, as an XML feed
				// cut before its first entry ends does.
				if pf, perr := jsonFeedOf(top, body, true); perr == nil && len(pf.Items) > 0 {
					pf.cutShort = pe
					return pf, nil
				}
			}
		}
		return nil, err
	}
	// The members are slices of body, not copies: decoded into
	// json.RawMessage, each (the items, nearly all of a feed) was
	// copied, and the items copied again as a json.Decoder read them,
	// so that a feed took four times its length before a value of it
	// was decoded.
	top := map[string]json.RawMessage{}
	eachJSONMember(body, func(name string, value []byte) { top[name] = value })
	return jsonFeedOf(top, body, false)
}

// jsonFeedOf reads a JSON Feed from the members of its object (top), slices
// of its body. cut says they are what arrived whole of a feed cut short
// (completeJSONMembers), whose version may have been due after the cut:
// its members that only a JSON Feed has (home_page_url, feed_url) stand
// for it then.
func jsonFeedOf(top map[string]json.RawMessage, body []byte, cut bool) (*parsedFeed, error) {
	var version string
	if cut && len(top["version"]) == 0 && (len(top["home_page_url"]) > 0 || len(top["feed_url"]) > 0) {
		top["version"] = json.RawMessage(`"https://jsonfeed.org/version/1.1"`)
	}
	if err := json.Unmarshal(top["version"], &version); err != nil || !jsonFeedVersion.MatchString(version) {
		if len(top["version"]) == 0 {
			return nil, &ParseError{Reason: fmt.Sprintf("not a feed: the server sent JSON without a JSON Feed version (it starts %q)", start(body))}
		}
		return nil, &ParseError{Reason: fmt.Sprintf("not a feed: the JSON's version is %s, not a JSON Feed version such as https://jsonfeed.org/version/1.1", start(top["version"]))}
	}
	items := top["items"]
	delete(top, "items")
	// The feed's own members (its authors, say) are read whole, so they
	// count against the limit too.
	values := 0
	for _, v := range top {
		values += jsonValues(v)
	}
	if values > maxElements {
		return nil, tooManyJSONValues()
	}
	head, err := json.Marshal(top)
	if err != nil {
		return nil, explainParseError(err, body)
	}
	var jf jsonfeed.Feed
	if err := json.Unmarshal(head, &jf); err != nil {
		return nil, explainParseError(err, body)
	}
	pf := &parsedFeed{}
	if jf.Items, pf.notRead, pf.notItems, err = jsonItems(items, values); err != nil {
		return nil, err
	}
	boundedJSONDates(jf.Items)
	if pf.Feed, err = (&gofeed.DefaultJSONTranslator{}).Translate(&jf); err != nil {
		return nil, explainParseError(err, body)
	}
	// "The only place HTML is allowed in this format is in content_html"
	// (JSON Feed 1.1): titles, summaries and content_text are plain text.
	pf.extras = make([]itemExtras, len(pf.Items))
	for i := range pf.extras {
		pf.extras[i] = itemExtras{title: plainKind, description: plainKind}
		if i < len(jf.Items) && jf.Items[i] != nil && jf.Items[i].ContentHTML == "" {
			pf.extras[i].content = plainKind
		}
	}
	return pf, nil
}

// boundedJSONDates puts tooLongDate in place of each item's date that is
// longer than any date, before gofeed reads them all (maxDateText).
func boundedJSONDates(items []*jsonfeed.Item) {
	for _, it := range items {
		if it == nil {
			continue
		}
		for _, d := range []*string{&it.DatePublished, &it.DateModified} {
			if isTooLongForADate(*d) {
				*d = tooLongDate
			}
		}
	}
}

// jsonItems decodes the first MaxEntries objects of a JSON Feed's items
// array and counts the others (notRead), and the items that are not
// objects of the JSON Feed's shape (notItems). values is how many the feed's other members hold; the
// items decoded may bring it to maxElements, as an XML feed's elements.
// A feed of more objects than that which lists them oldest first (its
// last dated after its first) has its last MaxEntries decoded instead:
// its newest, as for an XML feed (newestOnly).
func jsonItems(raw json.RawMessage, values int) (items []*jsonfeed.Item, notRead, notItems int, err error) {
	items, notRead, notItems, objects, first, last, err := jsonItemsAfter(raw, values, 0)
	if err != nil || objects <= MaxEntries || !jsonListsOldestFirst(first, last) {
		return items, notRead, notItems, err
	}
	items, notRead, notItems, _, _, _, err = jsonItemsAfter(raw, values, objects-MaxEntries)
	return items, notRead, notItems, err
}

// jsonItemsAfter is jsonItems leaving out (and counting) the first skip
// objects. It also returns how many objects the array holds, and the
// first and the last of them.
func jsonItemsAfter(raw json.RawMessage, values, skip int) (items []*jsonfeed.Item, notRead, notItems, objects int, first, last json.RawMessage, err error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, 0, 0, 0, nil, nil, nil
	}
	if raw[0] != '[' {
		return nil, 0, 0, 0, nil, nil, &ParseError{Reason: fmt.Sprintf("not a JSON Feed: \"items\" holds %s where a list of items belongs", start(raw))}
	}
	for _, one := range jsonElements(raw) {
		isObject := len(one) > 0 && one[0] == '{'
		if isObject {
			objects++
			if first == nil {
				first = one
			}
			last = one
		}
		if !isObject {
			notItems++
			continue
		}
		if objects <= skip || len(items) >= MaxEntries {
			notRead++
			continue
		}
		if values += jsonValues(one); values > maxElements {
			return nil, 0, 0, 0, nil, nil, tooManyJSONValues()
		}
		it, ok := jsonItem(one)
		if !ok {
			notItems++
			continue
		}
		items = append(items, it)
	}
	return items, notRead, notItems, objects, first, last, nil
}

// jsonListsOldestFirst reports whether the last of two JSON Feed items is
// dated after the first (by date_published, else date_modified).
func jsonListsOldestFirst(first, last json.RawMessage) bool {
	date := func(obj json.RawMessage) string {
		var d struct {
			Published any `json:"date_published"`
			Modified  any `json:"date_modified"`
		}
		if json.Unmarshal(obj, &d) != nil {
			return ""
		}
		for _, v := range []any{d.Published, d.Modified} {
			if s, ok := v.(string); ok {
				if _, ok := parseDate(s); ok {
					return s
				}
			}
		}
		return ""
	}
	return datedOldestFirst(date(first), date(last))
}

// eachJSONMember calls fn with the name and the value of each member of
// obj, a JSON object that json.Valid has passed, in order; each value is a
// slice of obj.
func eachJSONMember(obj []byte, fn func(name string, value []byte)) {
	i := skipJSONSpace(obj, 0) + 1 // after '{'
	for {
		i = skipJSONSpace(obj, i)
		if i >= len(obj) || obj[i] == '}' {
			return
		}
		end := skipJSONValue(obj, i)
		key := obj[i:end]
		var name string
		if bytes.IndexByte(key, '\\') < 0 && isASCII(key) {
			name = string(key[1 : len(key)-1])
		} else if json.Unmarshal(key, &name) != nil {
			return // not so after json.Valid
		}
		i = skipJSONSpace(obj, end) + 1 // after ':'
		i = skipJSONSpace(obj, i)
		end = skipJSONValue(obj, i)
		fn(name, obj[i:end])
		i = skipJSONSpace(obj, end) // at ',' or '}'
		if i >= len(obj) || obj[i] == '}' {
			return
		}
		i++
	}
}

// jsonElements returns the elements of arr, a JSON array that json.Valid
// has passed (alone or within its document), as slices of it.
func jsonElements(arr []byte) [][]byte {
	var out [][]byte
	i := skipJSONSpace(arr, 0) + 1 // after '['
	for {
		i = skipJSONSpace(arr, i)
		if i >= len(arr) || arr[i] == ']' {
			return out
		}
		end := skipJSONValue(arr, i)
		out = append(out, arr[i:end])
		i = skipJSONSpace(arr, end) // at ',' or ']'
		if i >= len(arr) || arr[i] == ']' {
			return out
		}
		i++
	}
}

// skipJSONValue returns where the valid JSON value that starts at b[i]
// ends.
func skipJSONValue(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch c := b[i]; c {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			if depth == 0 {
				return i + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
			if depth < 0 {
				return i // the end of what holds a number or a literal
			}
		case ',', ' ', '\t', '\r', '\n':
			if depth == 0 {
				return i // after a number or a literal
			}
		}
	}
	return i
}

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// jsonValues counts the values in a JSON text (itself, and every member
// of every array and object in it) from its bytes: a container's first
// member is what follows its '[' or '{' when that is not its end, and
// each further member follows a ',' outside a string. It bounds what
// decoding the text builds, which the bytes alone do not:
// "attachments":[{},{},…] is three bytes a struct, and a 5 MB feed of
// them took 579 MB to read.
func jsonValues(b []byte) int {
	n, inString, escaped, opened := 1, false, false, false
	for _, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		if opened && c != '}' && c != ']' {
			n++
		}
		opened = false
		switch c {
		case '"':
			inString = true
		case '{', '[':
			opened = true
		case ',':
			n++
		}
	}
	return n
}

// tooManyJSONValues says a JSON Feed is over the limit the XML check puts
// on an XML feed's elements.
func tooManyJSONValues() error {
	return &ParseError{Reason: fmt.Sprintf("the feed has more than %d values in its first %d entries, the newswire's limit; it was not read", maxElements, MaxEntries)}
}

// jsonItem decodes one item object. A field of the wrong type (an author
// written as a string, tags as one string, a date as a number: JSON Feed
// 1.0 generators get these wrong) is left out rather than losing the
// item with its story; what the item then lacks (a link, a date) is
// handled as for any item without it.
func jsonItem(obj json.RawMessage) (*jsonfeed.Item, bool) {
	var it jsonfeed.Item
	if json.Unmarshal(obj, &it) == nil {
		return &it, true
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(obj, &fields) != nil {
		return nil, false
	}
	known := itemMembers()
	for name, value := range fields {
		if !known[strings.ToLower(name)] {
			// Not a member the item reads: it cannot be the one of
			// the wrong type, and trying each of thousands would make
			// a hostile feed ten times as slow to read.
			delete(fields, name)
			continue
		}
		var probe jsonfeed.Item
		one, err := json.Marshal(map[string]json.RawMessage{name: value})
		if err != nil || json.Unmarshal(one, &probe) != nil {
			delete(fields, name)
		}
	}
	kept, err := json.Marshal(fields)
	if err != nil || json.Unmarshal(kept, &it) != nil {
		return nil, false
	}
	return &it, true
}

// itemMembers returns the names, in lower case, of the members a JSON Feed
// item is decoded from (encoding/json matches them whatever their case).
func itemMembers() map[string]bool {
	typ := reflect.TypeFor[jsonfeed.Item]()
	names := make(map[string]bool, typ.NumField())
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name == "" {
			name = typ.Field(i).Name
		}
		names[strings.ToLower(name)] = true
	}
	return names
}

// completeJSONMembers returns the members of a JSON object cut short that
// arrived whole, as slices of body; its "items" array, when the cut came
// inside it, is its items that arrived whole, its bracket left open (as
// jsonElements reads it). ok is false when the document is not an object,
// or its "items" not an array. Each value is checked by decoding it into
// one buffer, reused, and nothing of body is copied: a feed cut at
// feeds.max_bytes takes no more memory than one just under it.
func completeJSONMembers(body []byte) (map[string]json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	top := map[string]json.RawMessage{}
	var value json.RawMessage
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			break
		}
		name, _ := key.(string)
		// The value starts after the key's ':' and the space around it.
		from := int(dec.InputOffset())
		for from < len(body) && (body[from] == ':' || isJSONSpace(body[from])) {
			from++
		}
		if name != "items" {
			if dec.Decode(&value) != nil {
				break
			}
			top[name] = body[from:dec.InputOffset()]
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			if err != nil {
				break
			}
			return nil, false
		}
		top[name] = body[from:dec.InputOffset()]
		for dec.More() {
			if dec.Decode(&value) != nil {
				break
			}
			top[name] = body[from:dec.InputOffset()]
		}
		if t, err := dec.Token(); err != nil || t != json.Delim(']') {
			break
		}
		top[name] = body[from:dec.InputOffset()]
	}
	return top, true
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
