// Package ui is partnerdash's Bubble Tea dashboard: a list of a tenant's partner connections with
// a detail pane, their triage, and the dialogs that change them.
//
// # Layout
//
// The root model (root.go) is a small router. It owns the layout (layout.go), one list per kind
// of partner (kinds.go: the device management partners' tab and the compliance partners', each
// with its own cursor, sort and filters; 1, 2, [ and ] switch) and the mode, which is derived from state (a dialog is open, the filter has focus,
// the detail pane has focus, or the list). Each mode's keys are handled in handlers.go; the key
// maps (keys.go) enable exactly the bindings that work now, so help shows only those. The screen
// is drawn by header.go (and the tabs, kinds.go), body.go (list.go and table.go for the list,
// detail.go and detail_compliance.go for the detail pane) and footer.go (status line and help).
//
// The rooms below it each have one job and never import the root:
//
//   - ui/dialog: the forms, confirmations, sign-in and profile picker drawn over the panes;
//   - ui/columns: the list's columns, declared once (also read by `partnerdash list -o table`),
//     and the compliance partners' columns (read by `partnerdash list --kind compliance`);
//   - ui/theme: every colour and style, built from the renderer of one terminal;
//   - ui/cells: text fitted to terminal cells (pad, cut, wrap, clamp);
//   - ui/uitest: the test kit (clock, Ascii theme, keys, an in-memory tenant, hostile text);
//   - ui/sshserver: the SSH front door that runs one dashboard (or one fleet screen) per session,
//     the dashboards on the server's one refresher of the tenant (the fleet's own per tenant),
//     each drawn by frames.go (no renderer ticker);
//   - ui/fleetview: the fleet screen, one row per tenant of a fleet; enter opens this dashboard
//     on that tenant's shared snapshots (Options.Snapshots) and esc comes back (Options.Back).
//
// # Data flow
//
// The dashboard talks to a PartnerService (service.go), never to HTTP. It reads its tenant from a
// shared refresher (snapshots.go, load.go): Options.Snapshots, a snapshot.Refresher of
// model.TenantPartners that every dashboard of the tenant reads (each SSH session, the fleet's
// tenant view), or one the dashboard makes from its service. The root holds the snapshot it drew
// and its own state (cursor, filter, sort, scroll, focus, dialog), never a copy of the partners:
// a subscription command waits on the snapshot's Changed channel, r calls Refresh (presses in
// any session share one fetch), a change calls Invalidate, and errors, throttling and the data's
// age come from the snapshot, so every session shows them. A snapshot's partners become entries
// once for every session (entries.go): each partner is cleaned once by model.Show — the only
// place strings from Graph are made safe to draw — and triaged at the fetch's time; a session's
// 30-second tick re-triages its own copy. Compliance partners the same way, by
// model.ShowCompliance and model.TriageCompliance. View only reads state. Properties are labelled
// and said as model.Properties and model.ComplianceProperties declare them, columns as ui/columns
// declares them.
//
// Group names (groups.go): when a partner of either kind is selected, the ids of its groups not
// yet known are resolved in one GroupDirectory.ResolveGroups request and kept for the session;
// the detail pane and the forms say "Mac users (c0ffee00-…)". A 403 keeps the ids, says once which
// permission would show names, and stops group requests; nothing about groups fails the dashboard.
//
// Every dialog opens the same way: an openMsg handed to root.openDialog (overlay.go), which builds
// it from the root's state and refuses changes when Options.ReadOnly is set. A dialog talks back
// only through package dialog's messages (Closed, Refresh, StatusMsg, ProfileChosen,
// SignInClosed). After a change, the tenant is fetched again from Graph (Invalidate); nothing is
// patched locally. The delete confirmation acts on a partner of either kind (ui/dialog/subject.go),
// and so do the edit and create forms (ui/dialog/form_kind.go: a formKind per kind; a compliance
// partner's form has one assignment section per platform, form_assign.go); compliance partners
// have no terminate.
// When the service is also a BetaGuard (a v1.0 Graph client), the edit form first asks it what a
// v1.0 write of the assignments would erase of what only beta shows, and offers to write through
// beta instead (ui/dialog/form_beta.go); a ComplianceBetaGuard does the same for the compliance
// form's per-platform assignments.
package ui
