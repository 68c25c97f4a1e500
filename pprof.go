package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"time"
)

// startPprof serves Go's profiles (CPU, heap, allocs, mutex, block, goroutines) at addr when
// AGENTED_PPROF names one, for measuring the running binary from outside. It is a separate
// listener, never the API's: the profiles reveal internals and must not be reachable through it.
// Only loopback addresses are accepted.
func startPprof(addr string, stderr io.Writer) {
	if addr == "" {
		return
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(stderr, "agented: AGENTED_PPROF=%q ignored: it must be a loopback host:port\n", addr)
		return
	}
	// Mutex and block events are sampled only while profiling is on; 1 in 100 keeps the cost low.
	runtime.SetMutexProfileFraction(100)
	runtime.SetBlockProfileRate(int(100 * time.Microsecond))
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil {
			fmt.Fprintf(stderr, "agented: pprof listener: %v\n", err)
		}
	}()
}
