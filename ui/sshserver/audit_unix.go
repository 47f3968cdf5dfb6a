//go:build unix

package sshserver

import (
	"errors"
	"os"
	"syscall"
)

// openAppend opens path for appending without blocking (O_NONBLOCK: a FIFO with no reader
// fails at once with ENXIO instead of hanging in open), then clears the flag on what it opened,
// so that writes are ordinary blocking ones.
func openAppend(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|syscall.O_NONBLOCK, 0o600)
	if err != nil {
		if errors.Is(err, syscall.ENXIO) {
			return nil, errFIFO
		}
		return nil, err
	}
	if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
