package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/ui"
	"github.com/partnerdash/partnerdash/ui/fleetview"
)

func init() {
	register(command{name: "fleet", summary: "the fleet screen: every tenant's partner health, most urgent first", run: withSignals(runFleet)})
}

const fleetAbout = `
The fleet screen: one row per tenant of --fleet FILE with its worst partner health, its partners
per state for both kinds (device management and compliance), the nearest device deadline, and
the tenant's own status (loading, consent missing with the admin-consent URL, throttled with
Graph's Retry-After, unreachable, auth failed). Most urgent first; / filters, u keeps only the
tenants that need a look, s changes the sort, enter opens that tenant's dashboard and esc comes
back to the fleet. The screen is usable while tenants load ("12/25 loaded"); at most
--concurrency tenants are read at once, and again every --refresh.

Without --fleet, the tenant flags, the environment or the config file name one tenant (a fleet of
one); with nothing configured the screen opens the built-in demo fleet of 25 simulated tenants
(DEMO). The fleet screen never signs in interactively: for a delegated fleet run
'partnerdash login' first.`

// fleetEvery is how often the fleet screen reads every tenant again by default: a fleet of a
// thousand tenants read every 5 minutes stays far below Graph's limits.
const fleetEvery = 5 * time.Minute

// fleetConfig is what the fleet command's flags say.
type fleetConfig struct {
	fleet   fleetFlags
	tenant  *profile.Flags
	every   time.Duration
	noColor bool
}

// parseFleetFlags reads the fleet command's flags; -h prints its help on stdout.
func parseFleetFlags(args []string, stdout io.Writer) (fleetConfig, error) {
	fs, flags := tenantFlagSet("fleet", "fleet [--fleet FILE | tenant flags] [--concurrency N] [flags]", fleetAbout, stdout)
	c := fleetConfig{tenant: flags}
	c.fleet.register(fs)
	fs.DurationVar(&c.every, "refresh", fleetEvery, "read every tenant again every `DURATION` (at least 1m)")
	fs.BoolVar(&c.noColor, "no-color", false, "plain text without colours (as NO_COLOR=1 does)")
	if err := parseNoArgs(fs, args, "fleet"); err != nil {
		return c, err
	}
	switch {
	case c.fleet.concurrency < 1:
		return c, usageError{fmt.Sprintf("fleet: --concurrency must be at least 1, not %d", c.fleet.concurrency)}
	case c.every < time.Minute:
		return c, usageError{fmt.Sprintf("fleet: --refresh %s is too short; tenants are read at most once a minute", c.every)}
	}
	return c, nil
}

// screenFleet is a fleet opened for the fleet screen, and how its header names it.
type screenFleet struct {
	fl     *fleet.Fleet
	source string
	demo   bool
}

// openScreenFleet opens --fleet FILE, or the one tenant the tenant flags name, or with nothing
// configured the built-in demo fleet (served in-process, no network).
func (e sysEnv) openScreenFleet(ctx context.Context, ff fleetFlags, tf *profile.Flags) (screenFleet, error) {
	if ff.file == "" {
		s, err := e.resolve(tf)
		if err != nil {
			return screenFleet{}, err
		}
		if s.Kind == profile.Demo {
			fl, _, err := fleet.OpenDemo(e.clock(), fleet.Options{Concurrency: ff.concurrency, Now: e.now})
			return screenFleet{fl: fl, source: "built-in demo fleet", demo: true}, err
		}
		fl, err := e.openFleet(ctx, ff, tf)
		return screenFleet{fl: fl, source: s.Describe()}, err
	}
	fl, err := e.openFleet(ctx, ff, tf)
	return screenFleet{fl: fl, source: ff.file}, err
}

func runFleet(ctx context.Context, args []string, stdout, stderr io.Writer, e sysEnv) error {
	c, err := parseFleetFlags(args, stdout)
	if err != nil {
		return err
	}
	out, ok := stdout.(*os.File)
	if !ok || !term.IsTerminal(out.Fd()) || !term.IsTerminal(os.Stdin.Fd()) {
		return errors.New("the fleet screen needs a terminal (stdin and stdout); 'partnerdash check --fleet FILE' reads a fleet for scripts")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sf, err := e.openScreenFleet(ctx, c.fleet, c.tenant)
	if err != nil {
		return err
	}
	go sf.fl.Run(ctx, c.every)

	r := newRenderer(out, c.noColor)
	if r.ColorProfile() != termenv.Ascii {
		r.HasDarkBackground() // ask now, before Bubble Tea reads stdin (see runDashboard)
	}
	m := fleetview.New(fleetview.Options{
		Fleet:  sf.fl,
		Source: sf.source,
		Demo:   sf.demo,
		Dashboard: ui.Options{
			ReadOnly: c.tenant.ReadOnly(),
			Renderer: r,
			Now:      time.Now,
			Copy:     ui.OSC52(out, os.Getenv("TERM"), os.Getenv("TMUX") != ""),
			Context:  ctx,
			Location: time.Local,
		},
	})
	_, err = tea.NewProgram(m, tea.WithAltScreen(), tea.WithOutput(out), tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // a signal ended it
	}
	return err
}
