// Package config owns medibus's configuration: built-in defaults, overridden by a
// config file (medibus.yaml), then by MEDIBUS_… environment variables, then by command
// flags. It is the only package that knows viper; the rest receives a plain Config.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"medibus"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"medibus/scenario"
	"medibus/scheduler"
)

// Config is the effective configuration of a run.
type Config struct {
	// DB is the SQLite file that holds scenarios and plans.
	DB string `mapstructure:"db" yaml:"db"`
	// Scenario is a built-in name (france, a region, a department) or a folder of CSV files.
	Scenario string `mapstructure:"scenario" yaml:"scenario"`
	// APL and Demand name a coordinator's CSV files laid over the scenario: the DREES APL
	// per commune (who is in need) and need per commune and service (empty: none).
	APL    string `mapstructure:"apl" yaml:"apl"`
	Demand string `mapstructure:"demand" yaml:"demand"`
	// Engine names the planner.
	Engine string `mapstructure:"engine" yaml:"engine"`
	Seed   int64  `mapstructure:"seed" yaml:"seed"`
	// TimeLimit and Iterations bound a planning run (0: no limit of that kind).
	TimeLimit  time.Duration `mapstructure:"time_limit" yaml:"time_limit"`
	Iterations int           `mapstructure:"iterations" yaml:"iterations"`
	// Start is the Monday the cycle starts on (YYYY-MM-DD); empty means the next Monday.
	Start    string            `mapstructure:"start" yaml:"start"`
	Planning scenario.Params   `mapstructure:"planning" yaml:"planning"`
	Weights  scheduler.Weights `mapstructure:"weights" yaml:"weights"`
	// Travel chooses the travel model (great-circle or an OSRM service).
	Travel Travel `mapstructure:"travel" yaml:"travel"`
	// Operator names who runs the service, for the public legal notice and
	// accessibility statement.
	Operator medibus.Operator `mapstructure:"operator" yaml:"operator"`
	// PublicURL is the address patients reach the public pages at
	// (https://medicobus.example.fr): the QR code of each commune's poster leads there.
	// Empty: the live server takes the address of each request, and the static site's
	// posters go without a QR code.
	PublicURL string `mapstructure:"public_url" yaml:"public_url"`
	// File is the config file that was read, if any (not a setting).
	File string `mapstructure:"-" yaml:"-"`
}

// Default returns the built-in configuration.
func Default() Config {
	return Config{
		DB: "medibus.db", Scenario: "france", Engine: "lns", Seed: 1,
		TimeLimit: 30 * time.Second,
		Planning:  scenario.Defaults(), Weights: scheduler.DefaultWeights(),
		Travel: DefaultTravel(),
	}
}

// FileName is the config file looked for in the working directory and in
// $XDG_CONFIG_HOME/medibus (or ~/.config/medibus) when no --config is given.
const FileName = "medibus.yaml"

// Load builds the effective configuration: defaults < file < environment < flags. file
// may be empty to search the usual places; flags maps setting keys (such as "db" or
// "time_limit") to the command's flags, and only flags the user set override.
func Load(file string, flags map[string]*pflag.Flag) (Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	base, err := yaml.Marshal(Default())
	if err != nil {
		return Config{}, fmt.Errorf("config defaults: %w", err)
	}
	if err := v.ReadConfig(bytes.NewReader(base)); err != nil {
		return Config{}, fmt.Errorf("config defaults: %w", err)
	}
	used := ""
	if file != "" {
		if _, err := os.Stat(file); err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", file, err)
		}
		used = file
	} else {
		dirs := []string{"."}
		if d, err := os.UserConfigDir(); err == nil {
			dirs = append(dirs, d+"/medibus")
		}
		for _, d := range dirs {
			if _, err := os.Stat(d + "/" + FileName); err == nil {
				used = d + "/" + FileName
				break
			}
		}
	}
	if used != "" {
		b, err := os.ReadFile(used)
		if err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", used, err)
		}
		if err := checkKeys(b, used); err != nil {
			return Config{}, err
		}
		if err := v.MergeConfig(bytes.NewReader(b)); err != nil {
			return Config{}, fmt.Errorf("config file %s: %w (check the YAML syntax)", used, err)
		}
	}
	v.SetEnvPrefix("MEDIBUS")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	for key, f := range flags {
		if f != nil && f.Changed {
			if err := v.BindPFlag(key, f); err != nil {
				return Config{}, fmt.Errorf("flag --%s: %w", f.Name, err)
			}
		}
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return Config{}, fmt.Errorf("configuration: %w (check values in %s or MEDIBUS_ variables)", err, orDefault(used, "the environment"))
	}
	c.File = used
	if err := c.Check(); err != nil {
		return Config{}, err
	}
	return c, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// checkKeys rejects keys that the configuration does not know, which are almost always
// typos that would otherwise be silently ignored.
func checkKeys(b []byte, file string) error {
	var got map[string]any
	if err := yaml.Unmarshal(b, &got); err != nil {
		return fmt.Errorf("config file %s: %w (check the YAML syntax)", file, err)
	}
	var want map[string]any
	base, _ := yaml.Marshal(Default())
	_ = yaml.Unmarshal(base, &want)
	return compareKeys(got, want, file, "")
}

func compareKeys(got, want map[string]any, file, prefix string) error {
	for k, gv := range got {
		wv, ok := want[k]
		if !ok {
			return fmt.Errorf("config file %s: unknown setting %q: run `medibus config show` to list the settings", file, prefix+k)
		}
		gm, gok := gv.(map[string]any)
		wm, wok := wv.(map[string]any)
		if gok && wok {
			if err := compareKeys(gm, wm, file, prefix+k+"."); err != nil {
				return err
			}
		}
	}
	return nil
}

// YAML renders the configuration as a config file would hold it.
func (c Config) YAML() (string, error) {
	b, err := yaml.Marshal(c)
	if err != nil {
		return "", errors.New("render configuration: " + err.Error())
	}
	return string(b), nil
}
