// Package sleep waits for a while unless a context ends first: the one such wait of the Graph
// client's retries and of the sign-in's token-cache lock.
package sleep

import (
	"context"
	"time"
)

// For waits d, or until ctx ends (then it returns ctx's error). A d of zero or less only checks ctx.
func For(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
