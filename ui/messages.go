package ui

import (
	"errors"
	"time"
)

// Messages the root sends itself. Replies to I/O carry the id of the request that asked, so a
// reply that a newer request has overtaken is dropped instead of undoing the newer one.

// listLoadedMsg is the reply to one List call.
type listLoadedMsg struct {
	req     int
	entries []entry // the partners, sanitized and triaged at at, in the order received
	err     error
	at      time.Time // when the reply arrived, from the injected clock
}

// errNoService says the dashboard was started without a service (a wiring mistake).
var errNoService = errors.New("no partner service configured")

// relTickMsg refreshes relative times ("4m ago") and the triage that depends on the clock.
type relTickMsg struct{}

// autoRefreshMsg re-lists partners on the --refresh timer; gen drops timers a newer one replaced.
type autoRefreshMsg struct{ gen int }

// clearToastMsg hides toast number id, unless a newer toast replaced it.
type clearToastMsg struct{ id int }

// relTickEvery is how often relative times are refreshed when nothing else happens: coarse ages
// ("4m", "9d") do not need more, and an idle dashboard should cost nothing.
const relTickEvery = 30 * time.Second

// toastFor is how long a toast stays in the status line.
const toastFor = 4 * time.Second

// requestTimeout bounds one List call so a hung endpoint becomes an error the user can retry.
const requestTimeout = 30 * time.Second
