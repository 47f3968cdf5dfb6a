package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/model"
)

func init() {
	register(command{name: "check", summary: "a Nagios/Icinga check of every tenant's partners (exit 0-3)", run: withSignals(runCheck)})
}

const checkAbout = `
A monitoring plugin (Nagios, Icinga, Centreon, Zabbix agents; the Nagios plugin conventions):
reads every tenant of --fleet FILE (or the one tenant the tenant flags name), triages each
partner of both kinds with the thresholds below, prints one summary line
'PARTNERS STATUS - summary | perfdata' followed by one line per tenant or partner that is not OK,
and exits with the worst state: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. A tenant that cannot be
read (consent missing, throttled past --timeout, unreachable, sign-in failed) is UNKNOWN for that
tenant, never OK; the overall state ranks CRITICAL above UNKNOWN above WARNING. Bad flags exit 3.

-o json prints every tenant and partner with its state and reason instead (same exit status).
check never signs in interactively: for a delegated sign-in run 'partnerdash login' first.`

// checkConfig is what check's flags say.
type checkConfig struct {
	fleet   fleetFlags
	output  string
	th      model.Thresholds
	timeout time.Duration
}

// Nagios states, in exit-status order.
const (
	nagiosOK = iota
	nagiosWarning
	nagiosCritical
	nagiosUnknown
)

var nagiosNames = []string{"OK", "WARNING", "CRITICAL", "UNKNOWN"}

