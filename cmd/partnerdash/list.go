package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/partnerdash/partnerdash/config"
	"github.com/partnerdash/partnerdash/model"
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
		return listCompliance(ctx, c, out, stdout)
	}
	ps, err := c.List(ctx)
	if err != nil {
		return err
	}
	if out == "json" {
		return writePartnerListJSON(stdout, ps) // listjson.go: writeJSON's output, streamed
	}
	return printPartnerTable(stdout, ps)
}

// maxNameWidth caps the name column, so that one long name does not widen every line.
const maxNameWidth = 60

// printPartnerTable writes one line per partner; every Graph string is sanitized first, and
// names longer than maxNameWidth columns are cut with an ellipsis (-o json has them whole).
func printPartnerTable(w io.Writer, ps []model.Partner) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSTATE\tAPP TYPE\tCONFIGURED\tLAST HEARTBEAT")
	for _, p := range ps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n",
			cell(p.ID), ansi.Truncate(cell(p.DisplayName), maxNameWidth, "…"), cell(p.PartnerState.Label()), cell(p.PartnerAppType.Label()),
			yesNo(p.IsConfigured), p.LastHeartbeat.String())
	}
	return tw.Flush()
}

// cell makes a Graph string safe and tab-free for one table cell.
func cell(s string) string {
	s = strings.TrimSpace(model.Sanitize(s))
	if s == "" {
		return "—"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// writeJSON writes v indented, as scripts and people both read it. Graph strings are data: beyond
// what encoding/json escapes (C0 controls, U+2028, U+2029), C1 controls and bidi controls are
// written as \uXXXX too, so that printing the JSON on a terminal cannot drive it or reorder
// what is shown. The JSON means the same.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(escapeTerminalControls(b), '\n'))
	return err
}

// escapeTerminalControls rewrites C1 controls (U+0080-U+009F) and bidi controls (U+061C,
// U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) in valid JSON as \uXXXX escapes. Outside strings
// JSON has none of them, so only strings change.
func escapeTerminalControls(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if isTerminalControl(r) {
			if out == nil {
				out = append(make([]byte, 0, len(b)+16), b[:i]...)
			}
			out = fmt.Appendf(out, `\u%04x`, r)
		} else if out != nil {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return b
	}
	return out
}

func isTerminalControl(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f, r == 0x061c, r == 0x200e, r == 0x200f,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// demoNote tells a script's reader that the data is the built-in demo, not a tenant.
func demoNote(stderr io.Writer, s config.Settings) {
	if s.Kind == config.Demo {
		fmt.Fprintln(stderr, "partnerdash: no tenant configured; this is the built-in demo tenant (see 'partnerdash login -h')")
	}
}
