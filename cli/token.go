package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"medibus/store"
)

func (a *app) tokenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Manage the access tokens of the HTTP server",
	}
	cmd.AddCommand(a.tokenCreateCmd(), a.tokenRevokeCmd(), a.tokenListCmd())
	return cmd
}

func (a *app) tokenCreateCmd() *cobra.Command {
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a token and print it on stdout (it is shown once: only its hash is stored)",
		Long: `Create makes a token for 'medibus serve'. Coordinators see every plan; a national
coordinator may change everything, one limited with --organisation (an organisation of
a stored scenario) or --region (a region code, 75) only the buses of that organisation or
region: pins, re-optimisations, breakdowns and publications that touch another bus are
refused (403). Drivers see the day sheets of their bus (--unit, a bus of a stored
scenario) or, without --unit, of every bus. Send it as 'Authorization: Bearer TOKEN', or type it
in the login form. With --expires it stops working by itself, and so do the browser
sessions logged in with it.`,
		Example: "  medibus token create --role coordinator\n  medibus token create --role coordinator --organisation org-23176\n" +
			"  medibus token create --role coordinator --region 75\n  medibus token create --role driver --unit bus-23 --expires 720h",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			f := cmd.Flags()
			role, _ := f.GetString("role")
			unit, _ := f.GetString("unit")
			org, _ := f.GetString("organisation")
			region, _ := f.GetString("region")
			expires, _ := f.GetDuration("expires")
			if role != store.RoleCoordinator && role != store.RoleDriver {
				return usageError{fmt.Errorf("--role %q: use coordinator or driver", role)}
			}
			if expires < 0 {
				return usageError{fmt.Errorf("--expires %s: give a positive duration such as 720h, or none for a token that does not expire", expires)}
			}
			db, err := store.Open(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := checkScope(cmd, db, c.DB, unit, org, region); err != nil {
				return err
			}
			spec := store.TokenSpec{Role: role, Unit: unit, Organisation: org, Region: region}
			if expires > 0 {
				spec.Expires = a.now().Add(expires)
			}
			secret, t, err := db.CreateTokenFor(cmd.Context(), spec)
			if err != nil {
				return usageError{err}
			}
			fmt.Fprintln(a.stdout, secret)
			fmt.Fprintf(a.stderr, "token %d created: %s, %s, %s (keep it secret; it is not shown again)\n", t.ID, role, scope(t), lifetime(t))
			return nil
		},
	}
	create.Flags().String("role", "", "coordinator or driver")
	create.Flags().String("unit", "", "the driver's bus id (default: every bus)")
	create.Flags().String("organisation", "", "a coordinator changes only this organisation's buses (default: all)")
	create.Flags().String("region", "", "a coordinator changes only this region's buses, by INSEE region code (default: all)")
	create.Flags().Duration("expires", 0, "stop working after this long, e.g. 720h (default: never)")
	create.Flags().String("db", "medibus.db", "SQLite database file")
	return create
}

// checkScope refuses a bus, organisation or region that no stored scenario has: a
// typo would make a token that sees, or may change, nothing.
func checkScope(cmd *cobra.Command, db *store.DB, path, unit, org, region string) error {
	if unit == "" && org == "" && region == "" {
		return nil
	}
	sc, err := db.StoredScope(cmd.Context())
	if err != nil {
		return err
	}
	for _, x := range []struct {
		flag, value, what string
		known             []string
	}{{"unit", unit, "a bus", sc.Units}, {"organisation", org, "an organisation", sc.Organisations}, {"region", region, "a region of the buses", sc.Regions}} {
		switch {
		case x.value == "" || slices.Contains(x.known, x.value):
		case len(sc.Units) == 0:
			return usageError{fmt.Errorf("--%s %s: no scenario is stored in %s yet: plan one first (`medibus plan --db %s`), then tie tokens to it", x.flag, x.value, path, path)}
		default:
			return usageError{fmt.Errorf("--%s %q is %s of no stored scenario; they are %s", x.flag, x.value, x.what, strings.Join(x.known, ", "))}
		}
	}
	return nil
}

func (a *app) tokenRevokeCmd() *cobra.Command {
	revoke := &cobra.Command{
		Use:     "revoke ID",
		Short:   "Revoke a token: a running server refuses it, and ends its browser sessions, within 30 seconds",
		Example: "  medibus token revoke 3",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usageError{fmt.Errorf("token id %q: give the number printed by 'token create' or shown by 'token list'", args[0])}
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
	return revoke
}

func (a *app) tokenListCmd() *cobra.Command {
	list := &cobra.Command{
		Use:   "list",
		Short: "List the tokens: id, role, scope, creation, last use and state (never their secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			db, err := openExisting(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			tokens, err := db.ListTokens(cmd.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tROLE\tSCOPE\tCREATED\tLAST USED\tSTATE")
			for _, t := range tokens {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, scope(t), stamp(t.CreatedAt), orNever(t.LastUsedAt), a.state(t))
			}
			return tw.Flush()
		},
	}
	list.Flags().String("db", "medibus.db", "SQLite database file")
	return list
}

// scope says what a token sees.
func scope(t store.Token) string {
	switch {
	case t.Role == store.RoleCoordinator && t.Organisation != "":
		return "sees everything, changes organisation " + t.Organisation
	case t.Role == store.RoleCoordinator && t.Region != "":
		return "sees everything, changes region " + t.Region
	case t.Role == store.RoleCoordinator:
		return "everything"
	case t.Unit != "":
		return "bus " + t.Unit
	}
	return "every bus"
}

// lifetime says until when a new token works.
func lifetime(t store.Token) string {
	if t.ExpiresAt.IsZero() {
		return "no expiry"
	}
	return "expires " + stamp(t.ExpiresAt)
}

// state says whether a token works now.
func (a *app) state(t store.Token) string {
	switch {
	case !t.RevokedAt.IsZero():
		return "revoked " + stamp(t.RevokedAt)
	case !t.Live(a.now()):
		return "expired " + stamp(t.ExpiresAt)
	case !t.ExpiresAt.IsZero():
		return "live, expires " + stamp(t.ExpiresAt)
	}
	return "live"
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func orNever(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return stamp(t)
}
