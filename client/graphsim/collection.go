package graphsim

import (
	"encoding/json"
	"slices"

	"github.com/partnerdash/partnerdash/model"
)

// collectionKind says what differs between the collections the simulator serves. Everything
// else, the handlers (handlers_read.go, handlers_write.go) do the same way for both: the list
// with its paging, get, create, update and delete.
type collectionKind struct {
	path       string   // below the service root, e.g. "/deviceManagement/deviceManagementPartners"
	entityType string   // e.g. "microsoft.graph.deviceManagementPartner"
	properties []string // documented properties, in document order
	betaOnly   []string // those of properties that v1.0's type lacks

	// entities is the collection's store in s.
	entities func(s *Server) entities
	// parse checks a create or update body against the version's type, property by property,
	// and returns what it asks to write.
	parse func(members map[string]json.RawMessage, version string) (edit, problem)
	// terminate answers the bound action terminate; nil where the type has no such action.
	terminate func(s *Server, c *call, id string)
}

// propertiesIn are the kind's properties in the version's type.
func (k *collectionKind) propertiesIn(version string) []string {
	if version == model.VersionBeta || k.betaOnly == nil {
		return k.properties
	}
	return slices.DeleteFunc(slices.Clone(k.properties), func(p string) bool { return slices.Contains(k.betaOnly, p) })
}

// collection is the kind the request is for.
func (c *call) collection() *collectionKind {
	if c.kind == nil {
		return partnerKind
	}
	return c.kind
}

// entities is one collection's stored entities as the handlers see them: positions in listing
// (creation) order, ids matched without regard to case, as Graph's GUID keys are. Callers hold
// Server.mu.
type entities interface {
	count() int
	find(id string) (int, bool)
	idAt(i int) string
	// encoded is entity i, whole, as the version serves it (wire.go). The handlers write it after
	// releasing the lock, so a store never changes a returned encoding in place.
	encoded(i int, version string) ([]byte, error)
	remove(id string) bool
}

// edit is a checked create or update body. Callers of insert and merge hold Server.mu.
type edit interface {
	// named reports whether the body sets displayName, which a create requires.
	named() bool
	// insert stores a new entity made from the body under a fresh id and returns that id.
	insert(s *Server) string
	// merge applies the body to the entity with id: sent properties replace stored ones. It
	// reports whether there is such an entity.
	merge(s *Server, id string) bool
}

// partnerKind is /deviceManagement/deviceManagementPartners.
var partnerKind = &collectionKind{
	path:       "/deviceManagement/deviceManagementPartners",
	entityType: "microsoft.graph.deviceManagementPartner",
	properties: model.PartnerProperties,
	entities:   func(s *Server) entities { return &s.partners },
	parse: func(members map[string]json.RawMessage, version string) (edit, problem) {
		u, p := parsePartner(members, version)
		return partnerEdit{u}, p
	},
	terminate: (*Server).terminate,
}

// keyedList is how the simulator stores each collection (partners, compliance partners, groups):
// the items in creation order, as Intune lists them, and an index by lower-case id, since Graph's
// keys are GUIDs matched without regard to case. Server.mu guards it.
type keyedList[T any] struct {
	items []T
	index map[string]int // lower-case id -> position in items
}

// find returns the position of the item with id.
func (l *keyedList[T]) find(id string) (int, bool) {
	i, ok := l.index[lower(id)]
	return i, ok
}

// clear empties the list.
func (l *keyedList[T]) clear() {
	l.items = nil
	l.index = map[string]int{}
}

// put replaces the item with id in place, or adds v at the end.
func (l *keyedList[T]) put(id string, v T) {
	if l.index == nil {
		l.index = map[string]int{}
	}
	if i, ok := l.find(id); ok {
		l.items[i] = v
		return
	}
	l.index[lower(id)] = len(l.items)
	l.items = append(l.items, v)
}

// remove deletes the item with id, renumbering those after it (idOf reads an item's id), and
// reports whether there was one.
func (l *keyedList[T]) remove(id string, idOf func(T) string) bool {
	i, ok := l.find(id)
	if !ok {
		return false
	}
	l.items = append(l.items[:i], l.items[i+1:]...)
	delete(l.index, lower(id))
	for j := i; j < len(l.items); j++ {
		l.index[lower(idOf(l.items[j]))] = j
	}
	return true
}
