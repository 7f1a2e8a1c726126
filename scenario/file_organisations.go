package scenario

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"medibus"
	"medibus/csvtable"
)

// organisations.csv (optional): who owns and runs the buses, one organisation a row,
// with the booking contact shown to patients.

var organisationsFile = fileSpec{
	name: OrganisationsFile,
	columns: []column{
		{name: "id", required: true},
		{name: "name", required: true},
		{name: "kind", required: true},
		{name: "depot"},
		{name: "region"},
		{name: "phone"},
		{name: "booking"},
		{name: "synthetic"},
	},
	kind: "organisation", optional: true, maxRows: 2000,
}

var organisationKinds = []string{medibus.KindMSP, medibus.KindCPTS, medibus.KindHospital, medibus.KindDepartment}

// readOrganisations reads organisations.csv; their ids are what units.csv names.
func readOrganisations(fo *folder) []medibus.Organisation {
	return readRows(fo, &organisationsFile, fo.organisation)
}

// organisation reads one organisation: a name, a known kind, a known depot when given,
// and a booking contact a patient can use: a phone number, a web link, or nothing.
func (fo *folder) organisation(t *csvtable.Reader) (medibus.Organisation, error) {
	id, err := fo.id(t, "organisation", "id")
	if err != nil {
		return medibus.Organisation{}, err
	}
	o := medibus.Organisation{ID: id, Name: t.Get("name"), Kind: t.Get("kind"), Depot: t.Get("depot"),
		Region: t.Get("region"), Phone: t.Get("phone"), Booking: t.Get("booking")}
	if o.Name == "" || utf8.RuneCountInString(o.Name) > medibus.MaxNameLen {
		return o, t.Fail("name", "write the organisation's name as patients know it, 1 to %d characters", medibus.MaxNameLen)
	}
	if !slices.Contains(organisationKinds, o.Kind) {
		return o, t.Fail("kind", "kind %q: write one of %s", o.Kind, strings.Join(organisationKinds, ", "))
	}
	if o.Depot != "" {
		if err := fo.ref(t, "depot", "depot", o.Depot); err != nil {
			return o, err
		}
	}
	if o.Phone != "" && strings.Trim(o.Phone, "+0123456789 .-()") != "" {
		return o, t.Fail("phone", "%q: write a phone number of digits, spaces, dots and dashes (05 55 00 00 00, +33 5 55 00 00 00)", o.Phone)
	}
	if b := o.Booking; b != "" && !strings.HasPrefix(b, "https://") && !strings.HasPrefix(b, "http://") && strings.Trim(b, "+0123456789 .-()") != "" {
		return o, t.Fail("booking", "%q: write a web link (https://…) or a phone number", b)
	}
	if o.Synthetic, err = boolCol(t, "synthetic"); err != nil {
		return o, err
	}
	return o, nil
}

func organisationsRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, o := range sc.Organisations {
		rows = append(rows, record{"id": o.ID, "name": o.Name, "kind": o.Kind, "depot": o.Depot, "region": o.Region,
			"phone": o.Phone, "booking": o.Booking, "synthetic": strconv.FormatBool(o.Synthetic)})
	}
	return rows
}
