package scenario

import (
	"slices"
	"strconv"

	"medibus"
	"medibus/csvtable"
)

// organisations.csv (optional): who owns and runs the buses, one organisation a row,
// with the booking contact shown to patients.

var organisationsHead = []string{"id", "name", "kind", "depot", "region", "phone", "booking", "synthetic"}

var organisationKinds = []string{medibus.KindMSP, medibus.KindCPTS, medibus.KindHospital, medibus.KindDepartment}

// readOrganisations reads organisations.csv; their ids are what units.csv names.
func readOrganisations(fo *folder) ([]medibus.Organisation, error) {
	return readRows(fo, OrganisationsFile, true, []string{"id", "name", "kind"}, fo.organisation)
}

// organisation reads one organisation: a known kind and, when given, a known depot.
func (fo *folder) organisation(t *csvtable.Reader) (medibus.Organisation, error) {
	id, err := fo.id(t, "organisation", "id")
	if err != nil {
		return medibus.Organisation{}, err
	}
	o := medibus.Organisation{ID: id, Name: t.Get("name"), Kind: t.Get("kind"), Depot: t.Get("depot"),
		Region: t.Get("region"), Phone: t.Get("phone"), Booking: t.Get("booking")}
	if !slices.Contains(organisationKinds, o.Kind) {
		return o, t.Fail("kind", "kind %q: write one of %v", o.Kind, organisationKinds)
	}
	if o.Depot != "" {
		if err := fo.ref(t, "depot", "depot", o.Depot); err != nil {
			return o, err
		}
	}
	if o.Synthetic, err = boolCol(t, "synthetic"); err != nil {
		return o, err
	}
	return o, nil
}

func organisationsRows(sc *medibus.Scenario) [][]string {
	var rows [][]string
	for _, o := range sc.Organisations {
		rows = append(rows, []string{o.ID, o.Name, o.Kind, o.Depot, o.Region, o.Phone, o.Booking, strconv.FormatBool(o.Synthetic)})
	}
	return rows
}
