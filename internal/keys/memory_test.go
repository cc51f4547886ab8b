package keys

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// sink keeps a computation's allocation from being optimised away.
var sink []byte

// large allocates what an argon2id computation with m = 40 MiB would.
func large() {
	b := make([]byte, 40<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	sink = b
	sink = nil
}

func gcCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// watched returns slots whose release is counted on a channel instead of
// returning memory, after 10 ms of idleness.
func watched(n int) (*Slots, chan struct{}) {
	p := NewSlotsShare(n, 50)
	released := make(chan struct{}, 10)
	p.mem.after = 10 * time.Millisecond
	p.mem.release = func() { released <- struct{}{} }
	return p, released
}

// TestReleaseAfterLastComputation: while a large computation runs or waits
// for a slot the memory is not released; once the last has ended it is,
// once.
func TestReleaseAfterLastComputation(t *testing.T) {
	p, released := watched(1)
	gate := make(chan struct{})
	var wg sync.WaitGroup
	for range 3 { // one in the slot, two waiting for it
		wg.Go(func() {
			if err := p.Do(context.Background(), func() { <-gate; large() }); err != nil {
				t.Error(err)
			}
		})
	}
	for p.mem.pending.Load() != 3 {
		time.Sleep(time.Millisecond)
	}
	gate <- struct{}{} // the first ends; two remain
	gate <- struct{}{} // the second ends; one remains, in the slot
	time.Sleep(100 * time.Millisecond)
	select {
	case <-released:
		t.Fatal("released while a computation was still running")
	default:
	}
	close(gate)
	wg.Wait()
	select {
	case <-released:
	case <-time.After(10 * time.Second):
		t.Fatal("not released after the last computation")
	}
	time.Sleep(100 * time.Millisecond)
	if len(released) != 0 {
		t.Errorf("released %d more times", len(released))
	}
}

// TestSmallComputationsReleaseNothing: computations with the tests' small
// parameters leave nothing worth returning.
func TestSmallComputationsReleaseNothing(t *testing.T) {
	debug.FreeOSMemory() // what other tests left
	p, released := watched(2)
	for range 5 {
		if err := p.Do(context.Background(), func() { sink = make([]byte, 64<<10); sink = nil }); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(200 * time.Millisecond)
	if len(released) != 0 || p.mem.garbage.Load() != 0 {
		t.Errorf("released %d times, garbage %d after small computations", len(released), p.mem.garbage.Load())
	}
}

// TestCollectBeforeNextComputation: after a large computation, the next one
// starts only once the heap has been collected, so that it reuses the
// finished one's pages; after a small one no collection is forced.
func TestCollectBeforeNextComputation(t *testing.T) {
	p, _ := watched(1)
	// No release between the two computations: releasing takes the garbage
	// count too, and on a loaded machine 10 ms pass before it is read.
	p.mem.after = time.Hour
	var ended, started uint64
	ctx := context.Background()
	if err := p.Do(ctx, func() { large(); ended = gcCycles() }); err != nil {
		t.Fatal(err)
	}
	if p.mem.garbage.Load() != 1 {
		t.Fatalf("garbage after a large computation = %d", p.mem.garbage.Load())
	}
	if err := p.Do(ctx, func() { started = gcCycles() }); err != nil {
		t.Fatal(err)
	}
	if started <= ended || p.mem.garbage.Load() != 0 {
		t.Errorf("GC cycles %d at the end of the large computation, %d at the start of the next; garbage %d", ended, started, p.mem.garbage.Load())
	}
}
