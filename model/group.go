package model

import "strings"

// Group is the part of an Entra group (microsoft.graph.group) that partnerdash shows: its id and
// display name, to put a name to the group ids in assignments.
type Group struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
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
