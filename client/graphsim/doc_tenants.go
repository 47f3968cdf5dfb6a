package graphsim

// Many tenants (Tenants, GenerateFleet; `partnerdash sim --tenants N`): what the simulator does
// and where each behaviour comes from. (Kept apart from doc.go, which another change reworks; the
// lead may merge the two.)
//
//	Behaviour                                                     Source                                     Kind
//	----------------------------------------------------------------------------------------------------------------------
//	Tenants addressed by path: /tenants/{id}/v1.0/...             none: real Graph has one URL per cloud    simulator's own
//	                                                                and tells tenants apart by the access
//	                                                                token's tid claim
//	Tenants.RouteByToken routes /v1.0/... by the bearer token's   Graph (one host for every tenant); the     documented
//	  tenant, as Graph does; an unknown token gets 401              401 body as Server's                        (behaviour), body
//	                                                                                                            as observed
//	A tenant without consent answers every request 403            Graph's directory-wide error shape;        guess
//	  Authorization_RequestDenied "Insufficient privileges to       whether deviceManagementPartners gives
//	  complete the operation."                                      this or Intune's "Application is not
//	                                                                authorized ... scopes" (WithFailNext 403)
//	                                                                to an app without the permission is not
//	                                                                documented
//	A throttled tenant: 503 with Retry-After on its first request,  Graph throttling docs (429/503 with       documented (codes),
//	  then 429 on every third                                       Retry-After); the pattern is ours          pattern a guess
//	A down tenant answers 500 to everything                        none                                       simulator's own
//	The generated mix (1–3 partners per tenant; about 1 in 10       none: invented to exercise triage          simulator's own
//	  stale or unresponsive; half with a compliance partner; 1 in
//	  20 without consent), fictitious Microsoft company names
