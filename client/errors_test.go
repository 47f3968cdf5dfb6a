package client

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

func TestGraphErrorCarriesWhatGraphSaid(t *testing.T) {
	intune := `{"error":{"code":"Forbidden","message":"{\r\n  \"_version\": 3,\r\n  \"Message\": \"Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000\",\r\n  \"RetryAfter\": null\r\n}","innerError":{"date":"2026-01-02T03:04:05","request-id":"rid-body","client-request-id":"crid-body"}}}`
	s := newScripted(t, step{status: 403, body: intune, header: map[string]string{"request-id": "rid-header"}})
	c, _ := newTest(t, s.url())
	_, err := c.List(context.Background())
	if !IsForbidden(err) || IsNotFound(err) || IsThrottled(err) || IsBadRequest(err) {
		t.Fatalf("err = %v, want only forbidden", err)
	}
	ge, _ := AsGraphError(err)
	if ge.Code != "Forbidden" || !strings.HasPrefix(ge.Message, "Application is not authorized") {
		t.Errorf("code %q, message %q", ge.Code, ge.Message)
	}
	if ge.RequestID != "rid-body" || ge.ClientRequestID != "crid-body" {
		t.Errorf("ids %q %q", ge.RequestID, ge.ClientRequestID)
	}
	if !ge.Date.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("date %v", ge.Date)
	}
	scopes := RequiredScopes(err)
	if strings.Join(scopes, " ") != "DeviceManagementServiceConfig.Read.All DeviceManagementServiceConfig.ReadWrite.All" {
		t.Errorf("scopes %v", scopes)
	}
}

func TestGraphErrorFallsBackToHeaders(t *testing.T) {
	s := newScripted(t, step{status: 400, body: `{"error":{"code":"BadRequest","message":"Invalid property"}}`,
		header: map[string]string{"request-id": "rid-h", "client-request-id": "crid-h", "Date": "Fri, 02 Jan 2026 03:04:05 GMT"}})
	c, _ := newTest(t, s.url())
	_, err := c.Create(context.Background(), model.Partner{DisplayName: "x"})
	if !IsBadRequest(err) {
		t.Fatalf("err = %v", err)
	}
	ge, _ := AsGraphError(err)
	if ge.RequestID != "rid-h" || ge.ClientRequestID != "crid-h" || !ge.Date.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("got %q %q %v", ge.RequestID, ge.ClientRequestID, ge.Date)
	}
	if !strings.HasPrefix(err.Error(), `create partner "x": graph: 400 BadRequest: Invalid property (request-id rid-h)`) {
		t.Errorf("error text %q", err)
	}
}

func TestGraphErrorWithoutHeadersKeepsOurRequestID(t *testing.T) {
	s := newScripted(t, step{status: 404})
	c, _ := newTest(t, s.url())
	_, err := c.Get(context.Background(), "p1")
	ge, ok := AsGraphError(err)
	if !ok || !ge.IsNotFound() {
		t.Fatalf("err = %v", err)
	}
	if ge.ClientRequestID != s.requests()[0].header.Get("client-request-id") {
		t.Errorf("client-request-id %q is not the one sent", ge.ClientRequestID)
	}
	if !strings.Contains(ge.Message, "Not Found (no response body)") {
		t.Errorf("message %q", ge.Message)
	}
}

func TestHTMLErrorPageGivesAClearError(t *testing.T) {
	page := "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1>\x1b[31m</body></html>"
	s := newScripted(t, step{status: 502, body: page, header: map[string]string{"Content-Type": "text/html"}})
	c, _ := newTest(t, s.url())
	_, err := c.Get(context.Background(), "p1")
	ge, ok := AsGraphError(err)
	if !ok || ge.StatusCode != 502 {
		t.Fatalf("err = %v", err)
	}
	want := `Bad Gateway: not a Graph error (Content-Type text/html): "502 Bad Gateway"`
	if ge.Message != want {
		t.Errorf("message %q, want %q", ge.Message, want)
	}
}

func TestNonGraphSuccessBodyIsRefused(t *testing.T) {
	for name, st := range map[string]step{
		"html":          {status: 200, body: "<html><title>Sign in</title></html>", header: map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		"json no value": {status: 200, body: `{"hello":"world"}`},
		"not json":      {status: 200, body: `hello`, header: map[string]string{"Content-Type": "application/json"}},
		"empty":         {status: 200, header: map[string]string{"Content-Type": "application/json"}},
	} {
		s := newScripted(t, st)
		c, sl := newTest(t, s.url())
		_, err := c.List(context.Background())
		if !errors.Is(err, ErrNotGraphResponse) {
			t.Errorf("%s: err = %v, want ErrNotGraphResponse", name, err)
			continue
		}
		if !strings.Contains(err.Error(), "is the base URL right?") {
			t.Errorf("%s: %v", name, err)
		}
		if len(sl.all()) != 0 {
			t.Errorf("%s: retried a response that will not change", name)
		}
	}
	s := newScripted(t, ok(`{"displayName":"no id"}`))
	c, _ := newTest(t, s.url())
	if _, err := c.Get(context.Background(), "p1"); !errors.Is(err, ErrNotGraphResponse) {
		t.Errorf("Get of an object without id: %v", err)
	}
}
