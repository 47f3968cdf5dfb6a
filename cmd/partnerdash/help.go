package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/partnerdash/partnerdash/client/profile"
)

// Help plumbing shared by every command. Go's flag package prints a bad flag's error and then the
// whole usage to the FlagSet's output, and the usage again for -h. partnerdash wants neither on
// stderr: a bad flag comes back as an error that main prints on one line (exit 2), and -h prints
// the help on stdout (exit 0), so that `partnerdash sim -h | less` works like any other tool.

func init() {
	register(command{name: "version", summary: "print the version", run: runVersion})
}

// helpOutput is a FlagSet's output: silent while parsing, the command's stdout once -h asked
// for the help (see showHelp).
type helpOutput struct {
	w  io.Writer
	on bool
}

func (h *helpOutput) Write(p []byte) (int, error) {
	if !h.on {
		return len(p), nil
	}
	return h.w.Write(p)
}

// newFlagSet makes a command's FlagSet whose -h prints usage(w, fs) on stdout. Parse it with
// parseFlags (or parseNoArgs).
func newFlagSet(name string, stdout io.Writer, usage func(w io.Writer, fs *flag.FlagSet)) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(&helpOutput{w: stdout})
	fs.Usage = func() { usage(fs.Output(), fs) }
	return fs
}

// showHelp prints fs's usage for real: on a FlagSet from newFlagSet, on the command's stdout.
func showHelp(fs *flag.FlagSet) {
	if h, ok := fs.Output().(*helpOutput); ok {
		h.on = true
		defer func() { h.on = false }()
	}
	fs.Usage()
}

// tenantFlagNames are the flags profile.Flags registers (--profile, --tenant, ...): every command
// that reads partners takes them, and help lists them in a section of their own.
func tenantFlagNames() map[string]bool {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	var f profile.Flags
	f.Register(fs)
	names := map[string]bool{}
	fs.VisitAll(func(fl *flag.Flag) { names[fl.Name] = true })
	return names
}

// printFlags lists every flag of fs the way the README writes them (--name VALUE), each with its
// description and default: the command's own flags first, then the tenant flags, if it has them.
// It walks the FlagSet, so a new flag can never be left out of the help.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	tenant := tenantFlagNames()
	var own, shared []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if tenant[f.Name] {
			shared = append(shared, f)
		} else {
			own = append(own, f)
		}
	})
	if len(own) > 0 {
		fmt.Fprintln(w, "Flags:")
		for _, f := range own {
			printFlag(w, f)
		}
	}
	if len(shared) > 0 {
		if len(own) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, "Tenant flags (they override the environment, which overrides the config file):")
		for _, f := range shared {
			printFlag(w, f)
		}
	}
}

// printFlag writes one flag: "  --name VALUE" and its description, indented, below.
func printFlag(w io.Writer, f *flag.Flag) {
	value, usage := flag.UnquoteUsage(f)
	dashes := "--"
	if len(f.Name) == 1 {
		dashes = "-"
	}
	line := "  " + dashes + f.Name
	if value != "" {
		line += " " + value
	}
	if def := f.DefValue; def != "" && def != "0" && def != "0s" && def != "false" {
		usage += " (default " + def + ")"
	}
	fmt.Fprintf(w, "%s\n        %s\n", line, usage)
}

// versionString is the version set at build time, else the module version `go install ...@v1.2.3`
// records, else "dev".
func versionString() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// printVersion is what --version and `partnerdash version` print.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "partnerdash %s (%s, %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// runVersion is `partnerdash version`.
func runVersion(args []string, stdout, _ io.Writer) error {
	fs := newFlagSet("partnerdash version", stdout, func(w io.Writer, fs *flag.FlagSet) {
		fmt.Fprintln(w, "Usage: partnerdash version\n\nPrints the version, the Go release it was built with, and the platform (as --version does).")
	})
	if err := parseNoArgs(fs, args, "version"); err != nil {
		return err
	}
	printVersion(stdout)
	return nil
}

// commandNames lists the subcommands in the order help shows them.
func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		if n != "" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// printCommands writes the command table of the main help.
func printCommands(w io.Writer) {
	fmt.Fprintln(w, "Commands:")
	for _, n := range commandNames() {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
}

// dashboardHelp is `partnerdash -h` and `partnerdash help`: the whole product on one screen or
// two, with the dashboard's own flags.
func dashboardHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, `partnerdash %s: a terminal dashboard for the partner connections of a Microsoft Intune
tenant: the device management partners (Jamf and the like; Graph's deviceManagementPartners) and
the compliance partners (Jamf Pro's compliance integration, Kandji, Mosyle, ...; Graph's
complianceManagementPartners). See their health at a glance, with assigned groups by name, and
edit, create, delete or terminate them safely. With nothing configured it opens a built-in demo
tenant.

Usage:
  partnerdash [flags]              open the dashboard
  partnerdash <command> [flags]    see Commands
  partnerdash help [command]       this help, or a command's (as 'partnerdash <command> -h')

`, versionString())
	printCommands(w)
	fmt.Fprintln(w)
	printFlags(w, fs)
	fmt.Fprint(w, `
Environment:
  PARTNERDASH_PROFILE            profile to use (as --profile)
  AZURE_TENANT_ID                tenant (as --tenant)
  AZURE_CLIENT_ID                app registration's client ID (as --client-id)
  AZURE_CLIENT_SECRET            client secret, for auth client-secret (never read from a file)
  AZURE_CLIENT_CERTIFICATE_PATH  certificate PEM, for auth certificate (as --certificate)
  NO_COLOR                       plain text without colours (as --no-color)

Files (unset XDG variables mean ~/.config, ~/.cache, ~/.local/share and ~/.local/state):
  config file   $XDG_CONFIG_HOME/partnerdash/config.toml
  token cache   $XDG_CACHE_HOME/partnerdash/msal-*.json (directory 0700, files 0600)
  SSH host key  $XDG_DATA_HOME/partnerdash/ssh_host_ed25519_key   (serve)
  audit log     $XDG_STATE_HOME/partnerdash/audit.log             (serve)
The dashboard writes no log file; serve and sim log to stderr.

In the dashboard, ? shows every key: 1 and 2 (or [ and ]) switch between the device management
and the compliance partners. The README has the keys, setting up a tenant (app registration,
permissions, consent) and troubleshooting.
`)
}

// tenantHelp is the usage of a command that reads a tenant: synopsis, what it does, its flags.
func tenantHelp(synopsis, about string) func(io.Writer, *flag.FlagSet) {
	return func(w io.Writer, fs *flag.FlagSet) {
		fmt.Fprintf(w, "Usage: partnerdash %s\n\n%s\n\n", synopsis, strings.TrimSpace(about))
		printFlags(w, fs)
	}
}
