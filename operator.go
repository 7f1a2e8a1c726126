package medibus

// Operator is who runs a medibus service: named in the legal notice and the
// accessibility statement. Set in medibus.yaml (operator:, read by package config);
// empty fields say so on the pages rather than inventing anything.
type Operator struct {
	// Name of the body that runs the service (an ARS, a department, a CPTS…), its
	// postal address, contact e-mail and phone.
	Name    string
	Address string
	Email   string
	Phone   string
	// Director is the director of publication (directeur de la publication).
	Director string
	// Host names the host of the service and its address (hébergeur).
	Host string
	// Accessibility is the contact for accessibility problems (an e-mail or a form's
	// address); empty means Email.
	Accessibility string
}

// Set reports whether the operator has been named.
func (o Operator) Set() bool { return o.Name != "" }

// AccessibilityContact is where to report an accessibility problem.
func (o Operator) AccessibilityContact() string {
	if o.Accessibility != "" {
		return o.Accessibility
	}
	return o.Email
}
