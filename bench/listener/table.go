package main

import (
	"fmt"
	"io"
	"slices"
)

// row is one scenario at one rate, with a value per round.
type row struct {
	name, note string
	rate       int

	requests, accepted, errors, shed []int
	p50, p99, liveP50, liveP99       []float64 // ms
	rss                              [][2]float64
	runs, finished                   []int
	finishedPerSec                   []float64
	problems                         []string
}

// add records one round's reports; ok is the status that counts as accepted.
func (r *row) add(rep, live report, ok int) {
	r.requests = append(r.requests, rep.Requests)
	r.accepted = append(r.accepted, rep.code(ok))
	r.errors = append(r.errors, rep.failed(ok))
	r.shed = append(r.shed, rep.code(503))
	r.p50 = append(r.p50, ms(rep.Latencies.P50))
	r.p99 = append(r.p99, ms(rep.Latencies.P99))
	r.liveP50 = append(r.liveP50, ms(live.Latencies.P50))
	r.liveP99 = append(r.liveP99, ms(live.Latencies.P99))
	if n := live.failed(http200); n > 0 {
		r.problems = append(r.problems, fmt.Sprintf("%d /health/liveness requests failed", n))
	}
}

const http200 = 200

// merge adds each new row's rounds to the row of the same scenario and rate.
func merge(rows []*row, add ...*row) []*row {
	for _, a := range add {
		i := slices.IndexFunc(rows, func(r *row) bool { return r.name == a.name && r.rate == a.rate })
		if i < 0 {
			rows = append(rows, a)
			continue
		}
		r := rows[i]
		r.requests = append(r.requests, a.requests...)
		r.accepted = append(r.accepted, a.accepted...)
		r.errors = append(r.errors, a.errors...)
		r.shed = append(r.shed, a.shed...)
		r.p50 = append(r.p50, a.p50...)
		r.p99 = append(r.p99, a.p99...)
		r.liveP50 = append(r.liveP50, a.liveP50...)
		r.liveP99 = append(r.liveP99, a.liveP99...)
		r.rss = append(r.rss, a.rss...)
		r.runs = append(r.runs, a.runs...)
		r.finished = append(r.finished, a.finished...)
		r.finishedPerSec = append(r.finishedPerSec, a.finishedPerSec...)
		r.problems = append(r.problems, a.problems...)
	}
	return rows
}

// spread prints the median of vs and, with more than one round, the range around it.
func spread[T int | float64](vs []T, format string) string {
	if len(vs) == 0 {
		return "–"
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	out := fmt.Sprintf(format, med)
	if len(s) > 1 && s[0] != s[len(s)-1] {
		out += fmt.Sprintf(" ("+format+"–"+format+")", s[0], s[len(s)-1])
	}
	return out
}

func percent(num, den []int) []float64 {
	out := make([]float64, len(num))
	for i := range num {
		if den[i] > 0 {
			out[i] = 100 * float64(num[i]) / float64(den[i])
		}
	}
	return out
}

// printTable writes the Markdown table the README keeps: medians with the spread of the rounds.
func printTable(w io.Writer, rows []*row, rounds int) {
	fmt.Fprintf(w, "\nmedian of %d round(s), (min–max) across rounds; liveness = GET /health/liveness at 50/s in the same seconds\n\n", rounds)
	fmt.Fprintln(w, "| route | rate | accepted | p50 ms | p99 ms | errors | shed (503) | liveness p50 / p99 ms | runs (= accepted?) | runs finished (within -drain) | RSS MB before→after |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		before, after := make([]float64, len(r.rss)), make([]float64, len(r.rss))
		for i, v := range r.rss {
			before[i], after[i] = v[0], v[1]
		}
		runs, fin := "–", "–"
		if len(r.runs) > 0 {
			runs = spread(r.runs, "%d")
			if slices.Equal(r.runs, r.accepted) {
				runs += " (yes)"
			} else {
				runs += " (**no**)"
			}
			fin = spread(r.finished, "%d") + " at " + spread(r.finishedPerSec, "%.0f") + "/s"
		}
		fmt.Fprintf(w, "| %s (%s) | %d/s | %s %% | %s | %s | %s | %s | %s / %s | %s | %s | %s → %s |\n",
			r.name, r.note, r.rate, spread(percent(r.accepted, r.requests), "%.1f"),
			spread(r.p50, "%.1f"), spread(r.p99, "%.1f"), spread(r.errors, "%d"), spread(r.shed, "%d"),
			spread(r.liveP50, "%.1f"), spread(r.liveP99, "%.1f"), runs, fin, spread(before, "%.0f"), spread(after, "%.0f"))
	}
}
