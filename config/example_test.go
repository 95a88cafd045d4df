package config

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// TestExampleFileWritesEveryKey walks the Config type by its TOML tags and
// checks that config.example.toml writes every key, so that the file
// documents each setting with its default (TestExampleFileIsDefault checks
// that what it writes is the default: a key left out of the file would
// pass that test with the default it never shows). A key of a list of
// tables ([[sectors]], [[feeds.source]]) must be set in one of the file's
// entries or named in the comment that describes the entries.
func TestExampleFileWritesEveryKey(t *testing.T) {
	raw, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := toml.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	described := map[string]bool{} // "#   url      address of the feed" names url
	for _, m := range regexp.MustCompile(`(?m)^#\s{2,}([a-z_]+)\s`).FindAllStringSubmatch(string(raw), -1) {
		described[m[1]] = true
	}
	checked := 0
	var walk func(path string, typ reflect.Type, value any)
	walk = func(path string, typ reflect.Type, value any) {
		table, _ := value.(map[string]any)
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if name == "" || name == "-" {
				continue
			}
			key := joinKey(path, name)
			v, set := table[name]
			checked++
			switch {
			case f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(Duration{}):
				if !set {
					t.Errorf("config.example.toml has no [%s] table", key)
				}
				walk(key, f.Type, v)
			case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
				entries, _ := v.([]any)
				if len(entries) == 0 {
					t.Errorf("config.example.toml has no [[%s]] entry", key)
				}
				for j := range f.Type.Elem().NumField() {
					sub := f.Type.Elem().Field(j)
					subName, _, _ := strings.Cut(sub.Tag.Get("toml"), ",")
					if subName == "" || subName == "-" {
						continue
					}
					checked++
					inEntry := false
					for _, e := range entries {
						if m, ok := e.(map[string]any); ok {
							_, inEntry = m[subName]
							if inEntry {
								break
							}
						}
					}
					if !inEntry && !described[subName] {
						t.Errorf("config.example.toml neither sets %s.%s in an entry nor describes it", key, subName)
					}
				}
			case !set:
				t.Errorf("config.example.toml does not write %s (with its default)", key)
			}
		}
	}
	walk("", reflect.TypeOf(Config{}), tree)
	if checked < 50 {
		t.Fatalf("walked only %d keys: the walk missed the Config's tags", checked)
	}

	// The file is what check-config checks, and it finds nothing in it.
	if _, err := LoadForRun("../config.example.toml", nil); err != nil {
		t.Errorf("check-config on config.example.toml: %v", err)
	}
}
