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
		return getCompliance(ctx, c, id, out, stdout, stderr, e.clock())
	}
	p, err := c.Get(ctx, id)
	if err != nil {
		return err
	}
	if out == "json" {
		return writeJSON(stdout, p)
	}
	names := groupNames(ctx, c, p.GroupIDs(), stderr)
	shown := model.Show(p)
	return printProperties(stdout, model.Properties, *shown.Partner(), names, e.clock())
}

// groupNames names the groups ids for get's table. When the account may not read groups it keeps
// the ids and says on stderr which permission would show names; it never fails get.
func groupNames(ctx context.Context, c groupResolver, ids []string, stderr io.Writer) model.GroupNames {
	names, err := c.ResolveGroups(ctx, ids)
	if fe, ok := model.AsGroupsForbidden(err); ok {
		fmt.Fprintf(stderr, "partnerdash: group ids shown without names: the account may not read groups (grant %s)\n",
			strings.Join(fe.Permissions, " or "))
	} else if err != nil {
		fmt.Fprintf(stderr, "partnerdash: group names not shown: %s\n", model.Sanitize(err.Error()))
	}
	return names
}

// groupResolver is the part of *client.Client that names groups.
type groupResolver interface {
	ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error)
}

// printProperties writes a partner of either kind as label/value lines, one per property its
// kind declares (model.Properties, model.ComplianceProperties) and one per assignment, naming
// groups from names. p must be cleaned (model.Show, model.ShowCompliance); now is the clock for
// the relative part of times.
func printProperties[P any](w io.Writer, props []model.Property[P], p P, names model.GroupNames, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, prop := range props {
		if !prop.Shows(p) {
			continue // not in this Graph version (Linux under v1.0)
		}
		if prop.Assignments != nil {
			as := prop.Assignments(p)
			if len(as) == 0 {
				fmt.Fprintf(tw, "%s\t%s\n", prop.Label, "none")
			}
			for i, a := range as {
				label := ""
				if i == 0 {
					label = prop.Label
				}
				fmt.Fprintf(tw, "%s\t%s\n", label, strings.TrimSpace(model.Sanitize(model.DescribeTarget(a.Target, names))))
			}
			continue
		}
		v := prop.Say(p, now)
		if prop.Explain != nil {
			v += ": " + prop.Explain(p)
		}
		fmt.Fprintf(tw, "%s\t%s\n", prop.Label, strings.TrimSpace(v))
	}
	return tw.Flush()
}
