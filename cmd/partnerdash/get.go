package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/partnerdash/partnerdash/model"
)

func init() {
	register(command{name: "get", summary: "print one partner by ID (-o table|json)", run: withSignals(runGet)})
}

// runGet prints one partner; JSON output is the Graph entity.
func runGet(ctx context.Context, args []string, stdout, stderr io.Writer, e sysEnv) error {
	fs, flags := tenantFlagSet("get", "get ID [--kind device|compliance] [-o table|json] [flags]", `
Prints one device management partner (or with --kind compliance one compliance partner): every
property, its state in words and its group assignments. ID is the partner's GUID, as 'partnerdash list' shows it; flags may come before or
after it. -o json writes the Graph entity as Graph returns it.

Reads the tenant that the flags, the environment or the config file name (signing in first,
on this terminal, when there is no sign-in to reuse), or the built-in demo tenant when nothing is
configured.`, stdout)
	out := outputFormat("table")
	fs.Var(&out, "o", "output `FORMAT`: table or json")
	kind := kindDevice
	fs.Var(&kind, "kind", kindFlagHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// Flags may come after the ID too: partnerdash get ID -o json.
	var id string
	if fs.NArg() > 0 {
		id = fs.Arg(0)
		if err := parseFlags(fs, fs.Args()[1:]); err != nil {
			return err
		}
	}
	switch {
	case id == "":
		return usageError{"get needs a partner ID (see 'partnerdash list')"}
	case fs.NArg() > 0:
		return usageError{fmt.Sprintf("get takes one partner ID, got another: %q", fs.Arg(0))}
	case !model.IsGUID(id):
		return usageError{fmt.Sprintf("%q is not a partner ID (a GUID, as 'partnerdash list' shows)", model.Sanitize(id))}
	}
	c, s, err := e.openGraph(ctx, flags, stderr)
	if err != nil {
		return err
	}
	demoNote(stderr, s)
	if kind == kindCompliance {
		return getCompliance(ctx, c, id, out, stdout, stderr)
	}
	p, err := c.Get(ctx, id)
	if err != nil {
		return err
	}
	if out == "json" {
		return writeJSON(stdout, p)
	}
	return printPartner(stdout, p)
}

// printPartner writes the partner as label/value lines, sanitized.
func printPartner(w io.Writer, p model.Partner) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("ID", cell(p.ID))
	row("Name", cell(p.DisplayName))
	row("State", cell(p.PartnerState.Label())+": "+cell(p.PartnerState.Meaning()))
	row("App type", cell(p.PartnerAppType.Label()))
	row("Single-tenant app", cell(p.SingleTenantAppID))
	row("Configured", yesNo(p.IsConfigured))
	row("Last heartbeat", p.LastHeartbeat.String())
	row("Non-compliant at", p.NonCompliantAt.String())
	row("Removed at", p.RemovedAt.String())
	if len(p.Groups) == 0 {
		row("Groups", "—")
	}
	for i, g := range p.Groups {
		k := ""
		if i == 0 {
			k = "Groups"
		}
		desc := "?"
		if g.Target != nil {
			desc = g.Target.Describe()
		}
		row(k, cell(desc))
	}
	return tw.Flush()
}
