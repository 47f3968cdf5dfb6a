package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/partnerdash/partnerdash/model"
)

// The list pipeline: a page of 1000 partners is about a megabyte, and decoding it takes about as
// long as fetching it. So while one page is decoded, the next is already being fetched: as soon
// as a page's body has been read, a quick scan of its top level finds @odata.nextLink (Graph and
// the simulator put it before "value"; the scan finds it anywhere) and the next request goes out.
// The full decode stays the authority: if the link it finds differs from the scanned one, the
// prefetch is dropped and the decoded link is fetched. Only links that pass the same-origin check
// are ever fetched, prefetched or not.

// fetchedPage is one page's body, read but not yet decoded.
type fetchedPage struct {
	resp *http.Response // for error messages; its body is closed
	buf  *bytes.Buffer  // from c.pages; given back after decoding
	next string         // the scanned @odata.nextLink, raw; "" when none was found
	err  error
}

// pageOf is one decoded page of a collection.
type pageOf[T any] struct {
	count *int
	next  string
	value []T

	number int            // set by eachPage: 1 for the first page
	resp   *http.Response // set by eachPage: the answer it was read from (its body is closed)
}

// pageError is the error of a page of the listing of what that cannot be fetched or decoded.
func pageError(what string, page int, err error) error {
	return fmt.Errorf("list %s (page %d): %w", what, page, err)
}

// listAll returns every item of the collection at first, following @odata.nextLink to the last
// page and fetching each page while the one before is decoded (see List); what names the items in
// errors ("partners"), and decode parses one page's body.
func listAll[T any](ctx context.Context, c *Client, first, what string, decode func(*http.Response, *bytes.Buffer) (pageOf[T], error)) ([]T, error) {
	all := []T{}
	err := eachPage(ctx, c, first, what, decode, func(page pageOf[T]) error {
		if page.count != nil && *page.count > cap(all) && *page.count < 1_000_000 {
			grown := make([]T, len(all), *page.count)
			copy(grown, all)
			all = grown
		}
		all = append(all, page.value...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// eachPage calls fn with each page of the collection at first, in order, as soon as the page is
// decoded, while the next page is being fetched. The page's body stays in its buffer until fn
// returns, so what decode gives fn may alias it. An error from fn stops the listing and is
// returned as it is; a page that cannot be fetched or decoded stops it with an error that names
// the page (pageError).
func eachPage[T any](ctx context.Context, c *Client, first, what string, decode func(*http.Response, *bytes.Buffer) (pageOf[T], error), fn func(pageOf[T]) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends a prefetch the result no longer needs

	url := first
	if c.pageSize > 0 {
		url += "?$top=" + strconv.Itoa(c.pageSize)
	}
	seen := map[string]bool{url: true}
	// The buffer of a page that has been processed goes to the prefetch of the page after it, if
	// that is waiting for one (readPage): one buffer then serves the whole listing.
	handoff := make(chan *bytes.Buffer, 1)
	defer func() {
		select {
		case b := <-handoff:
			c.putPageBuffer(b)
		default:
		}
	}()
	cur := c.fetchPage(ctx, url, nil)
	for pages := 1; ; pages++ {
		if cur.err != nil {
			return pageError(what, pages, cur.err)
		}
		// Start the next page before decoding this one.
		var prefetched <-chan fetchedPage
		prefetchURL := ""
		if cur.next != "" {
			if u, err := c.nextLink(url, cur.next); err == nil && !seen[u] {
				prefetchURL = u
				ch := make(chan fetchedPage, 1)
				go func() { ch <- c.fetchPage(ctx, u, handoff) }()
				prefetched = ch
			}
		}

		page, err := decode(cur.resp, cur.buf)
		if err != nil {
			c.putPageBuffer(cur.buf)
			return pageError(what, pages, err)
		}
		page.number, page.resp = pages, cur.resp
		err = fn(page)
		select {
		case handoff <- cur.buf:
		default:
			c.putPageBuffer(cur.buf)
		}
		if err != nil {
			return err
		}
		if page.next == "" {
			return nil
		}
		next, err := c.nextLink(url, page.next)
		if err != nil {
			return pageError(what, pages, err)
		}
		if seen[next] {
			return pageError(what, pages, errors.New("@odata.nextLink repeats an earlier page; stopping instead of looping"))
		}
		seen[next] = true
		url = next
		if prefetched != nil && prefetchURL == next {
			cur = <-prefetched
			continue
		}
		if prefetched != nil { // the scan and the decoder disagree: trust the decoder
			go func() {
				if p := <-prefetched; p.buf != nil {
					c.putPageBuffer(p.buf)
				}
			}()
		}
		cur = c.fetchPage(ctx, url, nil)
	}
}

// fetchPage GETs one page (retried as GETs are) and reads its body, without decoding it, into a
// buffer handed over on handoff if one comes in time (readPage).
func (c *Client) fetchPage(ctx context.Context, url string, handoff <-chan *bytes.Buffer) fetchedPage {
	var p fetchedPage
	p.err = c.do(ctx, &call{method: http.MethodGet, url: url, resend: idempotent}, func(resp *http.Response) error {
		buf, err := c.readPage(resp, handoff)
		if err != nil {
			return err
		}
		if p.buf != nil { // an earlier attempt's body, read before its failure
			c.putPageBuffer(p.buf)
		}
		p.resp, p.buf = resp, buf
		p.next, _ = model.TopLevelString(buf.Bytes(), "@odata.nextLink")
		return nil
	})
	if p.err != nil && p.buf != nil {
		c.putPageBuffer(p.buf)
		p.buf = nil
	}
	return p
}
