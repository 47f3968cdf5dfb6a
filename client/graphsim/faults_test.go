package graphsim

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// statuses sends n list requests and returns their statuses.
func statuses(t *testing.T, c *http.Client, url string, n int) []int {
	t.Helper()
	out := make([]int, n)
	for i := range out {
		out[i] = send(t, c, "GET", url, "").status
	}
	return out
}

func TestThrottleEveryNthRequest(t *testing.T) {
	_, ts := serve(t, WithThrottleEvery(3), WithRetryAfter(2*time.Second))
	got := statuses(t, ts.Client(), ts.URL+partnersPath, 7)
	if want := []int{200, 200, 429, 200, 200, 429, 200}; !slices.Equal(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	send(t, ts.Client(), "GET", ts.URL+partnersPath, "")
	r := send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, http.StatusTooManyRequests)
	if r.header.Get("Retry-After") != "2" {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	e := r.graphError(t, "TooManyRequests")
	if e.InnerError.Code != "429" {
		t.Errorf("innerError.code %q", e.InnerError.Code)
	}
}

func TestRetryAfterIsFractionalOrAbsent(t *testing.T) {
	_, ts := serve(t, WithThrottleEvery(1), WithRetryAfter(1500*time.Millisecond))
	if got := send(t, ts.Client(), "GET", ts.URL+partnersPath, "").header.Get("Retry-After"); got != "1.5" {
		t.Errorf("Retry-After %q, want 1.5", got)
	}
	_, ts = serve(t, WithThrottleEvery(1), WithRetryAfter(0))
	r := send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, 429)
	if _, ok := r.header["Retry-After"]; ok {
		t.Error("Retry-After sent although turned off")
	}
}

func TestThrottleRateIsRepeatableWithASeed(t *testing.T) {
	run := func(seed uint64) []int {
		_, ts := serve(t, WithThrottleRate(0.5), WithSeed(seed))
		return statuses(t, ts.Client(), ts.URL+partnersPath, 40)
	}
	a, b := run(7), run(7)
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different outcomes:\n%v\n%v", a, b)
	}
	n429 := 0
	for _, s := range a {
		if s == 429 {
			n429++
		}
	}
	if n429 < 8 || n429 > 32 {
		t.Errorf("%d of 40 throttled at rate 0.5", n429)
	}
	_, ts := serve(t, WithThrottleRate(1))
	if got := statuses(t, ts.Client(), ts.URL+partnersPath, 3); !slices.Equal(got, []int{429, 429, 429}) {
		t.Errorf("rate 1: %v", got)
	}
}

func TestFailNextBurst(t *testing.T) {
	s, ts := serve(t, WithRetryAfter(time.Second))
	s.Configure(WithFailNext(2, http.StatusServiceUnavailable))
	r := send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, http.StatusServiceUnavailable)
	r.graphError(t, "ServiceNotAvailable")
	if r.header.Get("Retry-After") != "1" {
		t.Errorf("503 Retry-After %q", r.header.Get("Retry-After"))
	}
	if got := statuses(t, ts.Client(), ts.URL+partnersPath, 2); !slices.Equal(got, []int{503, 200}) {
		t.Errorf("statuses %v", got)
	}
	s.Configure(WithFailNext(1, http.StatusGatewayTimeout))
	r = send(t, ts.Client(), "POST", ts.URL+partnersPath, `{"displayName":"x"}`).wantStatus(t, http.StatusGatewayTimeout)
	r.graphError(t, "GatewayTimeout")
	if len(s.Partners()) != 12 {
		t.Error("a failed create changed the tenant")
	}
}

func TestRequireToken(t *testing.T) {
	_, ts := serve(t, WithRequireToken(func(tok string) bool { return tok == "good" }))
	for _, auth := range []string{"", "Bearer bad", "Basic Z29vZA==", "Bearer "} {
		r := send(t, ts.Client(), "GET", ts.URL+partnersPath, "", "Authorization", auth).wantStatus(t, http.StatusUnauthorized)
		r.graphError(t, "InvalidAuthenticationToken")
		if r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%q: no WWW-Authenticate challenge", auth)
		}
	}
	send(t, ts.Client(), "GET", ts.URL+partnersPath, "", "Authorization", "Bearer good").wantStatus(t, http.StatusOK)
	send(t, ts.Client(), "GET", ts.URL+partnersPath, "", "Authorization", "bearer good").wantStatus(t, http.StatusOK)
}

func TestFaultsCanBeChangedAtRuntime(t *testing.T) {
	s, ts := serve(t)
	send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, 200)
	s.Configure(WithThrottleEvery(1))
	send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, 429)
	s.Configure(WithThrottleEvery(0), WithRequireToken(func(string) bool { return false }))
	send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, 401)
	s.Configure(WithRequireToken(nil))
	send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, 200)
	if s.Requests() != 4 {
		t.Errorf("Requests() = %d, want 4", s.Requests())
	}
}

func TestLatencyDelaysAndHonoursCancel(t *testing.T) {
	_, ts := serve(t, WithLatency(50*time.Millisecond))
	start := time.Now()
	send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, 200)
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("answered after %v, before the latency", d)
	}

	s, ts := serve(t, WithLatency(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+partnersPath, strings.NewReader(`{"displayName":"late"}`))
	_, err := ts.Client().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	// Close waits for the handler: it must stop waiting when the client goes, and not create.
	ts.Close()
	if len(s.Partners()) != 12 {
		t.Error("an abandoned create changed the tenant")
	}
}

func TestFailNextForbiddenNamesTheScopes(t *testing.T) {
	_, ts := serve(t, WithFailNext(1, http.StatusForbidden))
	r := send(t, ts.Client(), "PATCH", ts.URL+partnersPath+"/"+demoID(1), `{"displayName":"x"}`).wantStatus(t, http.StatusForbidden)
	r.graphError(t, "Forbidden")
	ge := model.ParseGraphError(r.status, r.body)
	if !ge.IsForbidden() || !slices.Equal(ge.RequiredScopes, []string{"DeviceManagementServiceConfig.ReadWrite.All", "DeviceManagementConfiguration.ReadWrite.All"}) {
		t.Errorf("scopes %v from %q", ge.RequiredScopes, ge.Message)
	}
	if !strings.Contains(ge.RawMessage, `"_version": 3`) {
		t.Errorf("not Intune's JSON-in-message: %q", ge.RawMessage)
	}
}

func TestThrottleEveryCountsFromWhenItIsSet(t *testing.T) {
	s, ts := serve(t)
	statuses(t, ts.Client(), ts.URL+partnersPath, 3)
	s.Configure(WithThrottleEvery(2))
	if got := statuses(t, ts.Client(), ts.URL+partnersPath, 4); !slices.Equal(got, []int{200, 429, 200, 429}) {
		t.Errorf("statuses %v", got)
	}
}
