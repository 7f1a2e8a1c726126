// Package cli is the medibus command line: one file per command, wired with cobra.
// cmd/medibus only calls Run, so every command can be tested without a process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	_ "time/tzdata" // Europe/Paris on machines without a zone database

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"medibus"
	"medibus/config"
	"medibus/lang"
)

// Exit codes.
const (
	ExitOK         = 0
	ExitFailure    = 1 // the check failed: violations, bad input
	ExitUsage      = 2 // the command line was wrong
	ExitInterupted = 130
)

// exitError carries an exit code with a message already printed or to print.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// app carries what every command shares.
type app struct {
	stdout, stderr io.Writer
	configFile     string
	// osrm, when set, chooses the OSRM travel model at that URL.
	osrm string
	// travelTimes, when set, is a CSV of known road legs laid over the travel model.
	travelTimes string
	// osrmMaxKmh, when positive, replaces travel.osrm_max_kmh ('bench road' sets it to
	// its fake service's bound).
	osrmMaxKmh float64
	// openRoads, when set, plans as if no road were closed ('bench road' sets it: a
	// road service routes on its own data, so both of its plans must ignore closures).
	openRoads bool
	// now is the clock; tests fix it.
	now func() time.Time
	// isTerminal reports whether progress may be drawn on stderr.
	isTerminal bool
	// langFlag is --lang as given; lang the language of the problems reported, from
	// --lang or else the locale (LC_ALL, LC_MESSAGES, LANG).
	langFlag string
	lang     lang.Lang
}

// Run executes medibus with args (without the program name) and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, now: time.Now, isTerminal: isTerminal(stderr), lang: lang.FromEnv(os.Getenv)}
	if v := os.Getenv("MEDIBUS_TODAY"); v != "" {
		// A rehearsal, or a test: the date taken as today, at the current time of day.
		d, err := medibus.ParseDate(v)
		if err != nil {
			fmt.Fprintf(stderr, "medibus: MEDIBUS_TODAY: %v\n", err)
			return ExitUsage
		}
		a.now = func() time.Time {
			now := time.Now().In(paris())
			return d.At(medibus.Clock(now.Hour()*60+now.Minute()), paris())
		}
	}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "medibus:", lang.Text(ee.err, a.lang))
		}
		return ee.code
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "medibus: interrupted")
		return ExitInterupted
	}
	fmt.Fprintln(stderr, "medibus:", lang.Text(err, a.lang))
	if isUsage(err) {
		return ExitUsage
	}
	return ExitFailure
}

// usageError marks command-line mistakes (exit 2).
type usageError struct{ error }

// Unwrap lets Run tell an interruption wrapped as a usage error (exit 130).
func (u usageError) Unwrap() error { return u.error }

func isUsage(err error) bool {
	var u usageError
	return errors.As(err, &u)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "medibus",
		Short: "Plan the weekly rotations of France's mobile medical buses",
		Long: `medibus plans, for every médicobus and half-day of a repeating cycle, which commune
it serves, with which professional, when and by which road, so that the most people in
need are seen, fairly and regularly; it stores the plans in SQLite and exports them.

Settings come from built-in defaults, then medibus.yaml, then MEDIBUS_… environment
variables, then flags. Run 'medibus config show' to see them.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// With no subcommand, medibus plans the default scenario; a word that is no
		// command is a mistyped one.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{unknownCommand(cmd, args[0])}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runPlan(cmd) },
	}
	addPlanFlags(root)
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&a.configFile, "config", "", "config file (default ./medibus.yaml or ~/.config/medibus/medibus.yaml)")
	root.PersistentFlags().StringVar(&a.langFlag, "lang", "", "language of the problems reported: fr or en (default: the locale, LC_ALL, LC_MESSAGES or LANG; English unless French)")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if a.langFlag == "" {
			return nil
		}
		l, ok := lang.Parse(a.langFlag)
		if !ok {
			return usageError{fmt.Errorf("--lang %q: write fr or en", a.langFlag)}
		}
		a.lang = l
		return nil
	}
	root.PersistentFlags().StringVar(&a.osrm, "osrm", "", "time drives with the OSRM-compatible table service at this URL (travel.provider osrm, travel.osrm_url)")
	root.PersistentFlags().StringVar(&a.travelTimes, "travel-times", "", "road legs you know, a CSV of from,to,minutes,km (INSEE codes), replacing the travel model's between those communes (travel.times_file)")
	root.AddCommand(a.planCmd(), a.validateCmd(), a.exportCmd(), a.scenarioCmd(), a.configCmd(), a.plansCmd(), a.benchCmd(), a.replanCmd(), a.explainCmd(), a.serveCmd(), a.publishCmd(), a.tokenCmd(), a.backupCmd(), a.restoreCmd(), a.siteCmd())
	return root
}

// unknownCommand says that name is not a command, with the commands it resembles.
func unknownCommand(root *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q: run 'medibus --help' for the commands", name)
	if sugg := root.SuggestionsFor(name); len(sugg) > 0 {
		msg = fmt.Sprintf("unknown command %q: did you mean %s?", name, strings.Join(sugg, " or "))
	}
	return errors.New(msg)
}

// loadConfig reads the configuration with the command's flags bound to keys.
func (a *app) loadConfig(cmd *cobra.Command, keys map[string]string) (config.Config, error) {
	flags := map[string]*pflag.Flag{}
	for key, name := range keys {
		flags[key] = cmd.Flags().Lookup(name)
	}
	c, err := config.Load(a.configFile, flags)
	if err != nil {
		return c, err
	}
	if a.osrm != "" {
		c.Travel.Provider, c.Travel.OSRMURL = config.TravelOSRM, a.osrm
	}
	if a.travelTimes != "" {
		c.Travel.TimesFile = a.travelTimes
	}
	if a.openRoads {
		c.Travel.RoadClosures = false
	}
	if a.osrmMaxKmh > 0 {
		c.Travel.OSRMMaxKmh = a.osrmMaxKmh
	}
	return c, nil
}

// startDate returns the configured cycle start, or the next Monday in Paris.
func (a *app) startDate(c config.Config) (medibus.Date, error) {
	if c.Start != "" {
		d, err := medibus.ParseDate(c.Start)
		if err != nil {
			return 0, usageError{fmt.Errorf("--start: %w", err)}
		}
		if d.Weekday() != time.Monday {
			return 0, usageError{fmt.Errorf("--start %s is a %s: a cycle starts on a Monday", d, d.Weekday())}
		}
		return d, nil
	}
	return medibus.NextMonday(a.today(), false), nil
}

// today is the current date in Paris (MEDIBUS_TODAY sets another).
func (a *app) today() medibus.Date { return medibus.DateOf(a.now().In(paris())) }

// paris is the time zone of the dates people read.
func paris() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}
