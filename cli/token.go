package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"medibus/store"
)

func (a *app) tokenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Manage the access tokens of the HTTP server",
	}
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a token and print it on stdout (it is shown once: only its hash is stored)",
		Long: `Create makes a token for 'medibus serve'. Coordinators may do everything; drivers
see the day sheets of their bus (--unit) or, without --unit, of every bus of the
organisation. Send it as 'Authorization: Bearer TOKEN', or type it in the login form.`,
		Example: "  medibus token create --role coordinator\n  medibus token create --role driver --unit bus-23",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			role, _ := cmd.Flags().GetString("role")
			unit, _ := cmd.Flags().GetString("unit")
			if role != store.RoleCoordinator && role != store.RoleDriver {
				return usageError{fmt.Errorf("--role %q: use coordinator or driver", role)}
			}
			db, err := store.Open(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			secret, t, err := db.CreateToken(cmd.Context(), role, unit)
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, secret)
			scope := "every bus"
			if unit != "" {
				scope = "bus " + unit
			}
			if role == store.RoleCoordinator {
				scope = "everything"
			}
			fmt.Fprintf(a.stderr, "token %d created: %s, %s (keep it secret; it is not shown again)\n", t.ID, role, scope)
			return nil
		},
	}
	create.Flags().String("role", "", "coordinator or driver")
	create.Flags().String("unit", "", "the driver's bus id (default: every bus)")
	create.Flags().String("db", "medibus.db", "SQLite database file")
	revoke := &cobra.Command{
		Use:     "revoke ID",
		Short:   "Revoke a token: a running server refuses it within 30 seconds",
		Example: "  medibus token revoke 3",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usageError{fmt.Errorf("token id %q: give the number printed by 'token create'", args[0])}
			}
			db, err := openExistingStore(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.RevokeToken(cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "token %d revoked\n", id)
			return nil
		},
	}
	revoke.Flags().String("db", "medibus.db", "SQLite database file")
	cmd.AddCommand(create, revoke)
	return cmd
}
