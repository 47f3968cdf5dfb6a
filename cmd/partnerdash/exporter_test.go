package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// scrape GETs url and returns the body.
func scrape(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("scrape: %s\n%s", resp.Status, b)
	}
	return string(b)
}

func TestExporterServesMetricsFromSnapshotsNotPerScrape(t *testing.T) {
	now := time.Now()
	healthy := checkPartner("00000000-0000-4000-8000-000000000001", "Jamf Pro", 10*time.Minute)
	late := checkPartner("00000000-0000-4000-8000-000000000002", "Kandji", 80*time.Hour)
	late.NonCompliantAt = model.At(now.Add(48 * time.Hour))
	r := graphsim.NewTenants()
	r.Add("a", graphsim.New(graphsim.WithPartners([]model.Partner{healthy})))
	r.Add("b", graphsim.New(graphsim.WithPartners([]model.Partner{late})))
	r.Add("d", graphsim.New())
	r.Deny("d", true)
	sim := httptest.NewServer(r)
	defer sim.Close()
	var b strings.Builder
	for _, id := range []string{"a", "b", "d"} {
		fmt.Fprintf(&b, "[[tenant]]\nid = %q\nname = \"Tenant %s\"\ngraph_url = \"%s/tenants/%s/v1.0\"\n", id, id, sim.URL, id)
	}
	file := filepath.Join(t.TempDir(), "fleet.toml")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runExporter(ctx, []string{"--addr", "127.0.0.1:0", "--fleet", file, "--interval", "1h"}, pw, io.Discard, processEnv())
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address line: %v", err)
	}
	go io.Copy(io.Discard, pr)
	url := strings.TrimSpace(strings.TrimPrefix(line, "partnerdash exporter serving "))

	// Wait for the first read of every tenant.
	var body string
	for deadline := time.Now().Add(10 * time.Second); ; {
		body = scrape(t, url)
		if strings.Count(body, "partnerdash_tenant_scrape_success{") == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("tenants never read:\n%s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, want := range []string{
		`partnerdash_tenant_scrape_success{tenant="a"} 1`,
		`partnerdash_tenant_scrape_success{tenant="d"} 0`,
		`partnerdash_tenant_status{status="consent missing",tenant="d"} 1`,
		`partnerdash_tenant_info{name="Tenant b",tenant="b"} 1`,
		`partnerdash_partner_info{app_type="multiTenantApp",configured="true",kind="deviceManagementPartner",name="Kandji",partner_id="00000000-0000-4000-8000-000000000002",tenant="b"} 1`,
		`partnerdash_partner_state{kind="deviceManagementPartner",partner_id="00000000-0000-4000-8000-000000000002",state="enabled",tenant="b"} 1`,
		`partnerdash_partner_state{kind="deviceManagementPartner",partner_id="00000000-0000-4000-8000-000000000002",state="unresponsive",tenant="b"} 0`,
		`partnerdash_partner_health{kind="deviceManagementPartner",partner_id="00000000-0000-4000-8000-000000000002",tenant="b"} 2`,
		`partnerdash_partner_health{kind="deviceManagementPartner",partner_id="00000000-0000-4000-8000-000000000001",tenant="a"} 0`,
		`partnerdash_tenant_scrape_duration_seconds{tenant="a"}`,
		`partnerdash_partner_heartbeat_age_seconds{kind="deviceManagementPartner",partner_id="00000000-0000-4000-8000-000000000002",tenant="b"} 28`,
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	deadline := metricValue(t, body, `partnerdash_partner_noncompliant_deadline_timestamp_seconds{kind="deviceManagementPartner",partner_id="00000000-0000-4000-8000-000000000002",tenant="b"}`)
	if want := float64(late.NonCompliantAt.Time().Unix()); deadline < want-1 || deadline > want+1 {
		t.Errorf("non-compliance deadline exported as %f, want %f", deadline, want)
	}
	if strings.Contains(body, `partnerdash_partner_removal_deadline_timestamp_seconds{kind="deviceManagementPartner",partner_id="00000000-0000-4000-8000-000000000001"`) {
		t.Error("a deadline that is not set is exported")
	}
	// Scrapes read the snapshots: Graph is not asked again.
	before := r.Requests()
	for range 5 {
		scrape(t, url)
	}
	if after := r.Requests(); after != before {
		t.Errorf("5 scrapes made %d Graph requests; want none", after-before)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exporter: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("exporter did not stop")
	}
}

// metricValue is the value of the series written exactly as series.
func metricValue(t *testing.T, body, series string) float64 {
	t.Helper()
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("no series %s", series)
	return 0
}
func TestExporterNeedsAddr(t *testing.T) {
	var stdout, stderr strings.Builder
	if code := run([]string{"exporter"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "--addr is required") {
		t.Errorf("exit %d, %q", code, stderr.String())
	}
	if code := run([]string{"exporter", "--addr", "127.0.0.1:0", "--interval", "5s"}, &stdout, &stderr); code != 2 {
		t.Errorf("a 5s interval: exit %d", code)
	}
}
