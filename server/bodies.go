package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"medibus"
)

// A JSON request body is read whole and strictly: at most maxBody bytes (beyond, 413),
// one JSON value with nothing after it, no unknown field, and every string and list
// within its bound (the root package's, bounds.go, which the scenario files share).
// A string field takes medibus.MaxNameLen unless its tag says `bound:"id"`
// (medibus.MaxIDLen) or `bound:"text"` (medibus.MaxTextLen); a list holds at most
// medibus.MaxListItems items, each held to the field's bound.

// maxBody bounds a JSON request body: the largest, a re-plan of many absences, is a few
// kilobytes.
const maxBody = 1 << 20

// decodeBody reads the JSON body of r into v. When the body is refused it answers the
// request itself (413 when too large, 400 otherwise, in French) and reports false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	var err error
	if r.ContentLength > maxBody {
		err = &http.MaxBytesError{Limit: maxBody} // refused before a byte is read
	} else if err = readBody(w, r, v); err == nil {
		return true
	}
	status := http.StatusBadRequest
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
		status = http.StatusRequestEntityTooLarge
		err = fmt.Errorf("corps de la requête trop long : au plus %d octets", maxBody)
	}
	writeError(w, status, err)
	return false
}

// readBody decodes one JSON value of r's body into v and checks its text.
func readBody(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("corps de la requête : envoyez un objet JSON (%w)", err)
	}
	// One value, then only white space: anything after it (a second object, a stray
	// character) is refused rather than silently dropped.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			return err
		}
		return errors.New("corps de la requête : des données suivent l'objet JSON ; envoyez un seul objet")
	}
	return checkText(reflect.ValueOf(v), "", medibus.MaxNameLen)
}

// checkText walks a decoded body and refuses the first string or list beyond its
// bound, naming it by its JSON path (« unavailable[2].id »).
func checkText(v reflect.Value, path string, bound int) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkText(v.Elem(), path, bound)
	case reflect.String:
		if n := utf8.RuneCountInString(v.String()); n > bound {
			return fmt.Errorf("%s : %d caractères, au plus %d", path, n, bound)
		}
	case reflect.Slice, reflect.Array:
		if v.Len() > medibus.MaxListItems {
			return fmt.Errorf("%s : %d éléments, au plus %d", path, v.Len(), medibus.MaxListItems)
		}
		for i := range v.Len() {
			if err := checkText(v.Index(i), path+"["+strconv.Itoa(i)+"]", bound); err != nil {
				return err
			}
		}
	case reflect.Struct:
		return checkFields(v, path)
	}
	return nil
}

// checkFields checks each exported field of struct v with its bound.
func checkFields(v reflect.Value, path string) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := jsonName(f)
		if path != "" {
			name = path + "." + name
		}
		if err := checkText(v.Field(i), name, fieldBound(f)); err != nil {
			return err
		}
	}
	return nil
}

// fieldBound is the longest string field f may hold, by its bound tag.
func fieldBound(f reflect.StructField) int {
	switch f.Tag.Get("bound") {
	case "id":
		return medibus.MaxIDLen
	case "text":
		return medibus.MaxTextLen
	}
	return medibus.MaxNameLen
}

// jsonName is the name of field f in JSON.
func jsonName(f reflect.StructField) string {
	if tag := f.Tag.Get("json"); tag != "" {
		if name, _, _ := strings.Cut(tag, ","); name != "" && name != "-" {
			return name
		}
	}
	return f.Name
}
