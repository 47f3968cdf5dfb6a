package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
)

func init() {
	register(command{name: "list", summary: "print the tenant's partners (-o table|json)", run: withSignals(runList)})
}

// runList prints every partner. JSON output is Graph's list shape ({"value":[...]}), so it can be
// fed back to 'partnerdash sim --data'.
func runList(ctx context.Context, args []string, stdout, stderr io.Writer, e sysEnv) error {
	fs, flags := tenantFlagSet("list", "list [--kind device|compliance] [-o table|json] [flags]", `
Prints the tenant's device management partners, one per line, or with --kind compliance its
compliance partners. -o json writes Graph's list shape ({"value":[...]}), which
'partnerdash sim --data FILE' serves back.

Reads the tenant that the flags, the environment or the config file name (signing in first,
on this terminal, when there is no sign-in to reuse), or the built-in demo tenant when nothing is
configured.`, stdout)
	out := outputFormat("table")
	fs.Var(&out, "o", "output `FORMAT`: table or json")
	kind := kindDevice
	fs.Var(&kind, "kind", kindFlagHelp)
	if err := parseNoArgs(fs, args, "list"); err != nil {
		return err
	}
	c, s, err := e.openGraph(ctx, flags, stderr)
	if err != nil {
		return err
	}
	demoNote(stderr, s)
	if kind == kindCompliance {
		return listCompliance(ctx, c, out, stdout, e.clock())
	}
	ps, err := c.List(ctx)
	if err != nil {
		return err
	}
	if out == "json" {
		if ps == nil {
			ps = []model.Partner{}
		}
		return writeJSON(stdout, model.PartnerList{Value: ps})
	}
	return printPartnerTable(stdout, ps, e.clock())
}

// printPartnerTable writes a head line and one line per partner, with the dashboard's columns
// (columns.CLI: the id first); every Graph string is cleaned by model.Show first.
func printPartnerTable(w io.Writer, ps []model.Partner, now time.Time) error {
	rows := make([]columns.Row, len(ps))
	for i := range ps {
		s := model.Show(ps[i])
		rows[i] = columns.NewRow(&s, model.Triage(*s.Partner(), now))
	}
	for _, l := range columns.Table(columns.CLI, rows) {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// writeJSON writes v indented, as scripts and people both read it.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// demoNote tells a script's reader that the data is the built-in demo, not a tenant.
func demoNote(stderr io.Writer, s profile.Settings) {
	if s.Kind == profile.Demo {
		fmt.Fprintln(stderr, "partnerdash: no tenant configured; this is the built-in demo tenant (see 'partnerdash login -h')")
	}
}
