package bot

import (
	"slices"
	"strings"
	"unicode"

	"github.com/sharednews/sharednews/digest"
)

// NamedArg is one argument of a structured command, given by name: what a
// platform with typed commands (Discord's slash command options) carries
// instead of the words a member types.
type NamedArg struct {
	Name, Value string
}

// CommandFromArgs reads a structured command as the router reads a typed
// one. path is the command's name (after any group names), args the
// arguments given, in the order given. The words are those a member would
// type: the arguments in the order of the command's Params, a word with
// spaces quoted, free text as given, for example "news health 5" or
// `subscribe health "blue light"`; submit's note is marked Literal, so
// that it is never taken for a sector. A command that is not in cmds (one
// registered by an older version) takes the arguments in the order given,
// the last as free text.
func CommandFromArgs(cmds []CommandSpec, path []string, args []NamedArg) Command {
	words := append([]string(nil), path...)
	note := 0 // the index of the word where the note begins; 0: none
	var spec *CommandSpec
	if len(path) == 1 {
		for i := range cmds {
			if cmds[i].Name == path[0] {
				spec = &cmds[i]
				break
			}
		}
	}
	if spec == nil {
		for i, a := range args {
			if a.Value != "" {
				words = append(words, argWords(a.Value, i == len(args)-1))
			}
		}
	} else {
		spilled := "" // the words after a Spills argument's first, as typed
		for _, p := range spec.Params {
			if spilled != "" && (p.Kind == ParamText || p.Kind == ParamNote) {
				words, spilled = append(words, spilled), ""
			}
			for _, v := range paramValues(p, args) {
				if p.Spills {
					if first, rest, ok := strings.Cut(digest.OneLine(v), " "); ok {
						v, spilled = first, rest
					}
				}
				if p.Kind == ParamNote {
					note = len(words)
				}
				words = append(words, argWords(v, p.Kind == ParamText || p.Kind == ParamNote))
			}
		}
		if spilled != "" {
			words = append(words, spilled)
		}
	}
	cmd := ParseCommand(strings.Join(words, " "), "")
	// Every word before the note is one token (words with spaces are
	// quoted), and the first is the command's name.
	if i := note - 1; note > 0 && i < len(cmd.Args) {
		cmd.Args[i].Literal = true
	}
	return cmd
}

// argWords writes one value as router words: free text as given, and a
// word with spaces quoted, its straight double quotes made curly so that
// they cannot end the quoting early.
func argWords(v string, freeText bool) string {
	v = digest.OneLine(v)
	if freeText || !strings.ContainsFunc(v, unicode.IsSpace) {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, "”") + `"`
}

// paramValues are the values given for p, in the order of its options
// (a repeated argument's NAME, NAME2, NAME3…, whichever were given), empty
// ones left out.
func paramValues(p Param, args []NamedArg) []string {
	type value struct {
		k int
		v string
	}
	var vs []value
	for _, a := range args {
		if k := p.position(a.Name); k > 0 && a.Value != "" {
			vs = append(vs, value{k, a.Value})
		}
	}
	slices.SortStableFunc(vs, func(a, b value) int { return a.k - b.k })
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.v
	}
	return out
}
