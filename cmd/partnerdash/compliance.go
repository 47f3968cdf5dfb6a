package main

import (
	"context"
	"fmt"
	"io"
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

// getCompliance prints one compliance partner, as get prints the first kind: its properties as
// model.ComplianceProperties declares them, with assigned groups named when the account may read them.
func getCompliance(ctx context.Context, c *client.Client, id string, out outputFormat, stdout, stderr io.Writer, now time.Time) error {
	p, err := c.GetCompliance(ctx, id)
	if err != nil {
		return err
	}
	if out == "json" {
		return writeJSON(stdout, p)
	}
	names := groupNames(ctx, c, p.GroupIDs(), stderr)
	shown := model.ShowCompliance(p)
	return printProperties(stdout, model.ComplianceProperties, *shown.Partner(), names, now)
}
