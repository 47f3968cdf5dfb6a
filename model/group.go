package model

import "strings"

// Group is the part of an Entra group (microsoft.graph.group) that partnerdash shows: its id and
// display name, to put a name to the group ids in assignments.
type Group struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	// NotFound is set by a resolver when the directory has no group with this id (deleted, or
	// never a group).
	NotFound bool `json:"-"`
}

// ODataGroup is the @odata.type of an Entra group.
const ODataGroup = "#microsoft.graph.group"

// GroupLabel shows a group the way the dashboard names it: "Mac users (c0ffee00-…)" when the name
// is known, the full id otherwise. The name is sanitized; the id is shortened to its first block.
func GroupLabel(id, name string) string {
	name = strings.TrimSpace(Sanitize(name))
	id = Sanitize(id)
	if name == "" {
		return id
	}
	short := id
	if i := strings.IndexByte(id, '-'); i > 0 {
		short = id[:i] + "-…"
	}
	return name + " (" + short + ")"
}

// GroupIDs returns the Entra group ids the partner's assignments name, each once.
func (p Partner) GroupIDs() []string { return AssignmentGroupIDs(p.Groups) }

// GroupNames are resolved groups keyed by lower-case id (Entra ids are GUIDs, compared without
// case). A group the directory does not have is present with NotFound set.
type GroupNames map[string]Group

// Lookup returns the group for id.
func (g GroupNames) Lookup(id string) (Group, bool) {
	v, ok := g[strings.ToLower(strings.TrimSpace(id))]
	return v, ok
}

// Label names the group with id as the dashboard shows it: "Mac users (c0ffee00-…)" when its
// name is known, "c0ffee00-… (group not found)" when the directory no longer has it, and the bare
// id when it is unknown (not resolved, or the account may not read groups).
func (g GroupNames) Label(id string) string {
	v, ok := g.Lookup(id)
	switch {
	case ok && v.NotFound:
		return Sanitize(id) + " (group not found)"
	case ok:
		return GroupLabel(id, v.DisplayName)
	}
	return Sanitize(id)
}
