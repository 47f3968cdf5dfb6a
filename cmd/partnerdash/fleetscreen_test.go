package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/sshserver/sshtest"
)

func TestFleetFlags(t *testing.T) {
	c, err := parseFleetFlags(nil, io.Discard)
	if err != nil || c.fleet.file != "" || c.fleet.concurrency != fleet.DefaultConcurrency || c.every != fleetEvery || c.tenant.ReadOnly() {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = parseFleetFlags([]string{"--fleet", "f.toml", "--concurrency", "4", "--refresh", "2m", "--read-only", "--no-color"}, io.Discard)
	if err != nil || c.fleet.file != "f.toml" || c.fleet.concurrency != 4 || c.every != 2*time.Minute || !c.tenant.ReadOnly() || !c.noColor {
		t.Fatalf("flags: %+v %v", c, err)
	}
	for _, bad := range [][]string{
		{"--concurrency", "0"},
		{"--refresh", "10s"},
		{"extra"},
		{"--nope"},
	} {
		if _, err := parseFleetFlags(bad, io.Discard); err == nil {
			t.Errorf("%v: no error", bad)
		} else if _, ok := err.(usageError); !ok {
			t.Errorf("%v: %v is not a usage error", bad, err)
		}
	}
	var help bytes.Buffer
	if _, err := parseFleetFlags([]string{"-h"}, &help); err != errHelpShown || !strings.Contains(help.String(), "--fleet") ||
		!strings.Contains(help.String(), "demo fleet") {
		t.Fatalf("help: %v\n%s", err, help.String())
	}
}

func TestFleetNeedsATerminal(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"fleet"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "needs a terminal") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}

func TestFleetWithNothingConfiguredOpensTheDemoFleet(t *testing.T) {
	e := serveEnv(t)
	sf, err := e.openScreenFleet(context.Background(), fleetFlags{concurrency: 8}, parseFleetFlagsOrDie(t).tenant)
	if err != nil {
		t.Fatal(err)
	}
	if !sf.demo || sf.source != "built-in demo fleet" || len(sf.fl.Tenants()) != fleet.DemoTenants || sf.fl.Concurrency() != 8 {
		t.Fatalf("demo fleet: demo=%v source=%q tenants=%d concurrency=%d", sf.demo, sf.source, len(sf.fl.Tenants()), sf.fl.Concurrency())
	}
	// It is read in-process: a refresh answers every tenant without a socket.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sf.fl.Refresh(ctx, 0)
	if done, all := sf.fl.Progress(); done != all {
		t.Fatalf("demo fleet read %d/%d", done, all)
	}
}

func TestFleetFileOpensThatFleet(t *testing.T) {
	path := checkFleet(t, map[string][]model.Partner{
		"a": {checkPartner("00000000-0000-4000-8000-000000000001", "Jamf Pro", time.Hour)},
		"b": nil,
	})
	e := serveEnv(t)
	sf, err := e.openScreenFleet(context.Background(), fleetFlags{file: path, concurrency: 2}, parseFleetFlagsOrDie(t).tenant)
	if err != nil {
		t.Fatal(err)
	}
	if sf.demo || sf.source != path || len(sf.fl.Tenants()) != 2 {
		t.Fatalf("fleet: demo=%v source=%q tenants=%d", sf.demo, sf.source, len(sf.fl.Tenants()))
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[[tenant]]\nid = \"x\"\nnope = 1\n"), 0o600)
	if _, err := e.openScreenFleet(context.Background(), fleetFlags{file: bad, concurrency: 2}, parseFleetFlagsOrDie(t).tenant); err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("a bad fleet file: %v", err)
	}
}

// parseFleetFlagsOrDie is the fleet command's flags with none given.
func parseFleetFlagsOrDie(t *testing.T) fleetConfig {
	t.Helper()
	c, err := parseFleetFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestServeFleetFlags(t *testing.T) {
	getenv := func(string) string { return "" }
	f, _, err := parseServeFlags([]string{"--authorized-keys", "k", "--host-key", "h", "--audit-log", "a", "--fleet", "f.toml", "--concurrency", "3"}, io.Discard, getenv)
	if err != nil || f.fleet.file != "f.toml" || f.fleet.concurrency != 3 {
		t.Fatalf("serve --fleet: %+v %v", f.fleet, err)
	}
	for _, bad := range [][]string{
		{"--fleet", "f.toml", "--concurrency", "0"},
		{"--fleet", "f.toml", "--profile", "work"},
		{"--fleet", "f.toml", "--graph-url", "http://127.0.0.1:1/v1.0"},
	} {
		args := append([]string{"--authorized-keys", "k", "--host-key", "h", "--audit-log", "a"}, bad...)
		if _, _, err := parseServeFlags(args, io.Discard, getenv); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func TestServeFleetEndToEnd(t *testing.T) {
	path := checkFleet(t, map[string][]model.Partner{
		"contoso": {checkPartner("00000000-0000-4000-8000-000000000001", "Jamf Pro (Contoso)", time.Hour)},
		"denied":  nil,
	})
	dir := t.TempDir()
	key := sshtest.NewKey(t, "")
	keys := filepath.Join(dir, "authorized_keys")
	os.WriteFile(keys, []byte(key.Line+" bob@desk\n"), 0o600)
	s := startServe(t, serveEnv(t), "--authorized-keys", keys, "--host-key", filepath.Join(dir, "hk"),
		"--audit-log", filepath.Join(dir, "audit.log"), "--fleet", path)
	wait, _ := shell(t, s.addr, key)
	wait("fleet (" + path + ")")
	wait("2 tenants")
	wait("consent missing")
	wait("Tenant contoso")
}
