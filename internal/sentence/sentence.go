// Package sentence is an error told in its own sentence for the person
// who reads it, wrapping the error it came from without repeating it: "the
// configuration file PATH does not exist", not "open PATH: open PATH: no
// such file or directory". errors.Is and errors.As still reach the cause.
// It is below every package that says one (config, the command line).
package sentence

import "fmt"

// Error is the sentence, and the error it came from.
type Error struct {
	Sentence string
	Err      error
}

// Errorf is an Error whose sentence is formatted, wrapping err.
func Errorf(err error, format string, args ...any) Error {
	return Error{Sentence: fmt.Sprintf(format, args...), Err: err}
}

func (e Error) Error() string { return e.Sentence }
func (e Error) Unwrap() error { return e.Err }
