package territory

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// De puts "de" before a commune's name with the elision and contraction French
// requires: "de Guéret", "d'Albertacce", "du Havre" (Le Havre), "des Mées" (Les Mées).
// An initial h is left alone: whether it is mute varies from name to name.
func De(name string) string {
	switch {
	case strings.HasPrefix(name, "Le "):
		return "du " + name[3:]
	case strings.HasPrefix(name, "Les "):
		return "des " + name[4:]
	}
	r, _ := utf8.DecodeRuneInString(name)
	if strings.ContainsRune("AEIOUYÂÀÉÈÊËÎÏÔÛÙÜŒ", unicode.ToUpper(r)) {
		return "d'" + name
	}
	return "de " + name
}
