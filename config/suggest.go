package config

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/sharednews/sharednews/digest"
)

// unknownKeyMessage explains an unknown key, given its parts without array
// indexes, by walking the Config type: it suggests the nearest real key
// ("did you mean …?") or lists the keys allowed where the mistake is.
func unknownKeyMessage(parts []string) string {
	t := reflect.TypeFor[Config]()
	where := "at the top level"
	for i, part := range parts {
		next, ok := childType(t, part)
		if ok {
			t = next
			if t.Kind() == reflect.Slice {
				t = t.Elem()
				where = fmt.Sprintf("in [[%s]]", strings.Join(parts[:i+1], "."))
			} else {
				where = fmt.Sprintf("in [%s]", strings.Join(parts[:i+1], "."))
			}
			continue
		}
		what := "unknown key"
		if i < len(parts)-1 {
			what = fmt.Sprintf("unknown table %q", part)
		}
		keys := tomlKeys(t)
		if len(keys) == 0 {
			return what
		}
		if s, ok := Closest(part, keys); ok {
			return fmt.Sprintf("%s; did you mean %q?", what, s)
		}
		return fmt.Sprintf("%s; the keys allowed %s are: %s", what, where, strings.Join(keys, ", "))
	}
	return "unknown key"
}

// isDurationKey reports whether the key with these parts (no array
// indexes) is a Duration setting.
func isDurationKey(parts []string) bool {
	t := reflect.TypeFor[Config]()
	for _, part := range parts {
		next, ok := childType(t, part)
		if !ok {
			return false
		}
		if t = next; t.Kind() == reflect.Slice {
			t = t.Elem()
		}
	}
	return t == reflect.TypeFor[Duration]()
}

// childType is the Go type of key inside struct type t.
func childType(t reflect.Type, key string) (reflect.Type, bool) {
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if tomlName(f) == key {
			return f.Type, true
		}
	}
	return nil, false
}

// tomlKeys lists the keys a struct type accepts, in declaration order.
func tomlKeys(t reflect.Type) []string {
	if t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for i := range t.NumField() {
		if name := tomlName(t.Field(i)); name != "" {
			keys = append(keys, name)
		}
	}
	return keys
}

// tomlName is a field's key as go-toml sees it ("" for unexported or
// skipped fields, and for embedded ones, which Config does not use).
func tomlName(f reflect.StructField) string {
	if !f.IsExported() || f.Anonymous {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return f.Name
	}
	return name
}

// Closest returns the candidate nearest to word, if it is near enough to be
// a likely typo (case is ignored).
func Closest(word string, candidates []string) (string, bool) {
	w := strings.ToLower(word)
	best, bestD := "", -1
	for _, c := range candidates {
		d := digest.EditDistance(w, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	// Two edits catch most typos; short words need fewer or everything
	// would look like everything else.
	limit := 2
	if len([]rune(w)) <= 4 {
		limit = 1
	}
	return best, bestD >= 0 && bestD <= limit
}
