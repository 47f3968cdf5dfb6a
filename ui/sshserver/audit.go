package sshserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// AuditEntry is one line of the audit log: one change an operator asked Graph to make, and how
// it went. Field names are the JSON keys; see the package documentation for an example.
type AuditEntry struct {
	Time        time.Time     `json:"time"`
	User        string        `json:"ssh_user"`               // the SSH login name
	Name        string        `json:"key_name,omitempty"`     // from the key's comment
	Fingerprint string        `json:"key_fingerprint"`        // SHA256:...
	Role        Role          `json:"role"`                   // always operator today: viewers cannot change anything
	Remote      string        `json:"remote_addr,omitempty"`  // client address
	Tenant      string        `json:"tenant,omitempty"`       // the fleet tenant's id (serve --fleet)
	TenantName  string        `json:"tenant_name,omitempty"`  // and its name, from the fleet file
	Action      string        `json:"action"`                 // create, update, delete, terminate
	Kind        string        `json:"partner_kind,omitempty"` // "compliance" for a compliance partner; empty for a device management partner
	PartnerID   string        `json:"partner_id"`
	PartnerName string        `json:"partner_name"`      // the display name before the change
	Changes     []AuditChange `json:"changes,omitempty"` // update only
	Result      string        `json:"result"`            // "ok" or "error"
	Error       string        `json:"error,omitempty"`
	Status      int           `json:"graph_status,omitempty"` // the HTTP status of a Graph error
	RequestID   string        `json:"request_id,omitempty"`   // Graph's request-id, for Microsoft support
	ClientReqID string        `json:"client_request_id,omitempty"`
	DurationMS  int64         `json:"duration_ms"`
}

// AuditChange is one property an update changed, in words, as the confirm screen showed it.
type AuditChange struct {
	Field string `json:"field"`
	Old   string `json:"old,omitempty"` // empty when the partner was not known before the change
	New   string `json:"new"`
}

// AuditLog appends AuditEntry lines to a file and mirrors each to the server log.
type AuditLog struct {
	mu     sync.Mutex
	w      io.Writer
	file   *os.File // nil when writing to a plain writer (tests)
	logger *slog.Logger
}

// OpenAuditLog opens (or creates) the audit log at path for appending, mode 0600. An existing
// file that others can read is narrowed to 0600: the log names people and partners. Only a
// regular file will do: the open does not block (a FIFO with no reader would otherwise hang
// the server inside open(2), deaf to signals), and a FIFO, device or directory is refused, with
// the symlink named when path is one.
func OpenAuditLog(path string, logger *slog.Logger) (*AuditLog, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	f, err := openAppend(path)
	if err != nil {
		switch {
		case errors.Is(err, errFIFO):
			return nil, notRegular(path, "a FIFO")
		case errors.Is(err, syscall.EISDIR):
			return nil, notRegular(path, "a directory")
		}
		return nil, fmt.Errorf("audit log: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("audit log: %w", err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(path, fileKind(st.Mode()))
	}
	if st.Mode().Perm() != 0o600 {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, fmt.Errorf("audit log %s has mode %04o and cannot be narrowed to 0600: %w", path, st.Mode().Perm(), err)
		}
		logger.Warn("audit log permissions narrowed to 0600", "path", path, "was", fmt.Sprintf("%04o", st.Mode().Perm()))
	}
	a := NewAuditLog(f, logger)
	a.file = f
	return a, nil
}

// errFIFO is openAppend's error for a FIFO that nobody reads.
var errFIFO = errors.New("a FIFO with no reader")

// notRegular is the error for an audit log path that is not a regular file.
func notRegular(path, kind string) error {
	msg := fmt.Sprintf("audit log %s is %s, not a regular file", path, kind)
	if target, err := os.Readlink(path); err == nil {
		msg = fmt.Sprintf("audit log %s is a symlink to %s, which is %s, not a regular file", path, target, kind)
	}
	return errors.New(msg + "; give --audit-log a plain file")
}

func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// NewAuditLog writes entries to w (tests use a buffer).
func NewAuditLog(w io.Writer, logger *slog.Logger) *AuditLog {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &AuditLog{w: w, logger: logger}
}

// Record appends e as one JSON line (one write, so O_APPEND keeps lines whole), syncs it to disk,
// and logs it. A failed write is logged with the whole entry so the record is not lost; it is
// not returned to the user as their action's failure, because the action has already happened.
func (a *AuditLog) Record(e AuditEntry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	line = append(line, '\n')
	a.mu.Lock()
	_, err = a.w.Write(line)
	if err == nil && a.file != nil {
		err = a.file.Sync()
	}
	a.mu.Unlock()

	attrs := []any{
		"ssh_user", e.User, "key_fingerprint", e.Fingerprint, "role", e.Role,
		"action", e.Action, "partner_id", model.Sanitize(e.PartnerID),
		"partner_name", model.Sanitize(e.PartnerName), "result", e.Result,
	}
	if e.Tenant != "" {
		attrs = append(attrs, "tenant", model.Sanitize(e.Tenant), "tenant_name", model.Sanitize(e.TenantName))
	}
	if e.Error != "" {
		attrs = append(attrs, "error", model.Sanitize(e.Error))
	}
	if e.RequestID != "" {
		attrs = append(attrs, "request_id", model.Sanitize(e.RequestID))
	}
	if err != nil {
		a.logger.Error("audit log write failed; entry follows", append(attrs, "write_error", err)...)
		return fmt.Errorf("audit log: %w", err)
	}
	a.logger.Info("audit", attrs...)
	return nil
}

// Close closes the file.
func (a *AuditLog) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.file == nil {
		return nil
	}
	err := a.file.Close()
	a.file = nil
	a.w = closedWriter{}
	return err
}

type closedWriter struct{}

func (closedWriter) Write([]byte) (int, error) { return 0, errors.New("audit log is closed") }
