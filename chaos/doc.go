// Package chaos holds fault tests for `agented serve`. They build the real binary, start it on
// a throwaway data directory and attack it from outside the way a hostile client or a bad day
// would: oversized and trickled bodies, address spraying, spoofed forwarding headers, an
// immutable database, an unwritable or full disk, kill -9 in the middle of runs and webhook
// bursts, and a child process that tries to read the server's environment. Every verdict is
// read from outside too, through the REST API, the process table and the data directory.
//
// Each case logs what it tried and what survived ("tried: …" / "survived: …", shown with -v).
// The quick cases run with the other Go tests; the long ones carry the `chaos` build tag and
// run with `make chaos`. Cases that need root (chattr, mount, switching users) say so and are
// skipped with the reason when not run as root. docs/chaos.md lists every case.
//
// The package has no non-test code: this file only documents it.
package chaos
