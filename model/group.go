package model

import (
	"errors"
	"strings"
)

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

// GroupReadPermissions are the Graph permissions, least privileged first, that let an account
// read group names: either shows the names of assigned groups.
var GroupReadPermissions = []string{"Group.Read.All", "Directory.Read.All"}

// GroupsForbiddenError says Graph refused (403) to let the account read groups. The dashboard
// keeps showing group ids and says once which permission would show names; it is never a reason
// to fail. Err is the Graph error.
type GroupsForbiddenError struct {
	// Permissions would show names (GroupReadPermissions).
	Permissions []string
	Err         error
}

func (e *GroupsForbiddenError) Error() string {
	return "group names are not shown: this account may not read groups (grant " +
		strings.Join(e.Permissions, " or ") + "): " + e.Err.Error()
}

func (e *GroupsForbiddenError) Unwrap() error { return e.Err }

// AsGroupsForbidden returns the *GroupsForbiddenError in err's chain, if any.
func AsGroupsForbidden(err error) (*GroupsForbiddenError, bool) {
	var fe *GroupsForbiddenError
	ok := errors.As(err, &fe)
	return fe, ok
}
