// Package lang words the problems medibus reports to people in their language,
// English or French. An error made by Errorf keeps its format and arguments, so that
// one reading of a file can be told to the command line in English and to the desk in
// French; each package registers the French of its formats (Register), and Text
// renders any error, through wrapped arguments, in the language asked.
package lang

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

// Lang is a language messages can be written in.
type Lang int

// The languages of medibus's messages: English for programs and by default, French
// for the people of the desk and a French command line.
const (
	English Lang = iota
	French
)

// String returns the language's code: en or fr.
func (l Lang) String() string {
	if l == French {
		return "fr"
	}
	return "en"
}

// Parse reads a language as written on a command line (fr, en) or in a locale
// variable (fr_FR.UTF-8, fr_BE, en_US.UTF-8, C, POSIX). ok is false for anything else.
func Parse(s string) (l Lang, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	switch {
	case s == "fr" || strings.HasPrefix(s, "fr_") || strings.HasPrefix(s, "fr-") || s == "french" || s == "français" || s == "francais":
		return French, true
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || s == "english" || s == "c" || s == "posix":
		return English, true
	}
	return English, false
}

// FromEnv chooses the language of messages as POSIX does: the first of LC_ALL,
// LC_MESSAGES and LANG that is set decides; French for a French locale, English
// otherwise. getenv is os.Getenv, or a test's.
func FromEnv(getenv func(string) string) Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			l, _ := Parse(v)
			return l
		}
	}
	return English
}

// Localizer is an error (or argument) that can be written in another language than
// its Error's English.
type Localizer interface {
	Localize(l Lang) string
}

// Text returns err in language l: through Localize where err offers it, else its
// Error.
func Text(err error, l Lang) string {
	if err == nil {
		return ""
	}
	if lz, ok := err.(Localizer); ok && l != English {
		return lz.Localize(l)
	}
	return err.Error()
}

// Message is a message kept as its format and arguments, so that it can be written in
// English (Error, String) or in French (Localize). Arguments that are Localizers are
// written in the same language; those that are errors are unwrapped by errors.Is and
// errors.As.
type Message struct {
	Format string
	Args   []any
}

// Errorf returns a *Message: fmt.Errorf's formats and arguments (%w included), whose
// French is the one registered for format.
func Errorf(format string, args ...any) error { return &Message{Format: format, Args: args} }

// New returns a *Message of format and args, for a part of a message (an argument of
// another) rather than an error of its own.
func New(format string, args ...any) *Message { return &Message{Format: format, Args: args} }

func (m *Message) Error() string { return fmt.Errorf(m.Format, m.Args...).Error() }

// String is Error, so that a Message given as a %s argument writes its English.
func (m *Message) String() string { return m.Error() }

// Unwrap returns the arguments that are errors.
func (m *Message) Unwrap() []error {
	var out []error
	for _, a := range m.Args {
		if err, ok := a.(error); ok {
			out = append(out, err)
		}
	}
	return out
}

// Localize writes the message in l: its registered French format, decimal numbers
// written the French way (2,5), arguments localized in turn. A format with no French
// registered is written in English.
func (m *Message) Localize(l Lang) string {
	if l == English {
		return m.Error()
	}
	format, ok := lookup(m.Format)
	if !ok {
		return m.Error()
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch v := a.(type) {
		case Localizer:
			args[i] = v.Localize(l)
		case error:
			args[i] = v.Error()
		case float64:
			args[i] = decimalComma(v)
		case float32:
			args[i] = decimalComma(v)
		default:
			args[i] = a
		}
	}
	// Sprintf knows no %w: the wrapped error is an argument like another here.
	return fmt.Sprintf(strings.ReplaceAll(format, "%w", "%v"), args...)
}

// decimalComma formats a number as its verb says, with a decimal comma (2,5). Whole
// numbers keep no group separator: a year, a line or a code reads as written.
type decimalComma float64

func (d decimalComma) Format(f fmt.State, verb rune) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), float64(d))
	if verb != 'q' && verb != 'x' && verb != 'X' {
		s = strings.Replace(s, ".", ",", 1)
	}
	_, _ = io.WriteString(f, s)
}

var (
	mu     sync.RWMutex
	french = map[string]string{}
)

// Register adds French formats, keyed by the English format they translate. A
// package registers those of its messages in an init function.
func Register(fr map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	for k, v := range fr {
		french[k] = v
	}
}

func lookup(format string) (string, bool) {
	mu.RLock()
	defer mu.RUnlock()
	s, ok := french[format]
	return s, ok
}

// Translated reports whether format has a French registered: the tests of each
// package check that every format of its messages has one.
func Translated(format string) bool {
	_, ok := lookup(format)
	return ok
}
