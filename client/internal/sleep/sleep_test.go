package sleep

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestForStopsWithItsContext(t *testing.T) {
	if err := For(context.Background(), time.Millisecond); err != nil {
		t.Fatalf("a short wait: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := For(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled wait returned %v", err)
	}
	if err := For(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("a zero wait on a cancelled context returned %v", err)
	}
}
