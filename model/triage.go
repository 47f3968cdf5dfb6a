package model

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Health is how urgently a partner needs an admin's attention.
type Health int

// Health levels, least urgent first.
const (
	HealthOK Health = iota
	HealthWarning
	HealthCritical
)

func (h Health) String() string {
	switch h {
	case HealthCritical:
		return "critical"
	case HealthWarning:
		return "warning"
	}
	return "ok"
}

// Thresholds of the triage rules.
const (
	// StaleHeartbeat is how old an active partner's heartbeat may be before it is a warning.
	StaleHeartbeat = 24 * time.Hour
	// DeadHeartbeat is how old an active partner's heartbeat may be before it is critical.
	DeadHeartbeat = 7 * 24 * time.Hour
	// DeadlineNear is how close a device deadline must be to count as critical.
	DeadlineNear = 7 * 24 * time.Hour
	// DeadlineSoon is how close a device deadline must be to count as a warning.
	DeadlineSoon = 30 * 24 * time.Hour
)

// Deadline is one of the partner's device deadlines seen from a given now.
type Deadline struct {
	Name string        // "non-compliant" or "removed"
	At   time.Time     // when; zero when not set
	Set  bool          // false when Graph reports no deadline
	In   time.Duration // At - now; negative when overdue
}

// Overdue reports whether the deadline has passed.
func (d Deadline) Overdue() bool { return d.Set && d.In < 0 }

// Assessment is the triage of one partner at one instant: pure data for the UI's sort and colours.
type Assessment struct {
	Health Health
	// Reasons say why, most important first, e.g. "partner is unresponsive".
	Reasons []string
	// HeartbeatAge is now - last heartbeat; HasHeartbeat is false when there was none.
	HeartbeatAge time.Duration
	HasHeartbeat bool
	NonCompliant Deadline
	Removed      Deadline
	// Configured mirrors isConfigured: placeholders sort last and count apart.
	Configured bool
	// Terminated is true when the connection was terminated: its deadlines are then the expected
	// outcome, and the removal date is the one that matters.
	Terminated bool
}

// Reason joins the reasons in one line, or says all is well.
func (a Assessment) Reason() string {
	if len(a.Reasons) == 0 {
		if !a.Configured {
			return "not configured"
		}
		return "healthy"
	}
	return strings.Join(a.Reasons, "; ")
}

// Next is the deadline to show first: for a terminated connection the removal date, otherwise the
// nearest set deadline (overdue ones first). It reports false when there is none.
func (a Assessment) Next() (Deadline, bool) {
	switch {
	case a.Terminated && a.Removed.Set:
		return a.Removed, true
	case a.NonCompliant.Set && a.Removed.Set:
		if a.Removed.In < a.NonCompliant.In {
			return a.Removed, true
		}
		return a.NonCompliant, true
	case a.NonCompliant.Set:
		return a.NonCompliant, true
	case a.Removed.Set:
		return a.Removed, true
	}
	return Deadline{}, false
}

func deadline(name string, d DateTime, now time.Time) Deadline {
	if !d.IsSet() {
		return Deadline{Name: name}
	}
	return Deadline{Name: name, At: d.Time(), Set: true, In: d.Time().Sub(now)}
}

// Triage applies the rules to p at now:
//   - critical: rejected or unresponsive; an active partner silent for DeadHeartbeat; a device
//     deadline overdue or within DeadlineNear (for a configured partner); for a terminated one,
//     only its devices' removal within DeadlineNear (its passed deadlines are what was asked for);
//   - warning: unavailable, terminated, unknown or undocumented state; an active partner silent for
//     StaleHeartbeat or that never checked in; a device deadline within DeadlineSoon;
//   - ok otherwise. Unconfigured placeholders are never more than a warning.
func Triage(p Partner, now time.Time) Assessment {
	a := Assessment{
		NonCompliant: deadline("non-compliant", p.NonCompliantAt, now),
		Removed:      deadline("removed", p.RemovedAt, now),
		Configured:   p.IsConfigured,
		Terminated:   p.PartnerState == StateTerminated,
	}
	if p.LastHeartbeat.IsSet() {
		a.HasHeartbeat = true
		a.HeartbeatAge = now.Sub(p.LastHeartbeat.Time())
	}
	raise := a.raise
	a.triageConnection(p.PartnerState, p.IsConfigured)
	for _, d := range []Deadline{a.NonCompliant, a.Removed} {
		if !d.Set {
			continue
		}
		what := "devices " + d.Name
		switch {
		case d.Overdue() && a.Terminated:
			// After a termination the deadlines are what was asked for: worth saying, not alarming.
			raise(HealthWarning, what+" "+Ago(-d.In)+" ago")
		case d.Overdue():
			raise(HealthCritical, what+" "+Ago(-d.In)+" ago")
		case d.In <= DeadlineNear && (!a.Terminated || d.Name == "removed"):
			raise(HealthCritical, what+" in "+Ago(d.In))
		case d.In <= DeadlineSoon:
			raise(HealthWarning, what+" in "+Ago(d.In))
		}
	}
	if !p.IsConfigured && a.Health > HealthWarning {
		a.Health = HealthWarning
	}
	return a
}

