package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// keyIndex records where each key of a TOML document is, so that problems
// found on the decoded struct (validation) can point at a line of the file.
// It also tells Load which keys the file sets at all.
//
// It uses go-toml's unstable AST because the decoder keeps positions only
// for its own errors. Paths use the same spelling as Problem.Key.
type keyIndex struct {
	keys       map[string]keyAt // key path → where it is first mentioned
	values     []valueAt        // every scalar, in document order
	nested     []nestedValue    // the scalars inside lists and inline tables
	exprs      []exprAt         // every top-level expression, in document order
	lineStarts []int            // byte offset of each line, for offset → line
}

// exprAt is one top-level expression: a [table] header or a key = value,
// from its key to the line of the next expression.
type exprAt struct {
	key        string // the path a key = value sets; "" for a header
	table      string // the path of the table it is in (a header's own)
	start, end int    // byte offsets
}

// keyAt is where a key path is, and its parts without array indexes (as a
// Go type would be walked).
type keyAt struct {
	line, col int
	parts     []string
}

// valueAt is one scalar value in the document.
type valueAt struct {
	key   string
	parts []string
	line  int
	kind  unstable.Kind
	data  string
}

// nestedValue is a scalar inside a list or an inline table, and the item
// that holds it: the value alone in a list, "key = value" in a table.
type nestedValue struct {
	key                   string
	start, end, itemStart int // byte offsets
}

// indexKeys builds the index for doc, which must already have decoded
// without a syntax error. Line numbers are a courtesy, so a surprise inside
// the unstable parser yields an empty index instead of failing Load.
func indexKeys(doc []byte) (idx *keyIndex) {
	idx = &keyIndex{keys: map[string]keyAt{}, lineStarts: []int{0}}
	for i, c := range doc {
		if c == '\n' {
			idx.lineStarts = append(idx.lineStarts, i+1)
		}
	}
	defer func() {
		if recover() != nil {
			idx = &keyIndex{keys: map[string]keyAt{}}
		}
	}()

	var p unstable.Parser
	p.Reset(doc)
	arrays := map[string]int{} // array-of-tables path → elements seen so far
	table := ""                // path of the current [table] or [[array]] element
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = idx.header(e, arrays)
			idx.expression("", table, e)
		case unstable.KeyValue:
			idx.expression(idx.keyValue(table, e, false), table, e)
		}
	}
	for i := range idx.exprs {
		idx.exprs[i].end = len(doc)
		if i+1 < len(idx.exprs) {
			next := idx.position(idx.exprs[i+1].start)
			idx.exprs[i].end = idx.lineStarts[next.line-1]
		}
	}
	return idx
}

// expression records where a top-level expression starts.
func (idx *keyIndex) expression(key, table string, e *unstable.Node) {
	it := e.Key()
	if it.Next() {
		idx.exprs = append(idx.exprs, exprAt{key: key, table: table, start: int(it.Node().Raw.Offset)})
	}
}

// nestedAt finds the scalar inside a list or an inline table that starts
// at a 1-based line and column.
func (idx *keyIndex) nestedAt(line, col int) (nestedValue, bool) {
	if line < 1 || line > len(idx.lineStarts) {
		return nestedValue{}, false
	}
	off := idx.lineStarts[line-1] + col - 1
	for _, v := range idx.nested {
		if v.start == off {
			return v, true
		}
	}
	return nestedValue{}, false
}

// tableAt is the path of the table a 1-based line is in: that of the last
// expression that starts above it ("" for the top level).
func (idx *keyIndex) tableAt(line int) string {
	table := ""
	for _, x := range idx.exprs {
		if idx.position(x.start).line >= line {
			break
		}
		table = x.table
	}
	return table
}

// valueAt finds the key = value expression at a 1-based line and column (a
// column of 0 means the one whose key is on that line).
func (idx *keyIndex) valueAt(line, col int) (exprAt, bool) {
	if line < 1 || line > len(idx.lineStarts) {
		return exprAt{}, false
	}
	for i := len(idx.exprs) - 1; i >= 0; i-- {
		x := idx.exprs[i]
		at := idx.position(x.start)
		var inside bool
		if col == 0 {
			inside = at.line == line
		} else {
			off := idx.lineStarts[line-1] + col - 1
			inside = x.start <= off && off < max(x.end, x.start+1)
		}
		if inside {
			return x, x.key != ""
		}
	}
	return exprAt{}, false
}

// header resolves a [table] or [[array]] header to a path, counting array
// elements so that the n-th [[sectors]] becomes "sectors[n-1]". A header
// below an array of tables refers to its latest element, as in TOML.
func (idx *keyIndex) header(e *unstable.Node, arrays map[string]int) string {
	parts, at := idx.keyParts(e)
	path := ""
	for i, part := range parts {
		path = joinKey(path, part)
		if e.Kind == unstable.ArrayTable && i == len(parts)-1 {
			arrays[path]++
			idx.record(path, at, parts[:i+1])
		}
		if n, ok := arrays[path]; ok {
			path = fmt.Sprintf("%s[%d]", path, n-1)
		}
		idx.record(path, at, parts[:i+1])
	}
	return path
}

// keyValue records a key = value under the table path (inside an inline
// table when nested), and returns the path it sets.
func (idx *keyIndex) keyValue(table string, e *unstable.Node, nested bool) string {
	parts, at := idx.keyParts(e)
	path := table
	base := idx.keys[table].parts
	for i, part := range parts {
		path = joinKey(path, part)
		idx.record(path, at, concat(base, parts[:i+1]))
	}
	item := -1
	if nested && e.Raw.Length > 0 {
		item = int(e.Raw.Offset)
	}
	idx.value(path, e.Value(), at, item)
	return path
}

