package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

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
	return printPartner(stdout, p, e.clock())
}

// printPartner writes the partner as label/value lines, one per property (model.Properties),
// cleaned by model.Show; now is the clock for the relative part of times.
func printPartner(w io.Writer, p model.Partner, now time.Time) error {
	shown := model.Show(p)
	sp := *shown.Partner()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, prop := range model.Properties {
		v := prop.Say(sp, now)
		if prop.Explain != nil {
			v += ": " + prop.Explain(sp)
		}
		fmt.Fprintf(tw, "%s\t%s\n", prop.Label, strings.TrimSpace(v))
	}
	return tw.Flush()
}
