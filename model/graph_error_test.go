package model

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseGraphErrorIntuneShape(t *testing.T) {
	body := `{"error":{"code":"Forbidden","message":"{\r\n  \"_version\": 3,\r\n  \"Message\": \"Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfiguration.Read.All, DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfiguration.ReadWrite.All - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: d4f43fa4-4791-424c-9cbf-7c4a60796465 - Url: https://fef.example/x\",\r\n  \"CustomApiErrorPhrase\": \"\",\r\n  \"RetryAfter\": null\r\n}","innerError":{"date":"2024-05-22T09:41:40","request-id":"e0632382-b271-43e0-97fc-475ae068ed6f","client-request-id":"3e43f1c7-dece-dc29-0770-9d1ceae7e86e"}}}`
	e := ParseGraphError(403, []byte(body))
	if !e.IsForbidden() || e.Code != "Forbidden" {
		t.Errorf("status/code: %d %q", e.StatusCode, e.Code)
	}
	if !strings.HasPrefix(e.Message, "Application is not authorized to perform this operation.") || strings.Contains(e.Message, "_version") {
		t.Errorf("message not unpacked: %q", e.Message)
	}
	if e.RequestID != "e0632382-b271-43e0-97fc-475ae068ed6f" || e.ClientRequestID != "3e43f1c7-dece-dc29-0770-9d1ceae7e86e" {
		t.Errorf("ids: %q %q", e.RequestID, e.ClientRequestID)
	}
	if !e.Date.Equal(time.Date(2024, 5, 22, 9, 41, 40, 0, time.UTC)) {
		t.Errorf("date %v", e.Date)
	}
	want := []string{"DeviceManagementServiceConfiguration.Read.All", "DeviceManagementServiceConfig.Read.All", "DeviceManagementServiceConfiguration.ReadWrite.All"}
	if strings.Join(e.RequiredScopes, ",") != strings.Join(want, ",") {
		t.Errorf("scopes %v", e.RequiredScopes)
	}
	if s := e.Error(); !strings.Contains(s, "403 Forbidden") || !strings.Contains(s, "request-id e0632382") {
		t.Errorf("Error() = %q", s)
	}
}

func TestParseGraphErrorLenient(t *testing.T) {
	e := ParseGraphError(429, []byte(`{"error":{"code":"TooManyRequests","message":"Please retry again later.","innerError":{"code":"429","requestId":"r1","date":"2020-08-18T12:51:51"}}}`))
	if !e.IsThrottled() || e.RequestID != "r1" || e.InnerCode != "429" || e.Message != "Please retry again later." {
		t.Errorf("%+v", e)
	}
	e = ParseGraphError(502, []byte("<html><body>Bad gateway\x1b[2J</body></html>"))
	if e.Code != "" || !strings.Contains(e.Message, "Bad gateway") || strings.Contains(e.Message, "\x1b") {
		t.Errorf("non-JSON body: %+v", e)
	}
	e = ParseGraphError(400, []byte(`{"error":{"code":"BadRequest","message":"Resource not found for the segment 'x'.","innererror":{"innerError":{"request-id":"deep"}}}}`))
	if !e.IsBadRequest() || e.RequestID != "deep" {
		t.Errorf("nested inner error: %+v", e)
	}
}

func TestNewErrorBodyRoundTrip(t *testing.T) {
	b := NewErrorBody("ResourceNotFound", "nope", "req", "creq", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if b.Error.InnerError.Date != "2026-01-02T03:04:05" {
		t.Errorf("date %q", b.Error.InnerError.Date)
	}
}

// Intune's 401 in msgraph-sdk-powershell issue 1257: code UnknownError, a message that is a JSON
// document whose Message is another JSON document. The reader gets the innermost text.
func TestParseGraphErrorDoublyWrapped401(t *testing.T) {
	innermost := "An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 5e1a7c2b-0000-4000-8000-000000000001 - Url: https://fef.msub02.manage.microsoft.com/DeviceFE/StatelessDeviceFEService/deviceManagement/deviceManagementPartners?api-version=2023-07-04"
	inner := "{\r\n  \"_version\": 3,\r\n  \"Message\": \"" + innermost + "\",\r\n  \"CustomApiErrorPhrase\": \"\",\r\n  \"RetryAfter\": null,\r\n  \"ErrorSourceService\": \"\",\r\n  \"HttpHeaders\": \"{}\"\r\n}"
	outer, _ := json.Marshal(map[string]any{"ErrorCode": "Forbidden", "Message": inner, "Target": nil, "Details": nil, "InnerError": nil, "InstanceAnnotations": []any{}})
	body, _ := json.Marshal(map[string]any{"error": map[string]any{"code": "UnknownError", "message": string(outer),
		"innerError": map[string]any{"date": "2026-11-30T12:00:00", "request-id": "r-401", "client-request-id": "c-401"}}})
	e := ParseGraphError(401, body)
	if e.Message != innermost {
		t.Errorf("message = %q, want the innermost text", e.Message)
	}
	if e.Code != "UnknownError" || e.InnerCode != "Forbidden" || e.RequestID != "r-401" {
		t.Errorf("code %q inner %q request-id %q", e.Code, e.InnerCode, e.RequestID)
	}
	if s := e.Error(); strings.Contains(s, "_version") || strings.Contains(s, "ErrorCode") {
		t.Errorf("Error() still shows the wrapping: %q", s)
	}
}
