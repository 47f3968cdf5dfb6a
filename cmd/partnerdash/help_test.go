package main

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/client/profile"
)

// These tests fail when the help or the README drifts from the code: a flag added without help
// or documentation, a command the README does not mention, help printed to stderr.

// helpOf runs `partnerdash <name> <flag>` through the real entry point and insists on the
// conventions: exit 0, the help on stdout, nothing on stderr.
func helpOf(t *testing.T, name, helpFlag string) string {
	t.Helper()
	args := []string{helpFlag}
	if name != "" {
		args = []string{name, helpFlag}
	}
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 0 || stderr.Len() > 0 || stdout.Len() == 0 {
		t.Fatalf("partnerdash %s: exit %d, stdout %d bytes, stderr %q", strings.Join(args, " "), code, stdout.Len(), stderr.String())
	}
	return stdout.String()
}

// helpFlagRe finds the flag lines printFlags writes: "  --name VALUE" or "  -o FORMAT".
var helpFlagRe = regexp.MustCompile(`(?m)^  (--[a-z][a-z0-9-]+|-[a-z])\b`)

func flagsInHelp(help string) []string {
	var names []string
	for _, m := range helpFlagRe.FindAllStringSubmatch(help, -1) {
		names = append(names, m[1])
	}
	return names
}

func TestEveryCommandPrintsItsHelpOnStdout(t *testing.T) {
	for _, name := range append([]string{""}, commandNames()...) {
		for _, h := range []string{"-h", "--help"} {
			help := helpOf(t, name, h)
			wantStart := "Usage: partnerdash " + name
			if name == "" {
				wantStart = "partnerdash " + versionString() + ": "
			}
			if !strings.HasPrefix(help, wantStart) {
				t.Errorf("partnerdash %s %s starts %.60q, want %q", name, h, help, wantStart)
			}
		}
	}
	if got, want := helpOf(t, "help", "sim"), helpOf(t, "sim", "-h"); got != want {
		t.Error("'partnerdash help sim' differs from 'partnerdash sim -h'")
	}
	var stdout bytes.Buffer
	if code := run([]string{"help"}, &stdout, &bytes.Buffer{}); code != 0 || stdout.String() != helpOf(t, "", "-h") {
		t.Errorf("'partnerdash help' (exit %d) differs from 'partnerdash -h'", code)
	}
}

func TestMainHelpListsEveryCommand(t *testing.T) {
	help := helpOf(t, "", "-h")
	for _, name := range commandNames() {
		if !regexp.MustCompile(`(?m)^  ` + name + ` +\S`).MatchString(help) {
			t.Errorf("partnerdash -h does not list the %s command", name)
		}
	}
}

// TestHelpShowsEveryDefinedFlag compares two independent lists: the flags the source defines (every
// fs.XxxVar / fs.Xxx call with a literal name in this package, and profile.Flags) and the flags
// the commands' help texts show. A flag defined but missing from every help fails, and so does a
// help line for a flag that no longer exists.
func TestHelpShowsEveryDefinedFlag(t *testing.T) {
	defined := flagsDefinedInSource(t)
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	var f profile.Flags
	f.Register(fs)
	fs.VisitAll(func(fl *flag.Flag) { defined[dashed(fl.Name)] = true })

	shown := map[string]bool{}
	for _, name := range append([]string{""}, commandNames()...) {
		for _, fl := range flagsInHelp(helpOf(t, name, "-h")) {
			shown[fl] = true
		}
	}
	for fl := range defined {
		if !shown[fl] {
			t.Errorf("%s is defined but no command's -h shows it", fl)
		}
	}
	for fl := range shown {
		if !defined[fl] {
			t.Errorf("a help text shows %s, which no flag set defines", fl)
		}
	}
	if len(shown) < 20 {
		t.Errorf("only %d flags found in the help texts: is the flag line format still \"  --name VALUE\"?", len(shown))
	}
}

// TestTenantFlagsInEveryTenantCommand: each command that reads partners takes the tenant flags
// and lists them all.
func TestTenantFlagsInEveryTenantCommand(t *testing.T) {
	var tenant []string
	for n := range tenantFlagNames() {
		tenant = append(tenant, dashed(n))
	}
	for _, name := range []string{"", "list", "get", "login", "logout", "whoami", "serve"} {
		shown := flagsInHelp(helpOf(t, name, "-h"))
		for _, fl := range tenant {
			if !slices.Contains(shown, fl) {
				t.Errorf("partnerdash %s -h does not list %s", name, fl)
			}
		}
	}
}

// TestREADMEDocumentsCommandsAndFlags keeps the README in step with the code: the two set-up
// commands a newcomer copies, the install line, every subcommand, every flag of every help.
func TestREADMEDocumentsCommandsAndFlags(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, want := range []string{
		"go run ./cmd/partnerdash",
		"go test ./...",
		"go install ./cmd/partnerdash", // the module is not published: install from the clone
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
	for _, name := range commandNames() {
		if !strings.Contains(readme, "partnerdash "+name) {
			t.Errorf("README.md never mentions 'partnerdash %s'", name)
		}
	}
	var missing []string
	for _, name := range append([]string{""}, commandNames()...) {
		for _, fl := range flagsInHelp(helpOf(t, name, "-h")) {
			// "--addr" must appear as a word: not inside "--address", nor as "--addr-x".
			if !regexp.MustCompile(regexp.QuoteMeta(fl) + `([^a-z0-9-]|$)`).MatchString(readme) {
				missing = append(missing, strings.TrimSpace("partnerdash "+name)+" "+fl)
			}
		}
	}
	sort.Strings(missing)
	missing = slices.Compact(missing)
	for _, m := range missing {
		t.Errorf("README.md does not mention %s", m)
	}
}

func TestVersion(t *testing.T) {
	var a, b bytes.Buffer
	if run([]string{"--version"}, &a, &bytes.Buffer{}) != 0 || run([]string{"version"}, &b, &bytes.Buffer{}) != 0 {
		t.Fatal("--version or version failed")
	}
	if a.String() != b.String() || !strings.HasPrefix(a.String(), "partnerdash "+versionString()+" (go") {
		t.Errorf("--version %q, version %q", a.String(), b.String())
	}
}

// dashed writes a flag name as the help does: -o, --addr.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// flagMethods are the flag.FlagSet methods that define a flag, with the index of the name argument.
var flagMethods = map[string]int{
	"Bool": 0, "Duration": 0, "Float64": 0, "Int": 0, "Int64": 0, "String": 0, "Uint": 0, "Uint64": 0,
	"BoolVar": 1, "DurationVar": 1, "Float64Var": 1, "IntVar": 1, "Int64Var": 1, "StringVar": 1,
	"UintVar": 1, "Uint64Var": 1, "Var": 1, "Func": 0, "BoolFunc": 0, "TextVar": 1,
}

// flagsDefinedInSource reads this package's non-test sources for flag definitions with a literal
// name, e.g. fs.StringVar(&c.addr, "addr", ...).
func flagsDefinedInSource(t *testing.T) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			i, ok := flagMethods[sel.Sel.Name]
			if !ok || len(call.Args) < i+2 { // the name and at least the usage after it
				return true
			}
			lit, ok := call.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if name, err := strconv.Unquote(lit.Value); err == nil && name != "" {
				defined[dashed(name)] = true
			}
			return true
		})
	}
	if len(defined) < 10 {
		t.Fatalf("found only %d flag definitions in the sources; has the way flags are defined changed?", len(defined))
	}
	return defined
}
