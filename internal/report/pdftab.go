package report

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Every PDF is printed in a tab of a browser context of its own (a fresh
// profile in memory: nothing shared with another PDF). Making one is a new
// browser context, a new renderer process, a tab and chromedp's domains:
// 0.4–0.8 s, and the renderer's first print is slower than the next (its
// code and fonts are cold). So after each PDF the engine makes the next
// PDF's tab ready in the background: a
// new browser context whose renderer printed a small page of its own (the
// fonts, a heading, a table and a chart, never another organisation's
// data). A PDF takes that tab when there is one and makes its own when
// there is none (the first PDF, or two at once). At most one tab waits; it
// goes with the browser when that stops.

// pdfTab is one tab in a browser context of its own.
type pdfTab struct {
	ctx   context.Context // the tab's chromedp context; the tab lives until close
	stop  func()          // closes the tab and disposes of its browser context
	ready bool            // made ready before a PDF asked for it
	once  sync.Once
}

// close closes the tab and disposes of its browser context.
func (t *pdfTab) close() { t.once.Do(t.stop) }

// tabSetupTimeout bounds making a tab ready in the background.
const tabSetupTimeout = 30 * time.Second

// newTab opens a tab in a new browser context of b with scripts off. ctx
// only stops waiting for it: the tab lives until its close.
func (b *pdfBrowser) newTab(ctx context.Context, warm bool) (*pdfTab, error) {
	tctx, closeTab := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	// The tab's first action binds the tab to tctx, so it runs on its own.
	done := make(chan error, 1)
	go func() {
		done <- chromedp.Do(tctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			if _, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
				return err
			}
			if !warm {
				return nil
			}
			_, err := (&pdfTab{ctx: tctx}).print(ctx, warmPage, "<span></span>")
			return err
		}))
	}()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	t := &pdfTab{ctx: tctx, stop: closeTab}
	if err != nil {
		go t.close()
		return nil, err
	}
	return t, nil
}

// warmPage is printed by a tab made ready in the background: the fonts
// regular and bold, a heading, a table with header cells and a chart, so
// that the renderer has laid out and tagged each kind once.
const warmPage = `<!DOCTYPE html><html lang="nl-NL"><head><meta charset="utf-8"><title>Integer</title>
<style>body { font-family: "DejaVu Sans", sans-serif; } @page { size: A4; margin: 2cm 1.8cm; }</style></head>
<body><main><h1>Integer</h1><h2>Jaarverslag</h2><p>Meldingen <strong>2025</strong> · één</p>
<table><caption>Meldingen per jaar</caption><thead><tr><th scope="col">Jaar</th><th scope="col">Aantal</th></tr></thead>
<tbody><tr><th scope="row">2025</th><td>1</td></tr></tbody></table>
<svg role="img" aria-labelledby="w-t" viewBox="0 0 10 10" width="10" height="10"><title id="w-t">Grafiek</title><rect x="0" y="0" width="5" height="5"/></svg>
</main></body></html>`

// takeTab gives the tab made ready for the next PDF, waiting for the one
// being made (a new tab would only compete with it for the CPU), or nil
// when there is none.
func (b *pdfBrowser) takeTab(ctx context.Context) *pdfTab {
	b.tabMu.Lock()
	if b.spare == nil && b.made != nil {
		made := b.made
		b.tabMu.Unlock()
		select {
		case <-made:
		case <-ctx.Done():
			return nil
		}
		b.tabMu.Lock()
	}
	t := b.spare
	b.spare = nil
	b.tabMu.Unlock()
	return t
}

// prepareTab makes the next PDF's tab ready in the background, unless one
// is ready or being made, or the browser stops.
func (b *pdfBrowser) prepareTab() {
	b.tabMu.Lock()
	if b.spare != nil || b.made != nil || b.stopped {
		b.tabMu.Unlock()
		return
	}
	made := make(chan struct{})
	b.made = made
	b.tabMu.Unlock()
	go func() {
		defer close(made)
		ctx, cancel := context.WithTimeout(b.ctx, tabSetupTimeout)
		defer cancel()
		t, err := b.newTab(ctx, true)
		b.tabMu.Lock()
		b.made = nil
		if err == nil && b.stopped {
			err = errors.New("the browser stopped")
		}
		if err == nil {
			t.ready = true
			b.spare = t
		}
		b.tabMu.Unlock()
		if err != nil && t != nil {
			t.close()
		}
	}()
}

// dropTab closes the ready tab, if any, and makes no more: the browser
// stops.
func (b *pdfBrowser) dropTab() {
	b.tabMu.Lock()
	b.stopped = true
	t := b.spare
	b.spare = nil
	b.tabMu.Unlock()
	if t != nil {
		go t.close()
	}
}
