package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

func TestSimBadFlagsAreOneLineUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--page-size", "0"}, "--page-size must be at least 1"},
		{[]string{"--read-timeout", "0s"}, "--read-timeout must be positive"},
		{[]string{"--idle-timeout", "-1s"}, "--idle-timeout must be positive"},
		{[]string{"--page-size", "ten"}, `invalid value "ten" for flag -page-size`},
		{[]string{"--latency", "-1s"}, "--latency cannot be negative"},
		{[]string{"--latency", "soon"}, "-latency"},
		{[]string{"--throttle-every", "-2"}, "--throttle-every cannot be negative"},
		{[]string{"--throttle-rate", "1.5"}, "--throttle-rate must be between 0 and 1"},
		{[]string{"--retry-after", "-1s"}, "--retry-after cannot be negative"},
		{[]string{"--addr", "8080"}, `--addr "8080": want host:port`},
		{[]string{"--colour"}, "flag provided but not defined: -colour"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"sim"}, tc.args...), &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			msg := stderr.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "partnerdash: sim: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("stderr %q, want one line containing %q", msg, tc.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q", stdout.String())
			}
		})
	}
}

func TestSimHelpIsComplete(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"sim", "-h"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d; stderr %q", code, stderr.String())
	}
	help := stdout.String()
	for _, want := range []string{"Usage: partnerdash sim", "-addr", "-data", "-page-size", "-latency", "-throttle-every",
		"-throttle-rate", "-retry-after", "-seed", "-require-token", "-patch-returns-body", "-log", "/terminate", "--graph-url"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	var list bytes.Buffer
	run([]string{"help"}, &list, io.Discard)
	if !strings.Contains(list.String(), "sim ") {
		t.Error("sim is not listed in partnerdash help")
	}
}

func TestSimRefusesABadDataFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "partners.json")
	if err := os.WriteFile(path, []byte(`{"value":[{"displayName":"Kandji","isConfigured":"yes"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"sim", "--addr", "127.0.0.1:0", "--data", path}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	msg := stderr.String()
	for _, want := range []string{path, `value[0] ("Kandji")`, "isConfigured: want a boolean"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr %q lacks %q", msg, want)
		}
	}
	if strings.Count(msg, "\n") != 1 || stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q: want one line of error and nothing served", stdout.String(), msg)
	}

	code = run([]string{"sim", "--data", filepath.Join(t.TempDir(), "missing.json")}, io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "missing.json") {
		t.Errorf("missing file: exit %d, %q", code, stderr.String())
	}
}

// startSim runs the sim command until the test ends and returns the base URL it printed.
func startSim(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- runSim(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), w, &stderr, func() time.Time { return simTestNow })
		w.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("sim returned %v", err)
			}
			if !strings.Contains(stderr.String(), "graphsim: stopped") {
				t.Errorf("stderr %q: no clean stop", stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Error("sim did not stop when its context was cancelled")
		}
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("no base URL printed: %v (stderr %q)", err, stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "graphsim serving ")
	base, ok2 := strings.CutSuffix(base, " (and /beta)")
	if !ok || !ok2 || !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/v1.0") {
		t.Fatalf("first line %q", line)
	}
	return base
}

var simTestNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func simGet(t *testing.T, url string, into any, header ...string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if into != nil && resp.StatusCode == 200 {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode
}

func TestSimServesTheDemoTenant(t *testing.T) {
	base := startSim(t, "--page-size", "5")
	var l model.PartnerList
	if code := simGet(t, base+"/deviceManagement/deviceManagementPartners", &l); code != 200 {
		t.Fatalf("status %d", code)
	}
	demo := graphsim.DemoTenant(simTestNow)
	if len(l.Value) != 5 || l.Value[0].ID != demo[0].ID || !strings.HasPrefix(l.NextLink, base+"/") {
		t.Errorf("first page: %d partners, nextLink %q", len(l.Value), l.NextLink)
	}
	if !l.Value[0].LastHeartbeat.Equal(demo[0].LastHeartbeat) {
		t.Errorf("the demo is not dated from the command's clock: %v", l.Value[0].LastHeartbeat)
	}
	if code := simGet(t, strings.Replace(base, "/v1.0", "/beta", 1)+"/deviceManagement/deviceManagementPartners", nil); code != 200 {
		t.Errorf("beta: %d", code)
	}
}

func TestSimServesADataFileWithFaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "partners.json")
	body := `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#deviceManagement/deviceManagementPartners",
	  "value":[{"id":"00000001-aaaa-4bbb-8ccc-000000000001","displayName":"From a file","isConfigured":true}]}`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	base := startSim(t, "--data", path, "--require-token", "s3cret", "--throttle-every", "2", "--retry-after", "0")
	url := base + "/deviceManagement/deviceManagementPartners"
	if code := simGet(t, url, nil); code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", code)
	}
	var l model.PartnerList
	codes := []int{
		simGet(t, url, &l, "Authorization", "Bearer s3cret"),
		simGet(t, url, nil, "Authorization", "Bearer s3cret"),
	}
	if codes[0] != 200 || codes[1] != http.StatusTooManyRequests {
		t.Errorf("statuses %v, want [200 429]", codes)
	}
	if len(l.Value) != 1 || l.Value[0].DisplayName != "From a file" {
		t.Errorf("served %+v", l.Value)
	}
}

func TestSimReportsABusyAddress(t *testing.T) {
	base := startSim(t)
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/v1.0")
	var stderr bytes.Buffer
	code := run([]string{"sim", "--addr", addr}, io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), addr) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
