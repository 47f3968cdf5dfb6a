// Command partnerdash is a terminal dashboard for the Microsoft Intune device management partner
// connections of a tenant. Run with no arguments for the dashboard (the built-in demo tenant when
// nothing is configured); subcommands serve the simulator, the dashboard over SSH, and scripting.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=..."; "dev" otherwise.
var version = "dev"

// command is one subcommand. Each lives in its own file and registers itself in init.
type command struct {
	name    string
	summary string
	// run parses args (those after the subcommand name) and runs; the returned error is printed
	// on one line and the exit status is 1 (2 for usage errors, see usageError).
	run func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// usageError marks a bad flag or argument: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	name, rest := "", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, rest = args[0], args[1:]
	}
	if name == "help" {
		// "partnerdash help" is the main help (as -h); "partnerdash help sim" is sim's (as sim -h).
		name, rest = "", []string{"-h"}
		if len(args) > 1 {
			name = args[1]
		}
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "partnerdash: unknown command %q\n\n", name)
		printUsage(stderr)
		return 2
	}
	if err := c.run(rest, stdout, stderr); err != nil {
		if err == errHelpShown {
			return 0
		}
		if code, ok := err.(exitStatus); ok { // the command printed its own result (check)
			return int(code)
		}
		fmt.Fprintf(stderr, "partnerdash: %s\n", oneLine(err.Error()))
		if _, ok := err.(usageError); ok {
			return 2
		}
		return 1
	}
	return 0
}

// exitStatus ends a command that has printed its own output with that exit status, e.g. check's
// Nagios states.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// errHelpShown is returned by a command that printed its help for -h.
var errHelpShown = fmt.Errorf("help shown")

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "partnerdash %s: a terminal dashboard for Intune device management partners\n\n", versionString())
	fmt.Fprintln(w, "Usage:\n  partnerdash [flags]            open the dashboard (demo tenant when nothing is configured)")
	fmt.Fprintln(w, "  partnerdash <command> [flags]")
	fmt.Fprintln(w)
	printCommands(w)
	fmt.Fprintln(w, "\nRun 'partnerdash -h' for the whole help, 'partnerdash <command> -h' for a command's.")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
