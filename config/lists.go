package config

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// listsWrittenAsTables finds the lists of tables of the Config
// ([[sectors]], [[feeds.source]]) that doc writes as one table instead:
// a [feeds.source] header, or dotted keys (feeds.source.url = …). go-toml
// decodes such a table over one element of the default list without a
// word, so a feed would keep another's include filters and the default
// feeds would stay; each is a problem instead. (An inline table,
// source = {…}, is a type error go-toml reports itself; see listMessage.)
func listsWrittenAsTables(file string, doc []byte, idx *keyIndex) Problems {
	var tree map[string]any
	if toml.Unmarshal(doc, &tree) != nil {
		return nil // reported as a syntax error already
	}
	var ps Problems
	var walk func(path string, typ reflect.Type, table map[string]any)
	walk = func(path string, typ reflect.Type, table map[string]any) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			name := tomlName(f)
			v, set := table[name]
			if name == "" || !set {
				continue
			}
			key := joinKey(path, name)
			switch {
			case isListOfTables(f.Type):
				if _, one := v.(map[string]any); one {
					ps = append(ps, Problem{File: file, Line: idx.line(key), Key: key,
						Message: listMessage(key, "one table")})
				}
			case f.Type.Kind() == reflect.Struct:
				if sub, ok := v.(map[string]any); ok {
					walk(key, f.Type, sub)
				}
			}
		}
	}
	walk("", reflect.TypeFor[Config](), tree)
	return ps
}

// listMessage says that key is a list of tables, written as what instead.
func listMessage(key, what string) string {
	return fmt.Sprintf("is a list: write each entry under its own [[%s]] header (two brackets), not as %s", key, what)
}

// isListOfTables reports whether a field of type t is written as a list
// of tables ([[name]]).
func isListOfTables(t reflect.Type) bool {
	return t != nil && t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct
}

// typeAt is the Go type of the setting at key, a dotted path without
// indexes ("feeds.source"), or nil when there is none.
func typeAt(key string) reflect.Type {
	t := reflect.TypeFor[Config]()
	for part := range strings.SplitSeq(key, ".") {
		next, ok := childType(t, part)
		if !ok {
			return nil
		}
		t = next
	}
	return t
}
