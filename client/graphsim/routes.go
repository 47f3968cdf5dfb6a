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
	if strings.EqualFold(rest[1], "complianceManagementPartners") {
		s.routeCompliance(c, rest[2:]) // compliance.go
		return
	}
	if !strings.EqualFold(rest[1], "deviceManagementPartners") {
		unknownSegment(c, rest[1])
		return
	}
	rest = rest[2:]
	method := c.r.Method
	switch {
	case len(rest) == 0:
		switch method {
		case http.MethodGet:
			s.list(c)
		case http.MethodPost:
			s.create(c)
		default:
			noRoute(c, templateCollection, "GET, POST")
		}
	case len(rest) == 1 && rest[0] == "$count":
		if method != http.MethodGet {
			noRoute(c, templateCount, "GET")
			return
		}
		s.count(c)
	case len(rest) == 1:
		switch method {
		case http.MethodGet:
			s.get(c, rest[0])
		case http.MethodPatch:
			s.update(c, rest[0])
		case http.MethodDelete:
			s.delete(c, rest[0])
		default:
			noRoute(c, templateEntity, "GET, PATCH, DELETE")
		}
	case rest[0] == "$count":
		unknownSegment(c, rest[1])
	case isTerminate(rest[1]):
		if len(rest) > 2 {
			unknownSegment(c, rest[2])
			return
		}
		if method != http.MethodPost {
			noRoute(c, templateAction, "POST")
			return
		}
		s.terminate(c, rest[0])
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

// noRoute answers a method the route does not take: 405 with the methods it does take.
func noRoute(c *call, template, allow string) {
	c.w.Header().Set("Allow", allow)
	c.fail(http.StatusMethodNotAllowed, codeMethodNotAllowed, fmt.Sprintf(
		"No OData route exists that match template %s with http verb %s for request %s.",
		template, c.r.Method, c.r.URL.EscapedPath()))
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
