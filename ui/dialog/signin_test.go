package dialog

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/ui/uitest"
)

func TestSignInDropsStaleAttempt(t *testing.T) {
	run := func(ctx context.Context, show func(SignInPrompt)) error {
		show(SignInPrompt{URL: "https://microsoft.com/devicelogin", Code: "CODE-2"})
		<-ctx.Done()
		return ctx.Err()
	}
	d, _ := SignIn(context.Background(), uitest.AsciiTheme(), run, time.UTC, nil)
	s := d.(*signIn)
	s.attempt = 2 // a restart replaced attempt 1
	d, _ = d.Update(signInPromptMsg{attempt: 2, prompt: SignInPrompt{URL: "https://microsoft.com/devicelogin", Code: "CODE-2"}})
	d, _ = d.Update(signInDoneMsg{attempt: 1, err: errors.New("stale")})
	if v := d.View(80, 24); strings.Contains(v, "stale") || !strings.Contains(v, "CODE-2") {
		t.Fatalf("a stale attempt's result was shown:\n%s", v)
	}
	d.Update(uitest.Key("esc"))
}
