package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/partnerdash/partnerdash/ui"
)

func init() {
	register(command{name: "", summary: "open the dashboard (the default)", run: runDashboard})
}

// dashboardConfig is what the dashboard's flags say.
type dashboardConfig struct {
	backend backendFlags // includes --read-only (a profile can set it too)
	refresh time.Duration
	noColor bool
	version bool
}

// minRefresh keeps --refresh from hammering Graph (which throttles per app and tenant).
const minRefresh = 5 * time.Second

// parseDashboardFlags reads the default command's flags; -h prints the main help on stdout.
func parseDashboardFlags(args []string, stdout io.Writer) (dashboardConfig, error) {
	var c dashboardConfig
	fs := newFlagSet("partnerdash", stdout, dashboardHelp)
	c.backend.register(fs)
	fs.DurationVar(&c.refresh, "refresh", 0, "list partners again every `DURATION`, e.g. 60s (at least 5s; default 0: only when you press r, so an idle dashboard sends nothing)")
	fs.BoolVar(&c.noColor, "no-color", false, "plain text without colours (as NO_COLOR=1 does)")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	if err := parseFlags(fs, args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, usageError{fmt.Sprintf("unexpected argument %q (see partnerdash -h)", fs.Arg(0))}
	}
	if c.refresh < 0 || (c.refresh > 0 && c.refresh < minRefresh) {
		return c, usageError{fmt.Sprintf("--refresh %s: use 0 (off) or at least %s", c.refresh, minRefresh)}
	}
	return c, nil
}

// runDashboard is the default command: the TUI on this terminal.
func runDashboard(args []string, stdout, stderr io.Writer) error {
	c, err := parseDashboardFlags(args, stdout)
	if err != nil {
		return err
	}
	if c.version {
		printVersion(stdout)
		return nil
	}
	out, ok := stdout.(*os.File)
	if !ok || !term.IsTerminal(out.Fd()) || !term.IsTerminal(os.Stdin.Fd()) {
		return errors.New("the dashboard needs a terminal (stdin and stdout); see 'partnerdash help' for commands that script")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, err := openBackend(ctx, &c.backend, processEnv())
	if err != nil {
		return err
	}

	r := newRenderer(out, c.noColor)
	if r.ColorProfile() != termenv.Ascii {
		// Ask the terminal for its background now: once Bubble Tea owns stdin the answer would be
		// read as keys (bubbletea#1036, lipgloss#73).
		r.HasDarkBackground()
	}

	var snaps *ui.Snapshots
	if !b.signInFirst {
		// The tenant's one refresher: it lists now (while the terminal is set up), on r, after a
		// change and every --refresh. Without a usable sign-in the dashboard makes its own, so
		// that nothing lists before the sign-in.
		snaps = ui.NewSnapshots(b.svc)
		go snaps.Run(ctx, c.refresh) //nolint:errcheck // ends with ctx
	}
	m := ui.New(ui.Options{
		Service:      b.svc,
		Snapshots:    snaps,
		ReadOnly:     b.readOnly,
		Renderer:     r,
		Now:          time.Now,
		Source:       b.source,
		Demo:         b.demo,
		Profiles:     b.profiles,
		SignIn:       b.signIn,
		SignInFirst:  b.signInFirst,
		RefreshEvery: c.refresh,
		Copy:         ui.OSC52(out, os.Getenv("TERM"), os.Getenv("TMUX") != ""),
		Context:      ctx,
		Location:     time.Local,
	})
	// Leaving cancels (through ctx) a request still in flight.
	_, err = tea.NewProgram(m, tea.WithAltScreen(), tea.WithOutput(out)).Run()
	return err
}

// newRenderer styles output for out. termenv reads NO_COLOR (and CLICOLOR=0) from the
// environment; --no-color forces plain text the same way.
func newRenderer(out io.Writer, noColor bool, opts ...termenv.OutputOption) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(out, opts...)
	if noColor {
		r.SetColorProfile(termenv.Ascii)
	}
	return r
}
