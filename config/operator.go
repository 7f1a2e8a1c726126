package config

// Operator is who runs a medibus service: named in the legal notice and the
// accessibility statement. Set in medibus.yaml (operator:); empty fields say so on
// the pages rather than inventing anything.
type Operator struct {
	// Name of the body that runs the service (an ARS, a department, a CPTS…), its
	// postal address, contact e-mail and phone.
	Name    string `mapstructure:"name" yaml:"name"`
	Address string `mapstructure:"address" yaml:"address"`
	Email   string `mapstructure:"email" yaml:"email"`
	Phone   string `mapstructure:"phone" yaml:"phone"`
	// Director is the director of publication (directeur de la publication).
	Director string `mapstructure:"director" yaml:"director"`
	// Host names the host of the service and its address (hébergeur).
	Host string `mapstructure:"host" yaml:"host"`
	// Accessibility is the contact for accessibility problems (an e-mail or a form's
	// address); empty means Email.
	Accessibility string `mapstructure:"accessibility" yaml:"accessibility"`
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
