package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) configCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Show the configuration"}
	show := &cobra.Command{
		Use:   "show",
		Short: "Print the effective settings (defaults < medibus.yaml < MEDIBUS_… < flags) as YAML",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, nil)
			if err != nil {
				return err
			}
			y, err := c.YAML()
			if err != nil {
				return err
			}
			if c.File != "" {
				fmt.Fprintf(a.stdout, "# read from %s\n", c.File)
			}
			fmt.Fprint(a.stdout, y)
			return nil
		},
	}
	cmd.AddCommand(show)
	return cmd
}
