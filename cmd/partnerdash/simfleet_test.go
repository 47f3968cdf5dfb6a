package main

import (
	"bufio"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/fleet"
)

// sim --tenants serves generated tenants and writes a fleet file that check reads as is.
func TestSimTenantsWritesAFleetFileCheckReads(t *testing.T) {
	file := filepath.Join(t.TempDir(), "fleet.toml")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runSim(ctx, []string{"--addr", "127.0.0.1:0", "--tenants", "40", "--write-fleet", file}, pw, io.Discard, time.Now)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || !strings.Contains(line, "serving 40 tenants at http://127.0.0.1:") {
		t.Fatalf("first line %q, %v", line, err)
	}
	go io.Copy(io.Discard, pr)
	f, err := fleet.Load(file)
	if err != nil || len(f.Tenants) != 40 || f.App != nil || !strings.Contains(f.Tenants[0].GraphURL, "/tenants/"+f.Tenants[0].ID+"/v1.0") {
		t.Fatalf("fleet file: %v", err)
	}
	code, out := runCheckCmd(t, "--fleet", file)
	first, _, _ := strings.Cut(out, "\n")
	if code != 2 || !strings.Contains(first, "in 40 tenants; 3 tenants not read") || !strings.Contains(out, "consent missing") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("sim: %v", err)
	}
	var stdout, stderr strings.Builder
	if code := run([]string{"sim", "--write-fleet", file}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "--write-fleet needs --tenants") {
		t.Errorf("--write-fleet alone: exit %d %q", code, stderr.String())
	}
}
