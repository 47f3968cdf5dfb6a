package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
)

// headerView is the top line: the name, DEMO, where the data comes from and who is looking on
// the left; the spinner while loading, or the time of the last refresh, on the right.
func (m *root) headerView(width int) string {
	t := m.theme
	parts := []string{t.Title.Render("partnerdash")}
	if m.opts.Demo {
		parts = append(parts, t.Demo.Render("DEMO"))
	}
	if m.opts.Source != "" {
		parts = append(parts, t.Muted.Render(m.opts.Source))
	}
	if m.opts.Identity != "" {
		parts = append(parts, t.Text.Render(m.opts.Identity))
	}
	if m.opts.ReadOnly {
		parts = append(parts, t.ReadOnly.Render("READ-ONLY"))
	}
	left := " " + strings.Join(parts, t.HelpSep.Render(" · "))

	var right string
	switch {
	case m.pending > 0:
		right = m.spin.View() + t.Muted.Render(" loading…"+m.waited())
	case m.loaded() && m.snap.Err != nil:
		// The last refresh failed (every session of the tenant says so): what is on screen is
		// the last good data, and its age says how far to trust it.
		say := "✕ refresh failed"
		if at := m.snap.RetryAt; at.After(m.clock) {
			say = "✕ throttled by Graph · retry " + at.In(m.opts.Location).Format("15:04:05")
		}
		right = t.StatusError.Render(say) + t.Muted.Render(" · data from "+model.ShortDuration(m.clock.Sub(m.snap.Fetched).Truncate(time.Second))+" ago")
	case m.loaded():
		right = t.Muted.Render("⟳ " + m.snap.Fetched.In(m.opts.Location).Format("15:04:05"))
		if m.opts.RefreshEvery > 0 {
			right += t.Faint.Render(" · every " + model.ShortDuration(m.opts.RefreshEvery))
		}
	}
	right += " "
	return spread(left, right, width)
}

// spread puts left and right on one line of width cells; left gives way (with an ellipsis).
func spread(left, right string, width int) string {
	rw := ansi.StringWidth(right)
	if rw+1 >= width {
		return cells.Fit(left, width)
	}
	return cells.Fit(left, width-rw-1) + " " + right
}
