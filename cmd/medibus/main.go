// Command medibus plans the weekly rotations of France's mobile medical buses.
// Run `medibus --help` for the commands; the work is done in package cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"medibus/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
