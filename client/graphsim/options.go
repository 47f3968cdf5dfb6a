package graphsim

import (
	"math/rand/v2"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// Option configures a Server, in New or later through Configure.
type Option func(*Server)

// WithPartners sets the tenant's partners (copied). Partners without an id get a new one; a later
// partner with the same id as an earlier one replaces it. Reset restores this set.
func WithPartners(ps []model.Partner) Option {
	return func(s *Server) {
		s.setPartners(ps)
		s.partners.initial = make([]model.Partner, len(s.partners.items))
		for i, e := range s.partners.items {
			s.partners.initial[i] = e.p.Clone()
		}
	}
}

// WithPageSize sets the largest page a list returns (DefaultPageSize, Intune's, when n < 1).
// $top asks for smaller pages.
func WithPageSize(n int) Option {
	return func(s *Server) {
		if n < 1 {
			n = DefaultPageSize
		}
		s.pageSize = n
	}
}

// WithLatency delays every response by d, as a far-away tenant does. The wait ends early when the
// request's context is cancelled.
func WithLatency(d time.Duration) Option {
	return func(s *Server) { s.faults.latency = max(d, 0) }
}

// WithThrottleEvery answers every n-th request from now on (n, 2n, …) with 429 Too Many
// Requests and a Retry-After header; 0 turns it off.
func WithThrottleEvery(n int) Option {
	return func(s *Server) { s.faults.throttleEvery, s.faults.throttleCount = max(n, 0), 0 }
}

// WithThrottleRate answers each request with 429 at probability p (0 off, 1 always), drawn from
// the server's seeded random source (see WithSeed) so a test run repeats exactly.
func WithThrottleRate(p float64) Option {
	return func(s *Server) { s.faults.throttleRate = min(max(p, 0), 1) }
}

// WithRetryAfter sets the Retry-After that 429 and 503 answers carry (1s by default); Graph sends
// whole or fractional seconds. Zero leaves the header out, so a client must back off on its own.
func WithRetryAfter(d time.Duration) Option {
	return func(s *Server) { s.faults.retryAfter = max(d, 0) }
}

// WithFailNext makes the next n requests fail with status and Graph's error body for it: 503
// (with Retry-After) for a service-unavailable burst, 500, 502 or 504 for other outages, 403 for
// Intune's missing-permission error naming the scopes; any other status gets code UnknownError.
// It replaces any burst in progress.
func WithFailNext(n int, status int) Option {
	return func(s *Server) { s.faults.failNext, s.faults.failStatus = max(n, 0), status }
}

// WithRequireToken makes every request need "Authorization: Bearer <token>" for which valid
// returns true; otherwise the answer is 401 InvalidAuthenticationToken. nil turns it off.
func WithRequireToken(valid func(token string) bool) Option {
	return func(s *Server) { s.faults.validToken = valid }
}

// WithClock sets the clock for response dates, created partners and terminate's deadlines.
func WithClock(now func() time.Time) Option {
	return func(s *Server) {
		if now != nil {
			s.now = now
		}
	}
}

// WithSeed seeds the random sources for throttle decisions and new ids, so that a test run is
// repeatable. The default seed is fixed too. Request-ids are not seeded (see WithRequestIDSeed):
// like Graph's, they differ from one run to the next.
func WithSeed(seed uint64) Option {
	return func(s *Server) {
		s.rnd = rand.New(rand.NewPCG(seed, 0x5eed))
		s.ids = rand.New(rand.NewPCG(seed, 0x1d5))
	}
}

// WithRequestIDSeed seeds the request-ids, for tests that compare whole screens (goldens). Without
// it they come from a source seeded at random, so that no two runs repeat one, as on Graph.
func WithRequestIDSeed(seed uint64) Option {
	return func(s *Server) { s.reqIDs = rand.New(rand.NewPCG(seed, 0x7e9)) }
}

// WithIDSource sets how created partners get their ids (a fresh GUID from the seeded source by
// default); an id already in use is never handed out twice.
func WithIDSource(next func() string) Option {
	return func(s *Server) { s.newID = next }
}

// WithPatchReturnsBody makes PATCH answer 200 with the updated entity, as the Graph docs promise,
// instead of the 204 No Content real Intune sends. Clients must cope with both.
func WithPatchReturnsBody(on bool) Option {
	return func(s *Server) { s.patchReturnsBody = on }
}

// WithTerminateDeadlines sets how far after a terminate the partner's devices are marked
// non-compliant and removed. The defaults are DefaultNonCompliantAfter (7 days: a week for
// admins to move devices before Conditional Access starts blocking them, the simulator's choice,
// as Microsoft documents no figure) and DefaultRemovedAfter (90 days, which the Intune admin
// center documents for removal after a Jamf connection is terminated).
func WithTerminateDeadlines(nonCompliantAfter, removedAfter time.Duration) Option {
	return func(s *Server) { s.nonCompliantAfter, s.removedAfter = nonCompliantAfter, removedAfter }
}
