package cli

import (
	"medibus/config"
	"medibus/server"
	"medibus/store"
	"medibus/territory"
)

// openServer opens the existing database of c and builds the HTTP server on it, with
// the territory, the travel model, the clock and the planning settings c gives; conf
// holds the rest of server.Config. The caller closes the database.
func (a *app) openServer(c config.Config, conf server.Config) (*server.Server, *store.DB, error) {
	fr, err := territory.Load()
	if err != nil {
		return nil, nil, err
	}
	travel, err := c.Travel.Model()
	if err != nil {
		return nil, nil, err
	}
	db, err := openExisting(c.DB)
	if err != nil {
		return nil, nil, err
	}
	conf.DB, conf.Territory, conf.Travel, conf.Now, conf.ScenarioParams, conf.Operator = db, fr, travel, a.now, &c.Planning, c.Operator
	conf.PublicURL = c.PublicURL
	srv, err := server.New(conf)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return srv, db, nil
}
