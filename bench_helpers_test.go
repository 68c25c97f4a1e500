package main

import "time"

// pct returns the p-quantile (0..1) of sorted latencies, 0 for none.
func pct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	return lat[min(len(lat)-1, int(float64(len(lat))*p))]
}
