package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/partnerdash/partnerdash/client"
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
	if out == "json" {
		return listPartnersJSON(ctx, c, stdout)
	}
	ps, err := c.List(ctx)
	if err != nil {
		return err
	}
	return printPartnerTable(stdout, ps, e.clock())
}

// listPartnersJSON writes the partners as writeJSON would write the whole list, partner by
// partner as each page arrives (listjson.go), so the first partners go out while later pages are
// still fetched and memory stays flat; each page is flushed whole. When a page fails, the
// partners read before it have been written (a partner that does not decode fails its page after
// the ones before it): stdout is left as they are, an unterminated document that no JSON parser
// takes for the whole list, and the error (non-zero exit) says how many partners it holds.
func listPartnersJSON(ctx context.Context, c *client.Client, stdout io.Writer) error {
	lw := newPartnerListWriter(stdout)
	if err := c.ListEachJSON(ctx, itemPrefix, itemIndent, lw.add, lw.w.Flush); err != nil {
		if ferr := lw.abandon(); ferr != nil || lw.n == 0 {
			return err
		}
		return fmt.Errorf("%w (stdout has the %d partners read before it, as JSON left unterminated)", err, lw.n)
	}
	return lw.close()
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
	// Each of them is encoded in UTF-8 starting with 0xC2, 0xD8 or 0xE2: most JSON has none.
	if bytes.IndexByte(b, 0xC2) < 0 && bytes.IndexByte(b, 0xE2) < 0 && bytes.IndexByte(b, 0xD8) < 0 {
		return b
	}
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
func demoNote(stderr io.Writer, s profile.Settings) {
	if s.Kind == profile.Demo {
		fmt.Fprintln(stderr, "partnerdash: no tenant configured; this is the built-in demo tenant (see 'partnerdash login -h')")
	}
}
