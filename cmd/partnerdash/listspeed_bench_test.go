package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// BenchmarkListJSONProcess measures 'partnerdash list -o json' as a script runs it: a whole
// process built as the README installs it, start to exit, listing 10,000 partners in pages of 1,000 from 'partnerdash sim' in
// another process. Each round also runs the floor the issue sets, curl fetching the same ten
// pages over one connection, and the two alternate so that both see the same machine. It
// reports each one's median (ms) and their ratio; ns/op is the two together.
//
//	go test -run '^$' -bench ListJSONProcess -benchtime 40x ./cmd/partnerdash
func BenchmarkListJSONProcess(b *testing.B) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		b.Skip("no curl: the floor cannot be measured")
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "partnerdash")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // as the README installs it: static
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "partners.json")
	writeTenThousand(b, data)

	sim := exec.Command(bin, "sim", "--addr", "127.0.0.1:0", "--page-size", "1000", "--data", data)
	out, err := sim.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := sim.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = sim.Process.Kill(); _ = sim.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n') // "graphsim serving http://127.0.0.1:PORT/v1.0 (and /beta)"
	if err != nil {
		b.Fatalf("sim: %v", err)
	}
	base := strings.Fields(line)[2]
	go func() { _, _ = io.Copy(io.Discard, out) }()
	pages := pageURLs(b, base+"/deviceManagement/deviceManagementPartners?$top=1000")
	if len(pages) != 10 {
		b.Fatalf("the simulator serves %d pages, want 10", len(pages))
	}

	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devNull.Close()
	run := func(name string, args ...string) time.Duration { // output to /dev/null, as hyperfine does
		cmd := exec.Command(name, args...)
		cmd.Stdout = devNull
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		return time.Since(start)
	}
	curlArgs := append([]string{"-s", "--globoff"}, pages...)
	for _, c := range [][]string{{bin, "list", "-o", "json", "--graph-url", base}, append([]string{curl}, curlArgs...)} {
		out, err := exec.Command(c[0], c[1:]...).Output() // once each: both work, and warm up
		if err != nil || len(out) < 5_000_000 {
			b.Fatalf("%s: %v, %d bytes", c[0], err, len(out))
		}
	}
	var ours, floor []time.Duration
	for b.Loop() {
		floor = append(floor, run(curl, curlArgs...))
		ours = append(ours, run(bin, "list", "-o", "json", "--graph-url", base))
	}
	mo, mf := median(ours), median(floor)
	b.ReportMetric(float64(mo.Microseconds())/1000, "partnerdash-ms")
	b.ReportMetric(float64(mf.Microseconds())/1000, "curl-ms")
	b.ReportMetric(float64(mo)/float64(mf), "ratio")
}

// writeTenThousand writes 10,000 partners, the demo tenant's over and over with their own ids
// and names, in Graph's list shape.
func writeTenThousand(b *testing.B, path string) {
	demo := graphsim.DemoTenant(time.Now())
	ps := make([]model.Partner, 10_000)
	for i := range ps {
		p := demo[i%len(demo)]
		p.ID = fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
		p.DisplayName = fmt.Sprintf("%s #%d", p.DisplayName, i)
		ps[i] = p
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(model.PartnerList{Value: ps}); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
}

// pageURLs follows the collection's nextLinks from first and returns every page's URL.
func pageURLs(b *testing.B, first string) []string {
	var urls []string
	for next := first; next != ""; {
		urls = append(urls, next)
		resp, err := http.Get(next)
		if err != nil {
			b.Fatal(err)
		}
		var page struct {
			NextLink string `json:"@odata.nextLink"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		next = page.NextLink
	}
	return urls
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	for i := 1; i < len(s); i++ { // insertion sort: a few dozen values
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[len(s)/2]
}
