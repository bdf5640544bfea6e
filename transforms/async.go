package transforms

import "sync"

// inflight runs slow per-element work (sandbox executions, LLM calls)
// concurrently across the elements of a bundle. Work runs on goroutines; the
// results come back to the DoFn's own goroutine, the only one allowed to call
// Beam emitters, as they complete. Flush waits for the rest at FinishBundle.
type inflight[T any] struct {
	sem     chan struct{}
	results chan T
	pending int
	wg      sync.WaitGroup
}

func newInflight[T any](n int) *inflight[T] {
	if n < 1 {
		n = 1
	}
	return &inflight[T]{sem: make(chan struct{}, n), results: make(chan T, n)}
}

// Go starts work, first emitting completed results while all slots are busy.
func (f *inflight[T]) Go(work func() T, emit func(T)) {
	for {
		select {
		case f.sem <- struct{}{}:
			f.pending++
			f.wg.Add(1)
			go func() {
				defer f.wg.Done()
				r := work()
				f.results <- r // never blocks: capacity equals the number of slots
				<-f.sem
			}()
			return
		case r := <-f.results:
			f.pending--
			emit(r)
		}
	}
}

// Drain emits the results that are ready without waiting.
func (f *inflight[T]) Drain(emit func(T)) {
	for {
		select {
		case r := <-f.results:
			f.pending--
			emit(r)
		default:
			return
		}
	}
}

// Flush waits for all started work and emits its results.
func (f *inflight[T]) Flush(emit func(T)) {
	for f.pending > 0 {
		r := <-f.results
		f.pending--
		emit(r)
	}
	f.wg.Wait()
}
