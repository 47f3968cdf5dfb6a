// Package fleet reads the partner connections of many tenants at once: the fleet file, tokens per
// tenant, a bounded and polite fetch, and each tenant's status. partnerdash check, exporter and
// the fleet screen are built on it.
//
// # The fleet file
//
// TOML, named with --fleet FILE:
//
//	# One multi-tenant app registration, admin-consented in every customer tenant below.
//	[app]
//	client_id = "5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e"
//	auth      = "application"    # application (default): client credentials per tenant
//	                             # delegated: one partner-tenant user signs in (see below)
//	certificate_path = "/etc/partnerdash/fleet.pem"   # certificate + unencrypted RSA key (PEM)
//	# client_secret_env = "PARTNERDASH_FLEET_SECRET"  # or: a secret from this environment variable
//	cloud       = "global"       # global (default) | usgov | usgovdod | china
//	api_version = "v1.0"         # v1.0 (default) | beta
//	# home_tenant = "contoso-partner.onmicrosoft.com" # delegated: the tenant the user signs in to
//
//	[[tenant]]
//	id   = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0123"   # tenant ID (preferred) or verified domain
//	name = "Contoso Ltd"
//
//	[[tenant]]
//	id   = "fabrikam.onmicrosoft.com"
//	name = "Fabrikam"
//
//	[[tenant]]                   # no sign-in: a simulator (partnerdash sim --tenants N)
//	id        = "lab-1"
//	name      = "Lab tenant"
//	graph_url = "http://127.0.0.1:8080/tenants/lab-1/v1.0"
//
// Secrets are never read from the file (client_secret is an error); unknown keys, duplicate
// tenant ids and a tenant that signs in without an [app] table are errors naming the file.
//
// # App registration and consent
//
// Application sign-in (recommended for monitoring):
//
//  1. In the partner's (your own) tenant, register an app with "Accounts in any organizational
//     directory (multitenant)". Add a certificate (preferred) or a client secret.
//  2. Under API permissions add Microsoft Graph, Application permission
//     DeviceManagementServiceConfig.Read.All (ReadWrite.All only if the fleet is to change
//     partners).
//  3. In each customer tenant a Global Administrator (or Privileged Role Administrator) grants
//     admin consent by opening
//     https://login.microsoftonline.com/{tenant}/adminconsent?client_id={client_id}
//     (the fleet shows this link for every tenant whose consent is missing). National clouds use
//     their own login host.
//  4. The tenant must have an Intune licence; the app needs no Intune role (application
//     permissions are not scoped by Intune RBAC).
//
// Delegated sign-in (auth = "delegated", a GDAP-style setup): the app is a multi-tenant public
// client (allow public client flows) with the delegated permission
// DeviceManagementServiceConfig.Read.All. One user of home_tenant signs in once (partnerdash
// login with that tenant and client id); tokens for each customer tenant are then acquired
// silently with MSAL's AcquireTokenSilent + WithTenantID. The user needs a GDAP relationship (or a
// guest account) in each customer tenant with an Intune role that can read partners (Intune
// Administrator, or a custom role with "Partner device management: Read"), and the app needs
// consent in each customer tenant, as above.
//
// # What a tenant shows
//
// Every tenant has a Status: loading, ok, consent missing, throttled, unreachable or auth failed.
//
//   - consent missing: the sign-in authority answered AADSTS65001 (no consent), AADSTS700016 (the
//     app is unknown in that tenant: never consented), AADSTS7000229 or AADSTS500011 (no service
//     principal), or Graph answered 403 (the token carries no DeviceManagementServiceConfig
//     permission, or a delegated user lacks the Intune role). The status carries the admin-consent
//     URL; a 403's required scopes are in the reason.
//   - throttled: Graph answered 429 (or 503) with a Retry-After; the tenant waits that long
//     without holding up the others and is read again.
//   - unreachable: no answer (DNS, connection, timeout) or a 5xx after the retries.
//   - auth failed: the authority refused the app itself (a wrong secret AADSTS7000215, an unknown
//     certificate AADSTS700027, a tenant that does not exist AADSTS90002) or the delegated user
//     must sign in again. Such a tenant is not retried on every refresh: it waits AuthRetryAfter
//     (30 minutes) so a broken credential does not hammer the authority.
//
// # Being polite
//
// At most Options.Concurrency tenants (default 32) are read at once; a tenant throttled by Graph
// gives up its place while it waits its Retry-After. One refresh is one list request per tenant
// (plus pages), far below Intune's 1,000 requests per 20 s per app per tenant.
package fleet
