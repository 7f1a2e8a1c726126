package lang

import (
	"errors"
	"fmt"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"fr", French, true}, {"FR", French, true}, {"fr_FR.UTF-8", French, true}, {"fr_BE@euro", French, true},
		{"français", French, true}, {"en", English, true}, {"en_US.UTF-8", English, true}, {"C", English, true},
		{"POSIX", English, true}, {"de_DE.UTF-8", English, false}, {"", English, false}, {"frx", English, false},
	} {
		if got, ok := Parse(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("Parse(%q) = %v, %v, want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want Lang
	}{
		{"nothing set", nil, English},
		{"LANG French", map[string]string{"LANG": "fr_FR.UTF-8"}, French},
		{"LC_MESSAGES before LANG", map[string]string{"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, English},
		{"LC_ALL before all", map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "C", "LC_ALL": "fr_CA.UTF-8"}, French},
		{"another language is English", map[string]string{"LANG": "de_DE.UTF-8"}, English},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FromEnv(func(k string) string { return tc.env[k] }); got != tc.want {
				t.Errorf("FromEnv = %v, want %v", got, tc.want)
			}
		})
	}
}

var errInner = errors.New("inner")

func TestMessage(t *testing.T) {
	Register(map[string]string{
		"line %d: %v is wrong": "ligne %d : %v est faux",
		"rate %.1f: %w":        "taux %.1f : %w",
		"part %s":              "partie %s",
	})
	for _, tc := range []struct {
		name    string
		err     error
		en, fr  string
		wrapped bool
	}{
		{"numbers written the French way", Errorf("line %d: %v is wrong", 12345, "x"), "line 12345: x is wrong", "ligne 12345 : x est faux", false},
		{"decimal comma and a wrapped error", Errorf("rate %.1f: %w", 2.5, errInner), "rate 2.5: inner", "taux 2,5 : inner", true},
		{"a localized argument", Errorf("line %d: %v is wrong", 2, New("part %s", "a")), "line 2: part a is wrong", "ligne 2 : partie a est faux", false},
		{"no French: English", Errorf("untranslated %d", 3), "untranslated 3", "untranslated 3", false},
		{"a plain error", fmt.Errorf("plain"), "plain", "plain", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text(tc.err, English); got != tc.en {
				t.Errorf("English %q, want %q", got, tc.en)
			}
			if got := Text(tc.err, French); got != tc.fr {
				t.Errorf("French %q, want %q", got, tc.fr)
			}
			if errors.Is(tc.err, errInner) != tc.wrapped {
				t.Errorf("errors.Is(inner) = %v", !tc.wrapped)
			}
		})
	}
}