// worse reports whether state a is worse than b: CRITICAL > UNKNOWN > WARNING > OK.
func worse(a, b int) bool {
	rank := []int{0, 1, 3, 2}
	return rank[a] > rank[b]
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer, e sysEnv) error {
	fs, flags := tenantFlagSet("check", "check [--fleet FILE | tenant flags] [-o text|json] [flags]", checkAbout, stdout)
	c := checkConfig{output: "text", th: checkThresholds()}
	c.fleet.register(fs)
	fs.Func("o", "output `FORMAT`: text (Nagios) or json", func(s string) error {
		if s != "text" && s != "json" {
			return errors.New("want text or json")
		}
		c.output = s
		return nil
	})
	registerThresholds(fs, &c.th)
	fs.DurationVar(&c.timeout, "timeout", 50*time.Second, "give up on tenants not read within `DURATION` (they are UNKNOWN)")
	if err := parseNoArgs(fs, args, "check"); err != nil {
		if err == errHelpShown {
			return err
		}
		fmt.Fprintf(stdout, "PARTNERS UNKNOWN - %s\n", oneLine(err.Error()))
		return exitStatus(nagiosUnknown)
	}
	if err := checkThresholdOrder(c.th); err != nil {
		fmt.Fprintf(stdout, "PARTNERS UNKNOWN - %s (see partnerdash check -h)\n", err)
		return exitStatus(nagiosUnknown)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	fl, err := e.openFleet(ctx, c.fleet, flags)
	if err != nil {
		fmt.Fprintf(stdout, "PARTNERS UNKNOWN - %s\n", oneLine(err.Error()))
		return exitStatus(nagiosUnknown)
	}
	fl.Refresh(ctx, c.timeout)
	now := time.Now
	if e.now != nil {
		now = e.now
	}
	rep := fl.Report(now(), c.th)
	state := writeCheck(stdout, rep, c)
	return exitStatus(state)
}

// tenantState is a tenant's Nagios state: UNKNOWN when it could not be read, else its worst
// partner's health.
func tenantState(tr fleet.TenantReport) int {
	if !tr.Status.Readable() {
		return nagiosUnknown
	}
	return healthState(tr.Health)
}

func healthState(h model.Health) int {
	switch h {
	case model.HealthCritical:
		return nagiosCritical
	case model.HealthWarning:
		return nagiosWarning
	}
	return nagiosOK
}

// writeCheck prints the report in c.output and returns the overall state.
func writeCheck(w io.Writer, rep fleet.Report, c checkConfig) int {
	fleet.SortByUrgency(rep.Tenants)
	state := nagiosOK
	var crit, warn, ok, partners int
	byTenantState := map[int]int{}
	var unknown []string
	oldest, nearest := time.Duration(-1), time.Duration(0)
	hasNearest := false
	for _, tr := range rep.Tenants {
		ts := tenantState(tr)
		byTenantState[ts]++
		if worse(ts, state) {
			state = ts
		}
		if ts == nagiosUnknown {
			unknown = append(unknown, tr.Config.Label()+" ("+tr.Status.Kind.String()+")")
		}
		crit += tr.Summary.Critical
		warn += tr.Summary.Warning
		ok += tr.Summary.OK
		partners += len(tr.Partners)
		for _, p := range tr.Partners {
			a := p.Assessment
			if !a.Configured {
				continue
			}
			if a.HasHeartbeat && p.State == model.StateEnabled && a.HeartbeatAge > oldest {
				oldest = a.HeartbeatAge
			}
			if d, ok := a.Next(); ok && (!hasNearest || d.In < nearest) {
				nearest, hasNearest = d.In, true
			}
		}
	}
	if c.output == "json" {
		writeCheckJSON(w, rep, state, c)
		return state
	}
	summary := fmt.Sprintf("%d critical, %d warning, %d ok in %d %s",
		crit, warn, ok, len(rep.Tenants), plural(len(rep.Tenants), "tenant", "tenants"))
	if len(unknown) > 0 {
		shown := unknown
		if len(shown) > 5 {
			shown = append(shown[:5:5], fmt.Sprintf("%d more", len(unknown)-5))
		}
		summary += fmt.Sprintf("; %d %s not read: %s", len(unknown), plural(len(unknown), "tenant", "tenants"), strings.Join(shown, ", "))
	}
	perf := []string{
		fmt.Sprintf("tenants=%d;;;0", len(rep.Tenants)),
		fmt.Sprintf("tenants_unknown=%d;;1;0", byTenantState[nagiosUnknown]),
		fmt.Sprintf("partners=%d;;;0", partners),
		fmt.Sprintf("partners_critical=%d;;1;0", crit),
		fmt.Sprintf("partners_warning=%d;1;;0", warn),
	}
	if oldest >= 0 {
		perf = append(perf, fmt.Sprintf("oldest_heartbeat=%ds;%d;%d;0", int(oldest.Seconds()), int(c.th.StaleHeartbeat.Seconds()), int(c.th.DeadHeartbeat.Seconds())))
	}
	if hasNearest {
		perf = append(perf, fmt.Sprintf("nearest_deadline=%ds;%d:;%d:", int(nearest.Seconds()), int(c.th.DeadlineSoon.Seconds()), int(c.th.DeadlineNear.Seconds())))
	}
	fmt.Fprintf(w, "PARTNERS %s - %s | %s\n", nagiosNames[state], oneLine(summary), strings.Join(perf, " "))
	// Long output: what is not OK, most urgent first.
	for _, tr := range rep.Tenants {
		name := oneLine(model.Sanitize(tr.Config.Label()))
		if ts := tenantState(tr); ts == nagiosUnknown {
			line := fmt.Sprintf("UNKNOWN %s: %s", name, tr.Status.Kind)
			if tr.Status.Reason != "" {
				line += ": " + tr.Status.Reason
			}
			if tr.Status.ConsentURL != "" {
				line += " (admin consent: " + tr.Status.ConsentURL + ")"
			}
			if !tr.Status.Until.IsZero() {
				line += " (Graph asks to wait until " + tr.Status.Until.UTC().Format(time.RFC3339) + ")"
			}
			fmt.Fprintln(w, oneLine(line))
			continue
		}
		for _, p := range tr.Partners {
			if ps := healthState(p.Assessment.Health); ps != nagiosOK {
				what := ""
				if p.Kind == fleet.KindCompliance {
					what = " (compliance)"
				}
				fmt.Fprintln(w, oneLine(fmt.Sprintf("%s %s: %s%s: %s", nagiosNames[ps], name, model.Sanitize(p.DisplayName), what, p.Assessment.Reason())))
			}
		}
	}
	return state
}

// checkJSON is -o json: every tenant and partner with its state and reason.
type checkJSON struct {
	Status     string            `json:"status"`
	ExitCode   int               `json:"exit_code"`
	CheckedAt  time.Time         `json:"checked_at"`
	Thresholds map[string]string `json:"thresholds"`
	Tenants    []checkTenantJSON `json:"tenants"`
}

type checkTenantJSON struct {
	ID                string             `json:"id"`
	Name              string             `json:"name"`
	Status            string             `json:"status"`
	TenantStatus      string             `json:"tenant_status"`
	Reason            string             `json:"reason,omitempty"`
	ConsentURL        string             `json:"consent_url,omitempty"`
	RetryAfterSeconds float64            `json:"retry_after_seconds,omitempty"`
	FetchedAt         *time.Time         `json:"fetched_at,omitempty"`
	Partners          []checkPartnerJSON `json:"partners"`
}

type checkPartnerJSON struct {
	Kind                string     `json:"kind"`
	ID                  string     `json:"id"`
	Name                string     `json:"name"`
	State               string     `json:"state"`
	Configured          bool       `json:"configured"`
	Status              string     `json:"status"`
	Health              string     `json:"health"`
	Reason              string     `json:"reason"`
	LastHeartbeat       *time.Time `json:"last_heartbeat,omitempty"`
	HeartbeatAgeSeconds *int64     `json:"heartbeat_age_seconds,omitempty"`
	NonCompliantAt      *time.Time `json:"non_compliant_at,omitempty"`
	RemovedAt           *time.Time `json:"removed_at,omitempty"`
}

func writeCheckJSON(w io.Writer, rep fleet.Report, state int, c checkConfig) {
	out := checkJSON{
		Status: nagiosNames[state], ExitCode: state, CheckedAt: rep.At.UTC(),
		Thresholds: map[string]string{
			"warn_heartbeat": durationFlag{&c.th.StaleHeartbeat}.String(), "crit_heartbeat": durationFlag{&c.th.DeadHeartbeat}.String(),
			"warn_deadline": durationFlag{&c.th.DeadlineSoon}.String(), "crit_deadline": durationFlag{&c.th.DeadlineNear}.String(),
		},
		Tenants: []checkTenantJSON{},
	}
	for _, tr := range rep.Tenants {
		tj := checkTenantJSON{
			ID: model.Sanitize(tr.Config.ID), Name: model.Sanitize(tr.Config.Name),
			Status: nagiosNames[tenantState(tr)], TenantStatus: tr.Status.Kind.String(),
			Reason: tr.Status.Reason, ConsentURL: tr.Status.ConsentURL,
			RetryAfterSeconds: tr.Status.RetryAfter.Seconds(),
			Partners:          []checkPartnerJSON{},
		}
		if !tr.Fetched.IsZero() {
			t := tr.Fetched.UTC()
			tj.FetchedAt = &t
		}
		for _, p := range tr.Partners {
			a := p.Assessment
			pj := checkPartnerJSON{
				Kind: p.Kind, ID: model.Sanitize(p.ID), Name: model.Sanitize(p.DisplayName),
				State: model.Sanitize(string(p.State)), Configured: a.Configured,
				Status: nagiosNames[healthState(a.Health)], Health: a.Health.String(), Reason: a.Reason(),
			}
			if a.HasHeartbeat {
				t := p.LastHeartbeat.Time().UTC()
				age := int64(a.HeartbeatAge.Seconds())
				pj.LastHeartbeat, pj.HeartbeatAgeSeconds = &t, &age
			}
			if a.NonCompliant.Set {
				t := a.NonCompliant.At.UTC()
				pj.NonCompliantAt = &t
			}
			if a.Removed.Set {
				t := a.Removed.At.UTC()
				pj.RemovedAt = &t
			}
			tj.Partners = append(tj.Partners, pj)
		}
		out.Tenants = append(out.Tenants, tj)
	}
	_ = writeJSON(w, out)
}
