package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"medibus"
	"medibus/lang"
	"medibus/scenario"
)

// A coordinator uploads one file of a scenario from the desk: the folder files that
// `medibus scenario export` writes (staff, sites, units, depots, services, demand,
// frequencies, pins) or an imported need (APL, demand figures). The file is read by the
// same readers as the command line, so a bad file is refused with the same messages
// (file, line, column and the fix), and nothing is stored; a good one gives a new
// version of the scenario, from which the desk can plan.

// uploadKinds are the files the desk accepts, by the name of the form's kind field.
var uploadKinds = map[string]string{
	"staff": scenario.StaffFile, "sites": scenario.SitesFile, "units": scenario.UnitsFile, "depots": scenario.DepotsFile,
	"services": scenario.ServicesFile, "demand": scenario.DemandFile, "frequencies": scenario.FrequenciesFile,
	"pins": scenario.PinsFile, "apl": "apl.csv", "need": "need.csv",
}

// maxUpload bounds an uploaded file: the demand of France is about 4 MB.
const maxUpload = 32 << 20

// uploadMemory is how much of an upload's file is kept in memory while the form is
// read; the rest waits in a temporary file, so that parallel uploads cost disk, not
// memory.
const uploadMemory = 1 << 20

// uploadError is a file the readers refused: the problems, one per line.
type uploadError struct {
	Status   int      `json:"status"`
	Message  string   `json:"error"`
	Problems []string `json:"problems"`
	// Warnings are what reads but may not be meant (a postal code in an insee column).
	Warnings []string `json:"warnings,omitempty"`
}

func (e *uploadError) Error() string { return e.Message + " " + strings.Join(e.Problems, "; ") }

// apiUploadScenarioFile reads a multipart form (kind, file) against scenario {id} and
// stores the scenario with the file as a new version: 201 with the version, or 422
// with the readers' messages. The coordinator's scope and the declared size are
// checked before a byte of the body is read: a refused upload costs the server
// nothing (before, 24 parallel uploads of 31 MB, all refused 403 in the end, took 1.6
// GB of memory).
func (s *Server) apiUploadScenarioFile(w http.ResponseWriter, r *http.Request, who principal) {
	id, err := pathID(r, "id")
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if r.ContentLength > maxUpload {
		refuseLargeUpload(w)
		return
	}
	base, err := s.db.Scenario(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	if refuseOutside(w, who, medibus.NewIndex(base), "changer les fichiers du scénario "+base.Name, unitIDs(base)) {
		w.Header().Set("Connection", "close") // the body is not read
		return
	}
	name, filename, f, ok := uploadForm(w, r)
	if !ok {
		return
	}
	defer f.Close()
	sc, warnings, err := s.readUpload(r.Context(), base, name, filename, f)
	if err != nil {
		var ue *uploadError
		if errors.As(err, &ue) {
			writeJSON(w, ue.Status, ue)
			return
		}
		s.writeStoreError(w, r, err)
		return
	}
	newID, version, err := s.db.SaveScenario(r.Context(), sc)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	s.log.Info("scenario file uploaded", "scenario", sc.Name, "kind", r.FormValue("kind"), "version", version)
	writeJSON(w, http.StatusCreated, map[string]any{"id": newID, "name": sc.Name, "version": version, "unchanged": newID == id,
		"message":  fmt.Sprintf("Fichier %s accepté : scénario %s, version %d.", filename, sc.Name, version),
		"need":     lang.Text(scenario.SourcesOf(sc).Sentence(), lang.French),
		"warnings": warnings})
}

// refuseLargeUpload answers 413, in French, an upload beyond maxUpload.
func refuseLargeUpload(w http.ResponseWriter) {
	w.Header().Set("Connection", "close")
	writeError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("Fichier trop volumineux : au plus %d Mo par envoi (la demande de toute la France pèse 4 Mo). "+
		"Rien n'a été lu ni enregistré.", maxUpload>>20))
}

