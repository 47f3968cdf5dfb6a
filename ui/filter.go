package ui

import (
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// newFilterInput builds the filter's text input.
func newFilterInput(t theme.Theme) textinput.Model {
	return t.TextInput("/ ", "name, id or app id", 200, t.FilterPrompt, t.FilterText, t.FilterPlaceholder, t.FilterCursor)
}

// wantsAttention is the quick state filter: partners whose triage is not OK.
func wantsAttention(e *entry) bool { return e.assess.Health != model.HealthOK }

// matcher is a filter query prepared for fuzzy matching: a partner matches when the query's
// characters appear in one of its fields in order, ignoring case ("brmbl" finds "Brambleworth").
// That is the rule github.com/sahilm/fuzzy matches by (a test holds the two to the same answers);
// its scores are not needed because the list keeps the sort the user chose, so this plain loop
// does the job without scoring and allocating for every partner on every keystroke.
type matcher []rune

func (m matcher) match(s string) bool {
	j := 0
	for i := 0; i < len(s) && j < len(m); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if foldEqual(r, m[j]) {
			j++
		}
		i += size
	}
	return j == len(m)
}

// foldEqual reports whether a and b are the same letter ignoring case, as strings.EqualFold does.
func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		return 'A' <= a && a <= 'Z' && a+'a'-'A' == b || 'A' <= b && b <= 'Z' && b+'a'-'A' == a
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// fuzzyFilter keeps the candidates (indices into es, in display order) whose name, id or app id
// matches query. Each field is matched on its own, so a match never strings together letters of
// a name and an id. The order of cands is kept: the chosen sort still holds.
func fuzzyFilter(es []entry, cands []int, query string) []int {
	if query == "" {
		return cands
	}
	m := matcher(query)
	out := make([]int, 0, len(cands))
	for _, i := range cands {
		e := &es[i]
		if m.match(e.nameKey) || m.match(e.id) || m.match(e.appID) {
			out = append(out, i)
		}
	}
	return out
}

// Matches reports whether query's characters appear in s in order, ignoring case: the filter's
// rule, for other screens that filter the same way (the fleet screen).
func Matches(query, s string) bool { return matcher(query).match(s) }
