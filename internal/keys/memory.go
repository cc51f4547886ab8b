package keys

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// Memory of argon2id. Every computation allocates its 64 MiB anew and
// leaves them as garbage when it ends. Left to itself the runtime collects
// that garbage only when the heap reaches its goal or the soft memory limit,
// so during a burst a new computation's 64 MiB came on top of a finished
// one's, and after the burst, with nothing allocating, no collection ran and
// the scavenger returned the free pages slowly: the process stayed ~130 MiB
// above idle for minutes (docs/performance.md). So the slots manage it, and
// only for computations that allocate a computation's worth
// (reclaimThreshold; the tests' small parameters never do):
//
//   - a computation that allocated that much leaves its garbage to be
//     collected: the next computation to take a slot collects the heap
//     first (one collection at a time; those taking a slot meanwhile wait
//     for it), so that it reuses the finished computation's pages instead of
//     adding to them, and the heap stays within what is live plus one
//     computation per slot;
//   - when the last computation has ended and none waits, and a second
//     later nothing has started, the free pages go back to the system
//     (debug.FreeOSMemory) when they amount to that much.

// reclaimThreshold is the garbage or free heap worth a collection or a
// release: half a computation.
const reclaimThreshold = 32 << 20

// defaultReleaseAfter is how long the slots stay idle before the memory
// of the computations goes back to the system: a burst with short gaps
// keeps its pages.
const defaultReleaseAfter = time.Second

// memory tracks the computations in or waiting for a slot, and releases the
// heap once they are done.
type memory struct {
	pending atomic.Int64 // computations in or waiting for a slot
	garbage atomic.Int64 // large computations ended since the last collection
	collect sync.Mutex   // one collection at a time
	timer   atomic.Pointer[time.Timer]
	after   time.Duration
	// release returns the free heap to the system; a test replaces it.
	release func()
}

func newMemory() *memory {
	return &memory{after: defaultReleaseAfter, release: debug.FreeOSMemory}
}

// enter counts a computation that wants a slot, and cancels a release that
// is waiting for the slots to stay idle.
func (m *memory) enter() {
	m.pending.Add(1)
	if t := m.timer.Swap(nil); t != nil {
		t.Stop()
	}
}

// leave counts a computation that ended (or gave up waiting). The last one
// schedules the release: it runs after m.after if nothing entered since.
func (m *memory) leave() {
	if m.pending.Add(-1) != 0 {
		return
	}
	t := time.AfterFunc(m.after, func() {
		if m.pending.Load() == 0 {
			m.releaseIdle()
		}
	})
	if old := m.timer.Swap(t); old != nil {
		old.Stop()
	}
}

// run runs a computation: first the collection a finished large one left
// waiting, then fn, noting whether fn allocated a computation's worth.
func (m *memory) run(fn func()) {
	if m.garbage.Load() > 0 {
		m.collect.Lock()
		if n := m.garbage.Load(); n > 0 { // else another slot collected while this one waited
			runtime.GC()
			m.garbage.Add(-n)
		}
		m.collect.Unlock()
	}
	before := heapAllocated()
	fn()
	if heapAllocated()-before >= reclaimThreshold {
		m.garbage.Add(1)
	}
}

// heapAllocated reads the bytes the heap has allocated since the process
// started (also by other goroutines: an upper bound of fn's).
func heapAllocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// releaseIdle returns the heap to the system after the last computation, when
// a large one left garbage or free pages.
func (m *memory) releaseIdle() {
	if m.garbage.Swap(0) > 0 || heapFree() >= reclaimThreshold {
		m.release()
	}
}

// heapFree reads how much of the heap is free but still held from the
// system.
func heapFree() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
