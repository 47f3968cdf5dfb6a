package fleet

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// documentedExample is the fleet file in the package doc, with the comment's tab indent removed.
func documentedExample(t *testing.T) string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "doc.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	in := false
	for _, l := range strings.Split(f.Doc.Text(), "\n") {
		switch {
		case strings.HasPrefix(l, "\t"):
			in = true
			lines = append(lines, strings.TrimPrefix(l, "\t"))
		case in && strings.TrimSpace(l) == "":
			lines = append(lines, "")
		case in:
			return strings.Join(lines, "\n")
		}
	}
	return strings.Join(lines, "\n")
}

func TestDocumentedExampleParses(t *testing.T) {
	ex := documentedExample(t)
	if !strings.Contains(ex, "[app]") || !strings.Contains(ex, "graph_url") {
		t.Fatalf("did not find the example in the package doc:\n%s", ex)
	}
	f, err := Parse("doc.go example", []byte(ex))
	if err != nil {
		t.Fatalf("the documented example does not parse: %v", err)
	}
	if f.App == nil || f.App.ClientID != "5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e" || f.App.Auth != AuthApplication || f.App.CertificatePath == "" {
		t.Errorf("app = %+v", f.App)
	}
	if len(f.Tenants) != 3 || f.Tenants[0].Name != "Contoso Ltd" || f.Tenants[2].GraphURL != "http://127.0.0.1:8080/tenants/lab-1/v1.0" {
		t.Errorf("tenants = %+v", f.Tenants)
	}
	if f.Cloud().GraphHost != "graph.microsoft.com" {
		t.Errorf("cloud = %+v", f.Cloud())
	}
}

func TestParseErrors(t *testing.T) {
	const app = "[app]\nclient_id = \"5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e\"\nclient_secret_env = \"S\"\n"
	for _, c := range []struct{ name, file, want string }{
		{"empty", "", "no [[tenant]] entries"},
		{"syntax", "[[tenant]\n", "line 2"},
		{"unknown key", app + "[[tenant]]\nid = \"a.example\"\ncolour = \"red\"\n", "tenant.colour: unknown key"},
		{"secret in file", "[app]\nclient_secret = \"x\"\n", "secrets are not read from files"},
		{"no app", "[[tenant]]\nid = \"contoso.example\"\n", "no [app] table"},
		{"duplicate", app + "[[tenant]]\nid = \"a.example\"\n[[tenant]]\nid = \"A.example\"\n", "is also tenant 1"},
		{"bad id", app + "[[tenant]]\nid = \"contoso\"\n", "not a tenant ID"},
		{"no id", "[[tenant]]\nname = \"x\"\ngraph_url = \"http://127.0.0.1/v1.0\"\n", "no id"},
		{"bad url", "[[tenant]]\nid = \"x\"\ngraph_url = \"ftp://x\"\n", "graph_url"},
		{"two credentials", "[app]\nclient_id = \"5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e\"\nclient_secret_env = \"S\"\ncertificate_path = \"c.pem\"\n[[tenant]]\nid = \"a.example\"\n", "exactly one"},
		{"bad cloud", app + "cloud = \"mars\"\n[[tenant]]\nid = \"a.example\"\n", "app.cloud"},
		{"delegated without home", "[app]\nclient_id = \"5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e\"\nauth = \"delegated\"\n[[tenant]]\nid = \"a.example\"\n", "home_tenant"},
	} {
		_, err := Parse("f.toml", []byte(c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "f.toml: ") {
			t.Errorf("%s: err = %v, want one naming f.toml and %q", c.name, err, c.want)
		}
	}
}

func TestSimulatorOnlyFileNeedsNoApp(t *testing.T) {
	f, err := Parse("", []byte("[[tenant]]\nid = \"t1\"\ngraph_url = \"http://127.0.0.1:1/tenants/t1/v1.0\"\n"))
	if err != nil || f.App != nil || f.Tenants[0].Label() != "t1" {
		t.Fatalf("f = %+v, %v", f, err)
	}
}
