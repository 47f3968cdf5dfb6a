//go:build !unix

package sshserver

import "os"

// openAppend opens path for appending (there are no FIFOs in the file system to block on).
func openAppend(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
}
