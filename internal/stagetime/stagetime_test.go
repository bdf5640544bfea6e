package stagetime

import (
	"runtime"
	"testing"
	"time"
)

func spin(d time.Duration) {
	for start := ThreadCPU(); ThreadCPU()-start < d; {
	}
}

func TestMeasureSeparatesCPUFromWaiting(t *testing.T) {
	cases := []struct {
		name           string
		work           func()
		minCPU, maxCPU time.Duration
		minWallOverCPU time.Duration
	}{
		{"busy loop: CPU time about its length", func() { spin(50 * time.Millisecond) }, 50 * time.Millisecond, time.Second, 0},
		{"sleep: wall time without CPU time", func() { time.Sleep(80 * time.Millisecond) }, 0, 20 * time.Millisecond, 60 * time.Millisecond},
		{"other goroutines' work is not counted", func() {
			done := make(chan bool)
			go func() { spin(60 * time.Millisecond); done <- true }()
			<-done
		}, 0, 20 * time.Millisecond, 40 * time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Measure(c.work)
			if s.CPU < c.minCPU || s.CPU > c.maxCPU {
				t.Errorf("CPU %v, want in [%v, %v]", s.CPU, c.minCPU, c.maxCPU)
			}
			if s.Wall-s.CPU < c.minWallOverCPU {
				t.Errorf("wall %v - CPU %v < %v", s.Wall, s.CPU, c.minWallOverCPU)
			}
			if s.Wall <= 0 || s.CPU < 0 {
				t.Errorf("sample %+v", s)
			}
		})
	}
}

func TestThreadCPUAdvances(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	a := ThreadCPU()
	spin(10 * time.Millisecond)
	if b := ThreadCPU(); b-a < 10*time.Millisecond {
		t.Fatalf("thread CPU advanced %v over a 10 ms busy loop", b-a)
	}
}
