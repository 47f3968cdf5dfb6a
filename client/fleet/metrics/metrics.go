// Package metrics exports a fleet's partner connections as Prometheus metrics. The collector reads
// the tenants' current snapshots on every scrape and never Graph: the fleet's Run reads Graph on
// its interval (prometheus.io, "Writing exporters": read the source on a schedule, not per scrape).
//
// Metric names follow Prometheus conventions: base units with unit suffixes, timestamps as
// *_timestamp_seconds, display names in *_info metrics (joined on tenant, kind and partner_id).
package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/model"
)

var (
	partnerLabels = []string{"tenant", "kind", "partner_id"}

	tenantInfo = prometheus.NewDesc("partnerdash_tenant_info",
		"A tenant of the fleet (always 1), with its display name.", []string{"tenant", "name"}, nil)
	tenantStatus = prometheus.NewDesc("partnerdash_tenant_status",
		"1 for the tenant's current status (ok, loading, consent missing, throttled, unreachable, auth failed), 0 for the others.", []string{"tenant", "status"}, nil)
	tenantSuccess = prometheus.NewDesc("partnerdash_tenant_scrape_success",
		"1 if the last read of the tenant from Graph succeeded, else 0.", []string{"tenant"}, nil)
	tenantDuration = prometheus.NewDesc("partnerdash_tenant_scrape_duration_seconds",
		"How long the last read of the tenant from Graph took.", []string{"tenant"}, nil)
	tenantFetched = prometheus.NewDesc("partnerdash_tenant_last_success_timestamp_seconds",
		"When the tenant was last read successfully (Unix time).", []string{"tenant"}, nil)

	partnerInfo = prometheus.NewDesc("partnerdash_partner_info",
		"A partner connection (always 1), with its display name, app type (device management partners) and whether it is configured.",
		append(append([]string(nil), partnerLabels...), "name", "app_type", "configured"), nil)
	partnerState = prometheus.NewDesc("partnerdash_partner_state",
		"1 for the partner's current partnerState, 0 for the other documented states.",
		append(append([]string(nil), partnerLabels...), "state"), nil)
	partnerHealth = prometheus.NewDesc("partnerdash_partner_health",
		"partnerdash's triage of the partner: 0 ok, 1 warning, 2 critical (the exporter's thresholds).", partnerLabels, nil)
	heartbeatAge = prometheus.NewDesc("partnerdash_partner_heartbeat_age_seconds",
		"Seconds since the partner's last heartbeat, at the time of the scrape (absent when it never sent one).", partnerLabels, nil)
	heartbeatAt = prometheus.NewDesc("partnerdash_partner_last_heartbeat_timestamp_seconds",
		"When the partner last sent a heartbeat (Unix time; absent when never).", partnerLabels, nil)
	nonCompliantAt = prometheus.NewDesc("partnerdash_partner_noncompliant_deadline_timestamp_seconds",
		"When the partner's devices are marked non-compliant (Unix time; absent when not set).", partnerLabels, nil)
	removedAt = prometheus.NewDesc("partnerdash_partner_removal_deadline_timestamp_seconds",
		"When the partner's devices are removed from Intune (Unix time; absent when not set).", partnerLabels, nil)
)

var tenantStatuses = []fleet.StatusKind{fleet.Loading, fleet.OK, fleet.ConsentMissing, fleet.Throttled, fleet.Unreachable, fleet.AuthFailed}

// Collector is a prometheus.Collector over a fleet's snapshots.
type Collector struct {
	fleet *fleet.Fleet
	th    model.Thresholds
	now   func() time.Time
}

// NewCollector exports fl's tenants, triaged with th; now is the clock (time.Now when nil).
func NewCollector(fl *fleet.Fleet, th model.Thresholds, now func() time.Time) *Collector {
	if now == nil {
		now = time.Now
	}
	return &Collector{fleet: fl, th: th, now: now}
}

// Describe sends every metric's description.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{tenantInfo, tenantStatus, tenantSuccess, tenantDuration, tenantFetched,
		partnerInfo, partnerState, partnerHealth, heartbeatAge, heartbeatAt, nonCompliantAt, removedAt} {
		ch <- d
	}
}

// Collect sends the metrics of every tenant's current snapshot.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	now := c.now()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	unix := func(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
	for _, t := range c.fleet.Tenants() {
		tr := t.Report(now, c.th)
		id := model.Sanitize(tr.Config.ID)
		gauge(tenantInfo, 1, id, model.Sanitize(tr.Config.Label()))
		for _, k := range tenantStatuses {
			gauge(tenantStatus, b2f(tr.Status.Kind == k), id, k.String())
		}
		if tr.Status.Kind != fleet.Loading {
			gauge(tenantSuccess, b2f(tr.Status.Readable()), id)
			gauge(tenantDuration, tr.Took.Seconds(), id)
		}
		if !tr.Fetched.IsZero() {
			gauge(tenantFetched, unix(tr.Fetched), id)
		}
		for _, p := range tr.Partners {
			a := p.Assessment
			l := []string{id, p.Kind, model.Sanitize(p.ID)}
			appType := ""
			if p.Partner != nil {
				appType = model.Sanitize(string(p.Partner.PartnerAppType))
			}
			gauge(partnerInfo, 1, append(l, model.Sanitize(p.DisplayName), appType, boolLabel(a.Configured))...)
			state := p.State
			if state == "" {
				state = model.StateUnknown
			}
			for _, s := range model.PartnerStates {
				gauge(partnerState, b2f(s == state), append(l, string(s))...)
			}
			if !state.Known() {
				gauge(partnerState, 1, append(l, model.Sanitize(string(state)))...)
			}
			gauge(partnerHealth, float64(a.Health), l...)
			if a.HasHeartbeat {
				gauge(heartbeatAge, a.HeartbeatAge.Seconds(), l...)
				gauge(heartbeatAt, unix(p.LastHeartbeat.Time()), l...)
			}
			if a.NonCompliant.Set {
				gauge(nonCompliantAt, unix(a.NonCompliant.At), l...)
			}
			if a.Removed.Set {
				gauge(removedAt, unix(a.Removed.At), l...)
			}
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func boolLabel(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
