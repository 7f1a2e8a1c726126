package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"medibus/planning"
	"medibus/store"
)

func (a *app) backupCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Copy the database consistently, even while the server writes to it",
		Long: `Backup writes a consistent copy of the database (SQLite's VACUUM INTO: one snapshot,
without stopping the server or blocking its writes) to a new file, checks it with SQLite's
integrity and foreign-key checks, and says how many plans it holds. Copying the file with
cp while the server runs is not a backup: the newest commits may still be in the -wal file.`,
		Example: "  medibus backup --db medibus.db --out /var/backups/medibus-$(date +%F).db",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			if out == "" {
				return usageError{errors.New("--out: name the file to write, for example --out medibus-backup.db")}
			}
			db, err := openExisting(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			n, err := db.Backup(cmd.Context(), out)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "backup of %s written to %s: %d plans, integrity ok\n", c.DB, out, n)
			return nil
		},
	}
	cmd.Flags().String("db", "medibus.db", "SQLite database file")
	cmd.Flags().StringVar(&out, "out", "", "file to write (must not exist)")
	return cmd
}

func (a *app) restoreCmd() *cobra.Command {
	var from string
	var force bool
	cmd := &cobra.Command{
		Use:   "restore",
		Short: "Bring a backup back as the database, after checking it",
		Long: `Restore checks a backup (SQLite's integrity and foreign-key checks, the schema brought
up to date, the published rotation re-checked against every hard constraint) on a copy,
then puts it in place of --db. Stop the server first: it keeps the database open. An
existing database is replaced only with --force.`,
		Example: "  medibus restore --from /var/backups/medibus-2026-12-07.db --db medibus.db --force",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			if from == "" {
				return usageError{errors.New("--from: name the backup to restore")}
			}
			if err := mustExist(from); err != nil {
				return err
			}
			if _, err := os.Stat(c.DB); err == nil && !force {
				return usageError{fmt.Errorf("database %s exists: stop the server and add --force to replace it with %s", c.DB, from)}
			}
			tmp := c.DB + ".restoring"
			removeDatabase(tmp)
			if err := copyFile(from, tmp); err != nil {
				return err
			}
			summary, err := a.checkRestored(cmd, tmp)
			if err != nil {
				removeDatabase(tmp)
				return fmt.Errorf("restore %s: %w; nothing was replaced", from, err)
			}
			removeDatabase(c.DB)
			if err := os.Rename(tmp, c.DB); err != nil {
				return fmt.Errorf("restore: put %s in place: %w", c.DB, err)
			}
			fmt.Fprintf(a.stdout, "%s restored from %s: %s\n", c.DB, from, summary)
			return nil
		},
	}
	cmd.Flags().String("db", "medibus.db", "SQLite database file to restore to")
	cmd.Flags().StringVar(&from, "from", "", "backup to restore (made by medibus backup)")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing database")
	return cmd
}

// checkRestored opens the copy at path (bringing its schema up to date), checks it, and
// re-checks its latest published rotation; it says what it holds.
func (a *app) checkRestored(cmd *cobra.Command, path string) (string, error) {
	c, err := a.loadConfig(cmd, map[string]string{})
	if err != nil {
		return "", err
	}
	db, err := store.Open(path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	ctx := cmd.Context()
	if err := db.Check(ctx); err != nil {
		return "", err
	}
	plans, err := db.ListPlans(ctx)
	if err != nil {
		return "", err
	}
	pl, err := db.ResolvePlan(ctx, "published")
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Sprintf("%d plans, integrity ok, none published", len(plans)), nil
	}
	if err != nil {
		return "", err
	}
	travel, err := c.Travel.Model()
	if err != nil {
		return "", err
	}
	vs, err := (&planning.Service{Store: db, Travel: travel}).CheckStored(ctx, db, pl)
	if err != nil {
		return "", err
	}
	if len(vs) > 0 {
		return "", fmt.Errorf("published plan %d breaks %d hard constraints (first: %s)", pl.ID, len(vs), vs[0])
	}
	return fmt.Sprintf("%d plans, integrity ok, published plan %d holds every hard constraint", len(plans), pl.ID), nil
}

// copyFile copies src to dst, which it creates.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("write %s: %w", dst, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return out.Close()
}