// value records scalars and descends into arrays and inline tables, so that
// "editors.slack[2]" or "sectors[1].aliases[0]" find their own line when the
// value spans several lines.
//
// item is where the item holding v starts when v is inside a list or an
// inline table, else -1.
func (idx *keyIndex) value(path string, v *unstable.Node, at keyAt, item int) {
	switch v.Kind {
	case unstable.Array:
		i := 0
		it := v.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			elem := fmt.Sprintf("%s[%d]", path, i)
			i++
			cat, citem := at, -1
			if c.Raw.Length > 0 {
				cat, citem = idx.position(int(c.Raw.Offset)), int(c.Raw.Offset)
			}
			idx.record(elem, cat, idx.keys[path].parts)
			idx.value(elem, c, cat, citem)
		}
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				idx.keyValue(path, c, true)
			}
		}
	default:
		idx.values = append(idx.values, valueAt{key: path, parts: idx.keys[path].parts, line: at.line, kind: v.Kind, data: string(v.Data)})
		if item >= 0 && v.Raw.Length > 0 {
			start := int(v.Raw.Offset)
			idx.nested = append(idx.nested, nestedValue{key: path, start: start, end: start + int(v.Raw.Length), itemStart: item})
		}
	}
}

// keyParts returns the parts of a header's or key-value's key and where it
// starts.
func (idx *keyIndex) keyParts(e *unstable.Node) ([]string, keyAt) {
	var (
		parts []string
		at    keyAt
	)
	it := e.Key()
	for it.Next() {
		k := it.Node()
		if len(parts) == 0 {
			at = idx.position(int(k.Raw.Offset))
		}
		parts = append(parts, string(k.Data))
	}
	return parts, at
}

// record keeps the first place a path is mentioned.
func (idx *keyIndex) record(path string, at keyAt, parts []string) {
	if _, ok := idx.keys[path]; !ok {
		idx.keys[path] = keyAt{line: at.line, col: at.col, parts: concat(nil, parts)}
	}
}

// concat returns a new slice holding a then b, never sharing storage.
func concat(a, b []string) []string {
	return append(append(make([]string, 0, len(a)+len(b)), a...), b...)
}

// position turns a byte offset into a 1-based line and column (in bytes,
// as go-toml counts them).
func (idx *keyIndex) position(offset int) keyAt {
	line := sort.Search(len(idx.lineStarts), func(i int) bool { return idx.lineStarts[i] > offset })
	return keyAt{line: line, col: offset - idx.lineStarts[line-1] + 1}
}

// has reports whether the document sets path, directly or below it.
func (idx *keyIndex) has(path string) bool {
	_, ok := idx.keys[path]
	return ok
}

// line finds the line for a problem's key. A value that is not in the file
// (a default, or a required secret left out) gets the line of the nearest
// enclosing table that is, which is where the user would add it.
func (idx *keyIndex) line(key string) int {
	for key != "" {
		if k, ok := idx.keys[key]; ok {
			return k.line
		}
		key = parentKey(key)
	}
	return 0
}

// pathAt finds the indexed path of the key named name at line and col.
// go-toml names unknown keys inside arrays of tables without the element
// index ("feeds.source.urll"); this recovers "feeds.source[2].urll" and its
// parts.
func (idx *keyIndex) pathAt(line, col int, name string) (string, []string, bool) {
	for path, k := range idx.keys {
		if k.line == line && k.col == col && joinKey(parentKey(path), name) == path {
			return path, k.parts, true
		}
	}
	return "", nil, false
}

// unquotedDuration finds a Duration setting whose value is not a string but
// reads as text. go-toml hands such values (poll_interval = 30) to
// UnmarshalText without saying which key they belong to, so Load searches
// for them.
func (idx *keyIndex) unquotedDuration(text string) (valueAt, bool) {
	for _, v := range idx.values {
		if v.kind != unstable.String && v.data == text && isDurationKey(v.parts) {
			return v, true
		}
	}
	return valueAt{}, false
}

// joinKey appends a part to a dotted path, quoting parts that are not bare
// keys so the path stays unambiguous.
func joinKey(path, part string) string {
	if !isBareKey(part) {
		part = fmt.Sprintf("%q", part)
	}
	if path == "" {
		return part
	}
	return path + "." + part
}

// isBareKey reports whether s can be written in TOML without quotes.
func isBareKey(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// parentKey drops the last ".part" or "[n]" from a path.
func parentKey(key string) string {
	if strings.HasSuffix(key, "]") {
		if i := strings.LastIndexByte(key, '['); i >= 0 {
			return key[:i]
		}
	}
	i := lastDot(key)
	if i < 0 {
		return ""
	}
	return key[:i]
}

// lastDot finds the last dot outside quotes.
func lastDot(key string) int {
	last, quoted := -1, false
	for i := 0; i < len(key); i++ {
		switch key[i] {
		case '\\':
			if quoted {
				i++
			}
		case '"':
			quoted = !quoted
		case '.':
			if !quoted {
				last = i
			}
		}
	}
	return last
}

// keyString renders a decoder key (from go-toml errors) in our path spelling.
func keyString(k []string) string {
	path := ""
	for _, part := range k {
		path = joinKey(path, part)
	}
	return path
}
