package graphsim

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The OData route templates, as Graph names them in its "no route" errors.
const (
	templateCollection = "~/singleton/navigation"
	templateCount      = "~/singleton/navigation/$count"
	templateEntity     = "~/singleton/navigation/key"
	templateAction     = "~/singleton/navigation/key/action"
)

// route sends a request that passed the fault checks to its handler. Segments match without
// regard to case, as Graph's do.
func (s *Server) route(c *call) {
	segs, ok := splitPath(c.r.URL)
	if !ok {
		c.fail(http.StatusBadRequest, codeBadRequest, "The request URI is not valid: a path segment is not properly escaped.")
		return
	}
	if len(segs) == 0 {
		c.fail(http.StatusNotFound, codeNotFound, "Invalid version: the path must start with /v1.0 or /beta.")
		return
	}
	switch {
	case strings.EqualFold(segs[0], "v1.0"):
		c.version = "v1.0"
	case strings.EqualFold(segs[0], "beta"):
		c.version = "beta"
	default:
		c.failf(http.StatusNotFound, codeNotFound, "Invalid version: %s", segs[0])
		return
	}
	rest := segs[1:]
	if len(rest) == 0 || (len(rest) == 1 && strings.EqualFold(rest[0], "deviceManagement")) {
		c.fail(http.StatusNotImplemented, codeNotImplemented,
			"graphsim serves only /deviceManagement/deviceManagementPartners and complianceManagementPartners, and the groups they name, of Microsoft Graph.")
		return
	}
	if strings.EqualFold(rest[0], "directoryObjects") || strings.EqualFold(rest[0], "groups") {
		s.routeDirectory(c, rest) // groups.go
		return
	}
	if !strings.EqualFold(rest[0], "deviceManagement") {
		unknownSegment(c, rest[0])
		return
	}
	name, key, keyed := keySegment(rest[1])
	if !keyed {
		name = rest[1]
	}
	switch {
	case strings.EqualFold(name, "deviceManagementPartners"):
		c.kind = partnerKind
	case strings.EqualFold(name, "complianceManagementPartners"):
		c.kind = complianceKind
	default:
		unknownSegment(c, rest[1])
		return
	}
	rest = rest[2:]
	if keyed {
		// collection('{id}'): OData's key syntax, how Intune addresses an entity and how the
		// simulator's own Location header names a new one.
		rest = append([]string{key}, rest...)
	}
	s.routeCollection(c, rest)
}

// routeCollection sends a request below the call's collection (rest: the segments after its
// name) to its handler, or answers as Intune does when there is none.
func (s *Server) routeCollection(c *call, rest []string) {
	method := c.r.Method
	switch {
	case len(rest) == 0:
		switch method {
		case http.MethodGet:
			s.list(c)
		case http.MethodPost:
			s.create(c)
		default:
			noRoute(c, templateCollection)
		}
	case len(rest) == 1 && rest[0] == "$count":
		// Intune has no route for /$count (observed on mobileApps; a guess for partners):
		// $count=true on the list is the way.
		noRoute(c, templateCount)
	case len(rest) == 1:
		switch method {
		case http.MethodGet:
			s.get(c, rest[0])
		case http.MethodPatch:
			s.update(c, rest[0])
		case http.MethodDelete:
			s.delete(c, rest[0])
		default:
			noRoute(c, templateEntity)
		}
	case rest[0] == "$count":
		unknownSegment(c, rest[1])
	case isTerminate(rest[1]) && c.collection().terminate != nil:
		if len(rest) > 2 {
			unknownSegment(c, rest[2])
			return
		}
		if method != http.MethodPost {
			noRoute(c, templateAction)
			return
		}
		c.collection().terminate(s, c, rest[0])
	default:
		unknownSegment(c, rest[1])
	}
}

// isTerminate matches the bound action, plain or namespace-qualified.
func isTerminate(seg string) bool {
	return strings.EqualFold(seg, "terminate") || strings.EqualFold(seg, "microsoft.graph.terminate")
}

// unknownSegment is Graph's answer to a path it has no resource for.
func unknownSegment(c *call, seg string) {
	c.failf(http.StatusBadRequest, codeBadRequest, "Resource not found for the segment '%s'.", seg)
}

// intuneRequestPath is the path Intune's front end names in its route errors, in front of the
// path below the version (observed: "for request /DeviceFE/StatelessDeviceFEService/...").
const intuneRequestPath = "/DeviceFE/StatelessDeviceFEService"

// noRoute is Intune's answer to a verb the route does not take, and to a route it does not have
// at all ($count): 400, not 405, with the OData route template in the message (observed: docs
// issue 6501, msgraph-sdk-dotnet issue 2922, msgraph-beta-sdk-dotnet issue 697).
func noRoute(c *call, template string) {
	path := c.r.URL.EscapedPath()
	if i := strings.Index(strings.ToLower(path), "/devicemanagement"); i >= 0 {
		path = path[i:]
	}
	c.fail(http.StatusBadRequest, codeNoRoute, fmt.Sprintf(
		"No OData route exists that match template %s with http verb %s for request %s%s.",
		template, c.r.Method, intuneRequestPath, path))
}

// keySegment reads "name('{id}')" (any case; a doubled quote inside the key is one quote, as
// OData escapes it) and returns the collection's name and the key.
func keySegment(seg string) (name, key string, ok bool) {
	open := strings.Index(seg, "('")
	if open <= 0 || !strings.HasSuffix(seg, "')") || len(seg) < open+4 {
		return "", "", false
	}
	return seg[:open], strings.ReplaceAll(seg[open+2:len(seg)-2], "''", "'"), true
}

// splitPath returns the unescaped path segments, without the empty ones a trailing or doubled
// slash leaves. It works on the escaped path so that an id holding "%2F" stays one segment.
func splitPath(u *url.URL) ([]string, bool) {
	var segs []string
	for _, raw := range strings.Split(u.EscapedPath(), "/") {
		if raw == "" {
			continue
		}
		seg, err := url.PathUnescape(raw)
		if err != nil {
			return nil, false
		}
		segs = append(segs, seg)
	}
	return segs, true
}
