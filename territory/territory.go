// Package territory embeds and reads the real French reference data that medibus plans
// on: every commune of metropolitan France with its population, point and postal codes,
// and the 96 metropolitan departments with their prefectures.
package territory

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/csvtable"
)

//go:embed data/communes-fr.csv.gz
var communesGz []byte

//go:embed data/departments-fr.csv
var departmentsCSV []byte

// France is the embedded territory: communes and departments of metropolitan France.
type France struct {
	Communes    []medibus.Commune
	Departments []medibus.Department
	byINSEE     map[string]int
}

var (
	once   sync.Once
	loaded *France
	errL   error
)

// Load parses the embedded data once and returns it. Callers must not modify it.
func Load() (*France, error) {
	once.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(communesGz))
		if err != nil {
			errL = fmt.Errorf("embedded communes: %w", err)
			return
		}
		cs, err := ReadCommunes(zr, "communes-fr.csv")
		if err != nil {
			errL = err
			return
		}
		ds, err := readDepartments(bytes.NewReader(departmentsCSV), "departments-fr.csv")
		if err != nil {
			errL = err
			return
		}
		loaded = &France{Communes: cs, Departments: ds, byINSEE: make(map[string]int, len(cs))}
		for i, c := range cs {
			loaded.byINSEE[c.INSEE] = i
		}
	})
	return loaded, errL
}

// Commune returns the commune with the INSEE code, if any.
func (f *France) Commune(insee string) (*medibus.Commune, bool) {
	i, ok := f.byINSEE[insee]
	if !ok {
		return nil, false
	}
	return &f.Communes[i], true
}

// Department returns the department with the code, if any.
func (f *France) Department(code string) (*medibus.Department, bool) {
	for i := range f.Departments {
		if f.Departments[i].Code == code {
			return &f.Departments[i], true
		}
	}
	return nil, false
}

// ReadCommunes reads communes in the format of communes-fr.csv:
// insee,name,department,region,lat,lon,population,postal_codes.
func ReadCommunes(r io.Reader, file string) ([]medibus.Commune, error) {
	t, err := csvtable.NewReader(r, file, "insee", "name", "department", "region", "lat", "lon", "population")
	if err != nil {
		return nil, err
	}
	var out []medibus.Commune
	seen := map[string]int{}
	for {
		err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		c := medibus.Commune{
			INSEE:      t.Get("insee"),
			Name:       t.Get("name"),
			Department: t.Get("department"),
			Region:     t.Get("region"),
		}
		if len(c.INSEE) != 5 {
			return nil, t.Fail("insee", "INSEE code %q must have 5 characters (keep leading zeros: 01001)", c.INSEE)
		}
		if prev, dup := seen[c.INSEE]; dup {
			return nil, t.Fail("insee", "duplicate INSEE code %s (first on line %d)", c.INSEE, prev)
		}
		seen[c.INSEE] = t.Line()
		lat, err1 := strconv.ParseFloat(t.Get("lat"), 64)
		lon, err2 := strconv.ParseFloat(t.Get("lon"), 64)
		if err1 != nil || lat < -90 || lat > 90 {
			return nil, t.Fail("lat", "latitude %q is not a number of degrees between -90 and 90", t.Get("lat"))
		}
		if err2 != nil || lon < -180 || lon > 180 {
			return nil, t.Fail("lon", "longitude %q is not a number of degrees between -180 and 180", t.Get("lon"))
		}
		c.Point = orb.Point{lon, lat}
		pop, err := strconv.Atoi(t.Get("population"))
		if err != nil || pop < 0 {
			return nil, t.Fail("population", "population %q is not a whole number ≥ 0", t.Get("population"))
		}
		c.Population = pop
		if pc := t.Get("postal_codes"); pc != "" {
			c.PostalCodes = strings.Split(pc, ";")
		}
		out = append(out, c)
	}
	return out, nil
}

// readDepartments reads departments-fr.csv:
// department,name,region,region_name,prefecture_insee.
func readDepartments(r io.Reader, file string) ([]medibus.Department, error) {
	t, err := csvtable.NewReader(r, file, "department", "name", "region", "region_name", "prefecture_insee")
	if err != nil {
		return nil, err
	}
	var out []medibus.Department
	for {
		err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, medibus.Department{
			Code:            t.Get("department"),
			Name:            t.Get("name"),
			Region:          t.Get("region"),
			RegionName:      t.Get("region_name"),
			PrefectureINSEE: t.Get("prefecture_insee"),
		})
	}
	return out, nil
}
