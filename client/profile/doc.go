// Package profile decides where partnerdash's data comes from: the built-in demo, a Graph URL
// without sign-in, or a tenant signed in to through a named profile. Settings come from flags,
// the environment and the XDG config file, in that order of precedence, field by field. Every
// input is passed in (an env lookup func, the config directory), so tests and SSH sessions never
// share global state.
//
// # The config file
//
// $XDG_CONFIG_HOME/partnerdash/config.toml (default ~/.config/partnerdash/config.toml), TOML:
//
//	# Used when neither --profile nor PARTNERDASH_PROFILE names one. Optional when the file has
//	# exactly one profile.
//	default_profile = "contoso"
//
//	[profiles.contoso]
//	tenant    = "contoso.onmicrosoft.com"               # tenant ID or domain; default "organizations"
//	client_id = "5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e"  # app registration (public client flows on)
//	auth      = "device-code"   # device-code (default) | browser | client-secret | certificate
//	cloud     = "global"        # global (default) | usgov | usgovdod | china
//	api_version = "v1.0"        # v1.0 (default) | beta
//	read_only = true            # refuse changes; ask only for DeviceManagementServiceConfig.Read.All
//
//	[profiles."fabrikam gcc high"]
//	tenant           = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0123"
//	client_id        = "6b2d1f3e-9c4a-4e7b-8d2f-1a3b4c5d6e7f"
//	auth             = "certificate"
//	certificate_path = "/etc/partnerdash/fabrikam.pem"  # certificate + unencrypted RSA key, PEM
//	cloud            = "usgov"
//
//	[profiles.browser-at-desk]
//	client_id     = "5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e"
//	auth          = "browser"
//	redirect_port = 8400        # fixed loopback port, so `ssh -L 8400:localhost:8400` works
//
//	[profiles.local]            # a `partnerdash sim`: a graph_url and no client_id means no sign-in
//	graph_url = "http://127.0.0.1:8080/v1.0"
//
// Secrets are never read from the file (a client_secret key is an error): client-secret
// sign-in takes AZURE_CLIENT_SECRET from the environment. Any problem in the file (a syntax
// error, an unknown key, a wrong type, an unknown cloud, auth mode or API version) is an error
// naming the file, the line and the key; partnerdash never falls back to the demo over it. A
// file that group or others can write is refused: it decides where tokens are sent.
//
// # Environment
//
// PARTNERDASH_PROFILE chooses the profile (--profile wins). Azure's conventions override the
// profile's fields: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and
// AZURE_CLIENT_CERTIFICATE_PATH. With no config file they configure a tenant on their own
// (AZURE_CLIENT_ID is required then). A profile without an auth key signs in with client-secret
// when AZURE_CLIENT_SECRET is set, certificate when a certificate path is set, and device-code
// otherwise.
//
// # Flags
//
// --profile, --tenant, --client-id, --auth, --cloud, --api-version, --certificate, --graph-url
// and --read-only override everything else. --graph-url without a profile named by --profile or
// PARTNERDASH_PROFILE talks to that URL without signing in (a local simulator); with one, it
// signs in with the profile and sends the tokens there. The dashboard's profile switcher applies
// the environment to every profile, but of the flags only --read-only.
//
// With no flags, no AZURE_* variables and no config file, partnerdash runs its built-in demo.
package profile
