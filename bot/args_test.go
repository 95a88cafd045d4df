package bot

import "testing"

// TestCommandFromArgs: named arguments become the words a member would
// type, in the order of the command's Params, and submit's note is never
// read as a sector.
func TestCommandFromArgs(t *testing.T) {
	var cmds []CommandSpec
	for _, c := range commandTable() {
		cmds = append(cmds, *c)
	}
	for _, c := range []struct {
		path    []string
		args    []NamedArg
		want    string
		literal int // the argument marked Literal; -1 for none
	}{
		{[]string{"news"}, []NamedArg{{"count", "5"}, {"sector", "health"}}, "news health 5", -1},
		{[]string{"subscribe"}, []NamedArg{{"sector2", "blue light"}, {"sector", "health"}}, `subscribe health "blue light"`, -1},
		{[]string{"subscribe"}, []NamedArg{{"sector12", "other"}, {"sector", "health"}, {"sector3", "housing"}, {"sector01", "x"}, {"sectors", "y"}},
			"subscribe health housing other", -1},
		{[]string{"order"}, []NamedArg{{"sector", "reset"}}, "order reset", -1},
		{[]string{"submit"}, []NamedArg{{"note", "health"}, {"url", "https://example.org/a"}}, "submit https://example.org/a health", 1},
		{[]string{"later"}, []NamedArg{{"a", `x "y"`}, {"b", "z w"}}, `later "x ”y”" z w`, -1},
	} {
		cmd := CommandFromArgs(cmds, c.path, c.args)
		if got := cmd.Name + " " + cmd.RawRest(0); got != c.want {
			t.Errorf("%v %v: got %q, want %q", c.path, c.args, got, c.want)
		}
		for i, a := range cmd.Args {
			if a.Literal != (i == c.literal) {
				t.Errorf("%q: argument %d Literal = %v", c.want, i, a.Literal)
			}
		}
	}
}