// Ago renders a duration coarsely, as the list shows it: "45s", "4m", "3h", "9d", "5mo", "2y".
func Ago(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d < 365*24*time.Hour:
		return fmt.Sprintf("%dmo", int(d/(30*24*time.Hour)))
	}
	return fmt.Sprintf("%dy", int(d/(365*24*time.Hour)))
}

// Relative says when a deadline falls relative to now: "in 12d" or "3d overdue".
func (d Deadline) Relative() string {
	if !d.Set {
		return "—"
	}
	if d.Overdue() {
		return Ago(-d.In) + " overdue"
	}
	return "in " + Ago(d.In)
}

// CompareUrgency orders two assessed partners for the default sort: configured before placeholders,
// critical before warning before ok, then the nearest deadline (overdue first, none last), then the
// oldest heartbeat, then display name and id. It returns <0 when a comes first.
func CompareUrgency(a Partner, aa Assessment, b Partner, ba Assessment) int {
	return compareAssessed(a.DisplayName, a.ID, aa, b.DisplayName, b.ID, ba)
}

// compareAssessed is CompareUrgency for any kind of partner, given its name and id.
func compareAssessed(aName, aID string, aa Assessment, bName, bID string, ba Assessment) int {
	if aa.Configured != ba.Configured {
		if aa.Configured {
			return -1
		}
		return 1
	}
	if aa.Health != ba.Health {
		return int(ba.Health) - int(aa.Health)
	}
	ad, aok := aa.Next()
	bd, bok := ba.Next()
	switch {
	case aok && !bok:
		return -1
	case !aok && bok:
		return 1
	case aok && bok && ad.In != bd.In:
		if ad.In < bd.In {
			return -1
		}
		return 1
	}
	if aa.HasHeartbeat && ba.HasHeartbeat && aa.HeartbeatAge != ba.HeartbeatAge {
		if aa.HeartbeatAge > ba.HeartbeatAge {
			return -1
		}
		return 1
	}
	if c := strings.Compare(strings.ToLower(aName), strings.ToLower(bName)); c != 0 {
		return c
	}
	return strings.Compare(aID, bID)
}

// SortByUrgency sorts partners most urgent first, as seen at now.
func SortByUrgency(ps []Partner, now time.Time) {
	as := make(map[string]Assessment, len(ps))
	key := func(p Partner) string { return p.ID + "\x00" + p.DisplayName }
	for _, p := range ps {
		as[key(p)] = Triage(p, now)
	}
	sort.SliceStable(ps, func(i, j int) bool {
		return CompareUrgency(ps[i], as[key(ps[i])], ps[j], as[key(ps[j])]) < 0
	})
}

// Summary counts partners by health, with unconfigured placeholders apart.
type Summary struct {
	Critical, Warning, OK, NotConfigured int
	ByState                              map[PartnerState]int
}

// Summarize triages every partner at now and counts them.
func Summarize(ps []Partner, now time.Time) Summary {
	s := Summary{ByState: map[PartnerState]int{}}
	for _, p := range ps {
		s.Add(p.PartnerState, Triage(p, now))
	}
	return s
}

// Add counts one partner in state, triaged as a: callers that keep their assessments (the
// dashboard re-triages on a timer) count without triaging again.
func (s *Summary) Add(state PartnerState, a Assessment) {
	if s.ByState == nil {
		s.ByState = map[PartnerState]int{}
	}
	s.ByState[state]++
	switch {
	case !a.Configured:
		s.NotConfigured++
	case a.Health == HealthCritical:
		s.Critical++
	case a.Health == HealthWarning:
		s.Warning++
	default:
		s.OK++
	}
}

// raise lifts the health to at least h and records why.
func (a *Assessment) raise(h Health, reason string) {
	if h > a.Health {
		a.Health = h
	}
	a.Reasons = append(a.Reasons, reason)
}

// triageConnection applies the rules both kinds of partner share: the connection state and, for
// an active partner, the heartbeat's age (HeartbeatAge must be set). configured says whether a
// missing heartbeat or an unknown state is worth a warning.
func (a *Assessment) triageConnection(state PartnerState, configured bool) {
	raise := a.raise
	switch state {
	case StateRejected:
		raise(HealthCritical, "Intune rejects this partner's messages")
	case StateUnresponsive:
		raise(HealthCritical, "partner is unresponsive")
	case StateUnavailable:
		raise(HealthWarning, "partner is unavailable")
	case StateTerminated:
		raise(HealthWarning, "connection terminated")
	case StateEnabled:
		switch {
		case !a.HasHeartbeat:
			if configured {
				raise(HealthWarning, "no heartbeat yet")
			}
		case a.HeartbeatAge >= DeadHeartbeat:
			raise(HealthCritical, "no heartbeat for "+Ago(a.HeartbeatAge))
		case a.HeartbeatAge >= StaleHeartbeat:
			raise(HealthWarning, "no heartbeat for "+Ago(a.HeartbeatAge))
		}
	case StateUnknown, "":
		if configured {
			raise(HealthWarning, "state unknown")
		}
	default:
		raise(HealthWarning, fmt.Sprintf("undocumented state %q", Sanitize(string(state))))
	}
}
