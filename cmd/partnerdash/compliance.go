package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
)

// partnerKind is --kind: which collection list and get read.
type partnerKind string

const (
	kindDevice     partnerKind = "device"     // deviceManagementPartners
	kindCompliance partnerKind = "compliance" // complianceManagementPartners
)

func (k *partnerKind) String() string { return string(*k) }
func (k *partnerKind) Set(s string) error {
	switch partnerKind(s) {
	case kindDevice, kindCompliance:
		*k = partnerKind(s)
		return nil
	}
	return fmt.Errorf("want device or compliance")
}

// kindFlagHelp is the --kind flag's usage line.
const kindFlagHelp = "partner `KIND`: device (device management partners) or compliance (compliance partners)"

// listCompliance prints every compliance partner: Graph's list shape with -o json, otherwise a
// table with the compliance columns (columns.ComplianceCLI), every Graph string cleaned by
// model.ShowCompliance first; now is the clock for the triage.
func listCompliance(ctx context.Context, c *client.Client, out outputFormat, stdout io.Writer, now time.Time) error {
	ps, err := c.ListCompliance(ctx)
	if err != nil {
		return err
	}
	if out == "json" {
		if ps == nil {
			ps = []model.CompliancePartner{}
		}
		return writeJSON(stdout, model.CompliancePartnerList{Value: ps})
	}
	rows := make([]columns.ComplianceRow, len(ps))
	for i := range ps {
		s := model.ShowCompliance(ps[i])
		rows[i] = columns.NewComplianceRow(&s, model.TriageCompliance(*s.Partner(), now))
	}
	for _, l := range columns.Table(columns.ComplianceCLI, rows) {
		if _, err := fmt.Fprintln(stdout, l); err != nil {
			return err
		}
	}
	return nil
}

// getCompliance prints one compliance partner. The table names assigned groups when the account
// may read them; when it may not, it keeps the ids and says on stderr which permission would help.
func getCompliance(ctx context.Context, c *client.Client, id string, out outputFormat, stdout, stderr io.Writer) error {
	p, err := c.GetCompliance(ctx, id)
	if err != nil {
		return err
	}
	if out == "json" {
		return writeJSON(stdout, p)
	}
	raw := p
	names, err := c.ResolveGroups(ctx, raw.GroupIDs())
	if fe, ok := model.AsGroupsForbidden(err); ok {
		fmt.Fprintf(stderr, "partnerdash: group ids shown without names: the account may not read groups (grant %s)\n",
			strings.Join(fe.Permissions, " or "))
	} else if err != nil {
		fmt.Fprintf(stderr, "partnerdash: group names not shown: %s\n", model.Sanitize(err.Error()))
	}
	shown := model.ShowCompliance(raw)
	p = *shown.Partner()
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("ID", cell(p.ID))
	row("Name", cell(p.DisplayName))
	row("State", cell(p.PartnerState.Label())+": "+cell(p.PartnerState.Meaning()))
	row("Last heartbeat", p.LastHeartbeat.String())
	row("Onboarded", cell(p.OnboardedWords()))
	for _, pl := range model.Platforms {
		e := p.Platform(pl)
		if e.Onboarded == nil && e.Assignments == nil {
			continue // not in this Graph version (Linux under v1.0)
		}
		if len(e.Assignments) == 0 {
			row(pl.String()+" assignments", "—")
		}
		for i, a := range e.Assignments {
			k := ""
			if i == 0 {
				k = pl.String() + " assignments"
			}
			row(k, cell(describeWithGroupNames(a.Target, names))) // names.Label cleans the group names
		}
	}
	return tw.Flush()
}

// cell is a value of a cleaned compliance partner (model.ShowCompliance) for a table: trimmed,
// "—" when empty.
func cell(s string) string { return model.Dash(strings.TrimSpace(s)) }

// describeWithGroupNames says what a target means, naming its group when it is known.
func describeWithGroupNames(t model.Target, names model.GroupNames) string {
	switch v := t.(type) {
	case nil:
		return "?"
	case model.GroupTarget:
		return "Include group " + names.Label(v.GroupID)
	case model.ExclusionGroupTarget:
		return "Exclude group " + names.Label(v.GroupID)
	}
	return t.Describe()
}
