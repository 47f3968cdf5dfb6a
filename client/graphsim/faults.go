package graphsim

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// faults are the injected failures, settable through Options at any time.
type faults struct {
	latency       time.Duration
	throttleEvery int
	throttleRate  float64
	throttleCount int // requests that reached the throttle check
	retryAfter    time.Duration
	failNext      int
	failStatus    int
	validToken    func(string) bool
}

// wwwAuthenticate is the challenge Graph sends with a 401.
const wwwAuthenticate = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`

// injectFaults applies latency, then a failure burst, the token check and throttling, in the
// order a request meets them at Graph's front door. It reports whether the request may proceed.
func (s *Server) injectFaults(c *call) bool {
	s.mu.Lock()
	latency := s.faults.latency
	s.mu.Unlock()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-c.r.Context().Done():
			t.Stop()
			return false // the client gave up; nobody reads an answer
		}
	}

	s.mu.Lock()
	f := &s.faults
	failStatus := 0
	if f.failNext > 0 {
		f.failNext--
		failStatus = f.failStatus
	}
	valid, retryAfter := f.validToken, f.retryAfter
	s.mu.Unlock()

	if failStatus != 0 {
		if failStatus == http.StatusServiceUnavailable {
			setRetryAfter(c, retryAfter)
		}
		msg := failureMessage(failStatus)
		if failStatus == http.StatusForbidden {
			msg = c.intuneMessage(msg)
		}
		c.fail(failStatus, failureCode(failStatus), msg)
		return false
	}
	if valid != nil && !s.authorized(c, valid) {
		return false
	}

	s.mu.Lock()
	f.throttleCount++
	throttled := f.throttleEvery > 0 && f.throttleCount%f.throttleEvery == 0
	if !throttled && f.throttleRate > 0 {
		throttled = s.rnd.Float64() < f.throttleRate
	}
	s.mu.Unlock()
	if throttled {
		setRetryAfter(c, retryAfter)
		c.fail(http.StatusTooManyRequests, codeThrottled, "Please retry again later.",
			"code", "429", "message", "Please retry after", "status", "429")
		return false
	}
	return true
}

// authorized checks the bearer token and answers 401 when it is missing or rejected.
func (s *Server) authorized(c *call, valid func(string) bool) bool {
	h := c.r.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	var msg string
	switch {
	case h == "":
		msg = "Access token is empty."
	case !strings.EqualFold(scheme, "Bearer") || token == "":
		msg = "Access token validation failure: the Authorization header is not 'Bearer <token>'."
	case !valid(token):
		msg = "Access token validation failure. Invalid audience."
	default:
		return true
	}
	c.w.Header().Set("WWW-Authenticate", wwwAuthenticate)
	c.fail(http.StatusUnauthorized, codeUnauthorized, msg)
	return false
}

// setRetryAfter writes Retry-After in seconds, fractional when needed, as Graph may.
func setRetryAfter(c *call, d time.Duration) {
	if d <= 0 {
		return
	}
	c.w.Header().Set("Retry-After", strconv.FormatFloat(d.Seconds(), 'f', -1, 64))
}

// failureCode is the Graph error code for an injected server failure.
func failureCode(status int) string {
	switch status {
	case http.StatusServiceUnavailable:
		return codeUnavailable
	case http.StatusForbidden:
		return "Forbidden"
	case http.StatusInternalServerError:
		return "InternalServerError"
	case http.StatusBadGateway:
		return "BadGateway"
	case http.StatusGatewayTimeout:
		return "GatewayTimeout"
	}
	return "UnknownError"
}

// failureMessage is the message for an injected server failure.
func failureMessage(status int) string {
	switch status {
	case http.StatusServiceUnavailable:
		return "The service is temporarily unavailable. Please retry later."
	case http.StatusForbidden: // Intune's wording, scopes included, as a client must show them
		return "Application is not authorized to perform this operation. Application must have one of the following scopes: " +
			"DeviceManagementServiceConfig.ReadWrite.All, DeviceManagementConfiguration.ReadWrite.All"
	}
	if t := http.StatusText(status); t != "" {
		return t + " (injected by graphsim)."
	}
	return "Injected failure."
}
