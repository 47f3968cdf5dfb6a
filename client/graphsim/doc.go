// Package graphsim is a local stand-in for the Microsoft Graph (Intune) deviceManagementPartners
// and complianceManagementPartners APIs, and the group look-ups they need: an http.Handler serving
// list, get, create, update, delete (and terminate on the first kind) under /v1.0 and /beta with
// Graph's status codes, headers, error bodies and paging, and with injectable faults (latency,
// 429, 503 bursts, a required bearer token).
//
// It is partnerdash's embedded default: the dashboard talks to it in-process through
// Server.Client when no tenant is configured, tests run it on loopback with httptest, and
// `partnerdash sim` serves it over HTTP.
//
// Every behaviour has a source. "fact" is Microsoft's schema or docs (meta =
// msgraph-metadata clean_v10_metadata/cleanMetadata.xml, docs = microsoft-graph-docs-contrib
// api-reference); "observed" is issue reports of real Intune answers; "guess" is the simulator's
// own choice where nothing public says, kept plausible and named here so nobody mistakes it for
// Graph. Where docs and metadata disagree, metadata wins. The references behind each line are in
// /work/shared/reference/graph-fidelity.md and graph-api.md.
//
// The rows up to "beta serves members" are about deviceManagementPartners; the wire rules among
// them (compressed bodies, key syntax, route errors, 404s, every property with nulls, version
// shapes, model validation failures, $select) hold for complianceManagementPartners too: both
// collections share one code path (routeCollection, the handlers with their per-collection
// description in collection.go, readObject, wire.go, failProblem, project).
// The rows after it are the second kind's and the groups'.
//
//	behaviour                                                     source                                   kind
//	------------------------------------------------------------  ---------------------------------------  --------
//	201 + entity + Location on create; 204 on delete, terminate   docs (create, delete, terminate pages)   fact
//	PATCH answers 204 (200 with the entity under                  docs issue 8701 ("by design")            observed
//	  WithPatchReturnsBody, as the docs show)
//	GET of one entity is at the top level, not in "value"         docs example is a doc bug; Graph OData   observed
//	Location and GET/PATCH/DELETE/terminate take                  Intune on managedDevices                 observed
//	  deviceManagementPartners('{id}')
//	ten properties, all in every answer, null where unset         meta (nullability)                       fact
//	lastHeartbeatDateTime, isConfigured, partnerState,            meta (Nullable="false")                  fact
//	  partnerAppType never null; a never-seen heartbeat is
//	  0001-01-01T00:00:00Z (DateTimeOffset.MinValue)
//	a created partner: configured, state unknown, minimum dates   Intune's "never"; defaults                guess
//	v1.0 has five target kinds and no filter fields; beta adds    meta v1.0 vs beta; msgraph-sdk-go models  fact
//	  filter id/type, scopeTagGroupAssignmentTarget and
//	  androidFotaDeploymentAssignmentTarget
//	the same stored partner read through v1.0 lacks beta's        follows from the schema                  fact
//	  filter fields; scope-tag and FOTA targets are left out
//	  of v1.0 answers (v1.0's model has no such type)
//	v1.0 refuses beta-only members and kinds: 400                 Intune-PowerShell-SDK issue 98; OData    observed
//	  ModelValidationFailure, "The property 'x' does not exist
//	  on type 'microsoft.management.services.api.y'. Make
//	  sure ..." / "A type named 'x' could not be resolved by
//	  the model. When a model is available ...", message
//	  repeated in innerError
//	the docs' v1.0 PATCH example (a scope-tag target) is          meta wins over docs                      fact
//	  refused under v1.0, taken under beta
//	service-managed properties in a POST or PATCH (the docs'      docs examples send them; the schema      guess
//	  examples send them) are type-checked and ignored: the       marks none read-only; Intune's handling
//	  service keeps its values                                    is unknown
//	id in a body: 400 (the service assigns the key)               OData key semantics                      guess
//	ids (app, group, object, filter) are any string               meta: Edm.String; whether Intune checks  fact/
//	                                                              GUIDs is unknown                         guess
//	displayName must not be blank on create                       the admin center requires a name         guess
//	PATCH merges; a sent groupsRequiringPartnerEnrollment         Graph's collection semantics             fact
//	  replaces the whole list
//	Content-Encoding gzip and deflate (zlib or raw) accepted;     kiota-http-go CompressionHandler sends   fact
//	  other encodings 415 with Graph's error body; the            gzip and retries plain on 415; the
//	  decompressed body bounded like a plain one (1 MiB)          bound is ours                            guess
//	a verb with no route: 400 "No method match route              docs issue 6501; ThomasKur/Intune-       observed
//	  template", "No OData route exists that match template       Documentation issue 34; msgraph-sdk-
//	  ~/singleton/navigation... with http verb PUT for request    dotnet issue 2922
//	  /DeviceFE/StatelessDeviceFEService/..."
//	/$count: 400 route error; $count=true on the list gives       msgraph-beta-sdk-dotnet issue 697, on    observed
//	  @odata.count                                                mobileApps; on partners by analogy       (guess)
//	404 ResourceNotFound; message is Intune's JSON document       docs issue 4157; jseerden/Intune-        observed
//	  "An error has occurred - Operation ID ... - Activity ID:    BackupAndRestore issue 55; powershell-
//	  {request-id} - Url: ..."                                    intune-samples issue 89
//	without a client-request-id, Graph's echoes the request-id    graph-fidelity.md                        observed
//	request-ids are new for every request and differ from one     Graph's request-ids are unique           fact
//	  run to the next (random seed; WithRequestIDSeed fixes it
//	  for goldens)
//	a body that is not valid UTF-8: 400 BadRequest naming line    RFC 8259 section 8.1 (JSON is UTF-8);    guess
//	  and column, never stored with U+FFFD                        Graph's exact answer is unknown
//	unknown path segment: 400 "Resource not found for the         Graph OData                              observed
//	  segment 'x'."
//	$select returns only what was selected (no forced id);        Intune-PowerShell-SDK issue 101          observed
//	  context "deviceManagementPartners(displayName)"
//	$filter, $orderby, $search accepted and ignored               Intune often ignores them; unknown here  guess
//	paging: $top capped by the page size (1000), absolute         Graph paging docs; the token's content   fact/
//	  @odata.nextLink; the $skiptoken resumes after the last      is ours                                  guess
//	  partner served
//	terminate: state terminated, non-compliant after 7 days,      the admin center says devices go after   guess
//	  removed after 90 (WithTerminateDeadlines); again: 204,      about 90 days; the rest is unknown
//	  unchanged; an unconfigured placeholder: 400
//	429 and 503 with Retry-After (WithRetryAfter(0) sends none,   throttling docs; almenscorner/IntuneCD   fact/
//	  as real Intune 429s often do)                               issue 217                                observed
//	beta serves members of loaded data it does not know (e.g.     older beta docs; round-trips exports     guess
//	  the legacy deadline fields); v1.0 does not
//	complianceManagementPartners: list, get, create, update,      docs intune-onboarding-compliance-       fact
//	  delete; 201 + Location on create, 204 on delete; PATCH      managementpartner-*.md; the 204 by       (observed
//	  204 (200 under WithPatchReturnsBody)                        analogy with docs issue 8701             for 204)
//	its v1.0 properties: id, displayName (nullable),              meta complianceManagementPartner         fact
//	  partnerState, lastHeartbeatDateTime, {macOs,android,ios}-
//	  Onboarded (Nullable="false"), {macOs,android,ios}Enroll-
//	  mentAssignments (nullable collections); served in the
//	  docs' order, unset lists null, a never-seen heartbeat
//	  0001-01-01T00:00:00Z
//	beta adds linuxOnboarded, linuxEnrollmentAssignments; v1.0    meta beta-entity-types.json; docs beta   fact (beta
//	  answers lack them; in a v1.0 body or $select they are       resource page; Intune-PowerShell-SDK     nullability
//	  refused (400 ModelValidationFailure "does not exist on      issue 98 for the wording                 a guess)
//	  type 'microsoft.management.services.api.complianceMan-
//	  agementPartner'")
//	complianceManagementPartnerAssignment holds one target of     meta (ComplexType with "target")         fact
//	  the same kinds, checked per version as the first kind's
//	older beta's windowsOnboarded/windowsEnrollmentAssignments:   docs history (beta get example)          fact
//	  refused in a body; kept from loaded data and served by                                               (obsolete)
//	  beta as other unknown members are
//	no terminate: {id}/terminate is 400 "Resource not found for   meta: no bound action on the type        guess
//	  the segment 'terminate'"
//	/$count: the route error, as on the first kind                graph-fidelity.md (mobileApps)           guess
//	partnerState and lastHeartbeatDateTime in a body are type-    the docs' create example sends them      guess
//	  checked and left to the service (unknown, minimum date)
//	paging, $top, $count=true: as the first kind                  by analogy                               guess
//	POST /directoryObjects/getByIds {"ids":[...],"types":         docs directoryobject-getbyids.md         fact
//	  ["group"]}: the groups found, with @odata.type; missing
//	  ids left out; at most 1000 ids
//	getByIds with an id that is not a GUID: 400                   commonly reported Entra answer           observed
//	  Request_BadRequest "Invalid object identifier '...'"
//	getByIds with a verb other than POST: 405 with Allow          the directory is not Intune; unknown     guess
//	GET /groups?$search="displayName:x" needs ConsistencyLevel:   docs concepts/aad-advanced-queries.md    fact
//	  eventual; without it 400 Request_UnsupportedQuery
//	  "Request with $search query parameter only works through
//	  MSGraph with a special request header: 'ConsistencyLevel:
//	  eventual'"
//	$search matches a word of the name starting with the term,    docs concepts/search-query-parameter.md  fact,
//	  any case; one clause only                                   (tokenized search on directory objects)  simplified
//	403 on groups (WithGroupsForbidden): Authorization_Request-   the directory's usual 403 without        observed
//	  Denied "Insufficient privileges to complete the             Group.Read.All or Directory.Read.All
//	  operation."
//	groups keep only id and displayName; $select takes those      simulator's choice                       guess
//	demo compliance partners: Jamf Pro device compliance,         MicrosoftDocs/memdocs intune/device-     fact (names);
//	  Kandji, Mosyle Fuse, Addigy, Omnissa Workspace ONE UEM,     security/compliance/third-party-         states, groups
//	  IBM MaaS360, BlackBerry UEM, Citrix Workspace               partners.md                              invented
//
// The demo tenant (DemoTenant) is the legacy Jamf connectors an Intune administrator finds under
// "Partner device management" in 2026 and the unconfigured placeholders (MicrosoftDocs/memdocs);
// the compliance partners (Kandji, Mosyle, Addigy, Workspace ONE) are DemoCompliance's, under
// complianceManagementPartners, and the groups both kinds name are DemoGroups'.
package graphsim
