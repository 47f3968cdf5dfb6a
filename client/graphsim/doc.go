// Package graphsim is a faithful local stand-in for the Microsoft Graph (Intune)
// deviceManagementPartners API: an http.Handler serving list, get, create, update, delete,
// terminate and $count under /v1.0 and /beta with Graph's status codes, headers, error bodies and
// paging, and with injectable faults (latency, 429, 503 bursts, a required bearer token).
//
// It is partnerdash's embedded default: the dashboard talks to it in-process through
// Server.Client when no tenant is configured, tests run it on loopback with httptest, and
// `partnerdash sim` serves it over HTTP.
//
// Where Graph's documentation is silent or wrong, the simulator behaves as follows:
//
//   - PATCH answers 204 No Content, as real Intune does (WithPatchReturnsBody gives the documented
//     200 with the entity). Sent properties are merged; a sent groupsRequiringPartnerEnrollment
//     replaces the whole list.
//   - The service-managed properties (partnerState, isConfigured, lastHeartbeatDateTime and the
//     two device deadlines) are type-checked everywhere, refused with 400 "read-only" in a PATCH,
//     and ignored in a POST, whose documented example sends them all. id is refused in both.
//     A created partner is configured, in state unknown, with Intune's year-1 "never" dates.
//   - Bodies are checked as strictly as OData does: malformed JSON, unknown properties (on the
//     partner, its assignments and each target kind), wrong JSON types and unknown enum members
//     give 400 naming the property. displayName must not be blank; app, group and object ids must
//     be GUIDs. A body that is not valid UTF-8 is refused with 400 BadRequest (JSON must be UTF-8,
//     RFC 8259 section 8.1; Graph's exact answer is a guess), never stored with U+FFFD.
//   - request-id is new for every request and differs from one run to the next (it is not
//     seeded), as Graph's are unique.
//   - terminate sets partnerState to terminated, the non-compliance deadline to now+7 days and the
//     removal to now+90 days (WithTerminateDeadlines). Terminating again changes nothing and
//     answers 204; an unconfigured placeholder cannot be terminated (400).
//   - Unknown ids give Intune's 404 ResourceNotFound with a JSON document inside error.message; an
//     unknown path segment gives 400 "Resource not found for the segment"; a wrong method 405.
//   - $select always keeps id; $filter, $orderby and $search are ignored, as Intune often does;
//     paging follows $top (capped by the page size) with an absolute @odata.nextLink whose
//     $skiptoken resumes after the last partner served, so deletions between pages skip nothing.
//   - One tenant is served under both versions; the beta-only assignment filter fields are kept
//     and accepted under v1.0 too.
package graphsim