// uploadForm reads the form of an upload, at most maxUpload bytes: the scenario file
// its kind names, the name it was uploaded as, and its content. It answers the request
// itself when the form is refused.
func uploadForm(w http.ResponseWriter, r *http.Request) (name, filename string, f multipart.File, ok bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			refuseLargeUpload(w)
			return "", "", nil, false
		}
		writeError(w, http.StatusBadRequest, fmt.Errorf("envoyez un formulaire multipart/form-data avec les champs kind et file (%w)", err))
		return "", "", nil, false
	}
	kind := r.FormValue("kind")
	name, known := uploadKinds[kind]
	if !known {
		writeError(w, http.StatusBadRequest, fmt.Errorf("kind %.64q : un de %s", kind, strings.Join(sortedKeys(uploadKinds), ", ")))
		return "", "", nil, false
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("file : joignez le fichier CSV (%w)", err))
		return "", "", nil, false
	}
	if n := utf8.RuneCountInString(hdr.Filename); n > medibus.MaxNameLen {
		f.Close()
		writeError(w, http.StatusBadRequest, fmt.Errorf("file : nom de fichier de %d caractères, au plus %d", n, medibus.MaxNameLen))
		return "", "", nil, false
	}
	return name, hdr.Filename, f, true
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readUpload returns base with the uploaded file (named name in a scenario folder,
// uploaded as filename: a workbook when it ends in .xlsx) read in, with the readers'
// warnings in French; or an *uploadError with their messages in French.
func (s *Server) readUpload(ctx context.Context, base *medibus.Scenario, name, filename string, body io.Reader) (*medibus.Scenario, []string, error) {
	dir, err := os.MkdirTemp("", "medibus-upload-")
	if err != nil {
		return nil, nil, fmt.Errorf("upload: %w", err)
	}
	defer os.RemoveAll(dir)
	folder := filepath.Join(dir, base.Name)
	if err := scenario.Write(folder, base); err != nil {
		return nil, nil, err
	}
	path := filepath.Join(folder, name)
	var sc *medibus.Scenario
	var warned []error
	switch {
	case name == "apl.csv" || name == "need.csv":
		if err := saveFile(path, body); err != nil {
			return nil, nil, err
		}
		sc, err = s.applyImport(base, name, path)
	default:
		if strings.HasSuffix(strings.ToLower(filename), ".xlsx") {
			// sites.xlsx stands for sites.csv in a folder: the written CSV goes.
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, nil, fmt.Errorf("upload: %w", err)
			}
			path = strings.TrimSuffix(path, ".csv") + ".xlsx"
		}
		if err := saveFile(path, body); err != nil {
			return nil, nil, err
		}
		sc, warned, err = scenario.ReadWithWarnings(ctx, folder, s.params, s.fr, s.planning.Travel)
	}
	// The readers name the file by its path here: name it as the coordinator did.
	named := func(msg string) string {
		msg = strings.ReplaceAll(msg, path, filename)
		msg = strings.ReplaceAll(msg, folder+string(filepath.Separator), "")
		return strings.ReplaceAll(msg, folder, base.Name)
	}
	var warnings []string
	for _, w := range warned {
		warnings = append(warnings, named(lang.Text(w, lang.French)))
	}
	if err != nil {
		return nil, nil, &uploadError{Status: http.StatusUnprocessableEntity, Message: "Le fichier " + filename + " n'a pas été accepté ; rien n'a été enregistré.",
			Problems: strings.Split(named(lang.Text(err, lang.French)), "\n"), Warnings: warnings}
	}
	sc.Name, sc.Description = base.Name, base.Description
	return sc, warnings, nil
}

// applyImport lays an imported APL or need file over a copy of base, as `medibus plan
// --apl` and `--demand` do.
func (s *Server) applyImport(base *medibus.Scenario, name, path string) (*medibus.Scenario, error) {
	sc := *base
	sc.Communes, sc.Demand = slices.Clone(base.Communes), slices.Clone(base.Demand)
	if name == "apl.csv" {
		apl, err := scenario.ReadAPL(path, &sc)
		if err != nil {
			return nil, err
		}
		scenario.ApplyAPL(&sc, apl, &s.params)
		return &sc, nil
	}
	rows, err := scenario.ReadDemandFile(path, &sc)
	if err != nil {
		return nil, err
	}
	scenario.ApplyDemand(&sc, rows)
	return &sc, nil
}

func saveFile(path string, body io.Reader) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	if _, err := io.Copy(f, body); err != nil {
		f.Close()
		return fmt.Errorf("upload: %w", err)
	}
	return f.Close()
}
