package graphsim

// Compliance partners and groups: what the simulator does and where each behaviour comes from.
// (Kept apart from doc.go, whose partner table is being reworked; the lead may merge the two.)
// Repositories: docs = microsoftgraph/microsoft-graph-docs-contrib, meta = microsoftgraph/msgraph-metadata.
//
//	Behaviour                                                          Source                                                Kind
//	---------------------------------------------------------------------------------------------------------------------------------------
//	/deviceManagement/complianceManagementPartners: list, get, create,  docs api-reference/{v1.0,beta}/api/                    documented
//	  update, delete; 201 on create, 204 on delete                        intune-onboarding-compliancemanagementpartner-*.md
//	PATCH answers 204 (200 with WithPatchReturnsBody)                   by analogy with deviceManagementPartners (docs         observed (on the
//	                                                                      issue 8701, "by design")                              first kind)
//	GET of one entity at the top level (no "value" wrapper)             by analogy; the beta get example's wrapper is a         observed (first kind)
//	                                                                      doc bug there too
//	Properties v1.0: id, displayName, partnerState,                     meta clean_v10_metadata/cleanMetadata.xml              schema
//	  lastHeartbeatDateTime, {macOs,android,ios}Onboarded (non-
//	  nullable), {macOs,android,ios}EnrollmentAssignments
//	Beta adds linuxOnboarded and linuxEnrollmentAssignments; v1.0        meta schemas/type-mappings/beta-entity-types.json;     schema (beta
//	  answers leave them out, and refuse them in a body (400 "does not    docs beta resource page                                nullability a guess
//	  exist on type")                                                                                                           by analogy with v1.0)
//	Older beta docs showed windowsOnboarded/windowsEnrollmentAssignments docs history (beta get example)                        documented, obsolete:
//	  : not served, refused in a body                                                                                          the model keeps them
//	                                                                                                                            in Extra if read
//	complianceManagementPartnerAssignment holds one target of the same  meta (ComplexType with "target")                       schema
//	  deviceAndAppManagementAssignmentTarget kinds; the same checks as
//	  for the first kind's assignments
//	No terminate: {id}/terminate answers 400 "Resource not found for    OData's answer for a segment the type does not have    guess
//	  the segment 'terminate'"                                            (no bound action on this type in meta)
//	/$count answers 400 "No OData route exists that match template       graph-fidelity.md (observed on mobileApps)             guess by analogy
//	  ~/singleton/navigation/$count"; $count=true on the list works
//	partnerState and lastHeartbeatDateTime in a create or update are    the docs' create example sends them; the schema has    guess
//	  type-checked, then left to the service (a new partner is unknown,   no read-only annotation; issue 11 makes the same
//	  with the year-1 "never" heartbeat)                                  choice for the first kind
//	Paging: $top, $skiptoken nextLink, $count=true, $select, as for      by analogy with the first kind                         guess
//	  the first kind
//	POST /directoryObjects/getByIds {"ids":[...],"types":["group"]}:    docs api-reference/v1.0/api/directoryobject-getbyids.md documented
//	  the groups found, full objects with @odata.type; missing ids are
//	  left out; at most 1000 ids
//	getByIds with an id that is not a GUID: 400 Request_BadRequest      commonly reported Entra answer                         observed (not on
//	  "Invalid object identifier '...'"                                                                                         this tenant)
//	GET /groups?$search="displayName:x" needs ConsistencyLevel:          docs concepts/aad-advanced-queries.md (the error       documented
//	  eventual; without it 400 Request_UnsupportedQuery "Request with     body is quoted there)
//	  $search query parameter only works through MSGraph with a special
//	  request header: 'ConsistencyLevel: eventual'"
//	$search matches a word of the name that starts with the term,       docs concepts/search-query-parameter.md (tokenized     documented, simplified
//	  without regard to case; one clause only                             search on directory objects)                          (one clause)
//	403 on groups (WithGroupsForbidden): Authorization_RequestDenied    the directory's usual 403 for missing Group.Read.All   observed
//	  "Insufficient privileges to complete the operation."                or Directory.Read.All
//	Groups keep only id and displayName; $select takes those two        simulator's choice                                     guess
//	Demo compliance partners: Jamf Pro device compliance, Kandji,        MicrosoftDocs/memdocs intune/device-security/          documented (names);
//	  Mosyle Fuse, Addigy, Omnissa Workspace ONE UEM, IBM MaaS360,         compliance/third-party-partners.md                     states and groups
//	  BlackBerry UEM, Citrix Workspace device compliance                                                                       invented
