package ui

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sahilm/fuzzy"
)

// TestMatcherAgreesWithSahilmFuzzy holds the filter's matcher to the same answers as
// github.com/sahilm/fuzzy (what bubbles' list filters with) on names, ids and random queries.
func TestMatcherAgreesWithSahilmFuzzy(t *testing.T) {
	var corpus []string
	for _, p := range dashManyPartners(60) {
		corpus = append(corpus, p.DisplayName, p.ID, p.SingleTenantAppID)
	}
	corpus = append(corpus, "Ünïcödé Straße", "KELVIN \u212a", "ſecure", "日本語のパートナー", "a_a", "aaa", "")
	queries := []string{"jamf", "JAMF", "brmbl", "000", "5ca1", "-", " ", "jamf pro", "ü", "SS", "k", "s", "日本",
		"ddd", "xyz", "aa", "a_", "ſ", "tidewater devices 0000"}
	rng := rand.New(rand.NewPCG(1, 2))
	const letters = "abcdefjmnorstuvwxyzABCDJM0123456789- _ü"
	for i := 0; i < 300; i++ {
		n := 1 + rng.IntN(5)
		q := make([]rune, n)
		for j := range q {
			q[j] = []rune(letters)[rng.IntN(len([]rune(letters)))]
		}
		queries = append(queries, string(q))
	}
	for _, q := range queries {
		var want []int
		for _, m := range fuzzy.FindNoSort(q, corpus) {
			want = append(want, m.Index)
		}
		var got []int
		for i, s := range corpus {
			if matcher(q).match(s) {
				got = append(got, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("query %q: matcher finds %v, sahilm/fuzzy %v", q, got, want)
		}
	}
}
