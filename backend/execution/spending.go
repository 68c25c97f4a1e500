package execution

import (
	"context"
	"fmt"
	"sync"
)

// spending is what the runs in flight are spending, so a hard budget holds when several runs
// start or run at once: the budgets' own figures count finished runs only. Each running run
// holds max(its cost so far, its reservation): its maxCostUsd, the most it may spend. Admission
// is one critical section (read the budgets, add what the others hold, register), so runs
// started together cannot all pass on the same headroom.
type spending struct {
	mu   sync.Mutex
	runs map[string]*inFlight
	// gen counts releases: a released run's cost moved into the budgets' figures, which a
	// running run's guard then reads again.
	gen uint64
}

type inFlight struct {
	scope    BudgetScope
	reserved float64 // the run's maxCostUsd (0: none)
	cost     float64 // what it has spent so far, earlier attempts included
}

func (f *inFlight) holds() float64 { return max(f.reserved, f.cost) }

// held is what the runs other than id that h covers hold; the caller holds s.mu.
func (s *spending) held(h Headroom, id string, live bool) (float64, int) {
	sum, n := 0.0, 0
	for other, f := range s.runs {
		if other == id || !h.Covers(f.scope) {
			continue
		}
		if live {
			sum += f.cost
		} else {
			sum += f.holds()
		}
		n++
	}
	return sum, n
}

// admit reads the hard budgets over scope and registers run id unless one of them cannot take
// it, in which case it returns the refusal. A run with a reservation needs that much left; one
// without needs something left.
func (s *spending) admit(ctx context.Context, gate BudgetGate, id string, scope BudgetScope, reserve float64) ([]Headroom, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hs, err := gate.Headrooms(ctx, scope)
	if err != nil {
		return nil, "", err
	}
	for _, h := range hs {
		others, n := s.held(h, id, false)
		left := h.RemainingUSD - others
		if left > 0 && left >= reserve {
			continue
		}
		msg := fmt.Sprintf("Refused: the %s is used up ($%.2f spent this period", h.Budget, h.SpentUSD)
		if n > 0 {
			msg += fmt.Sprintf(", $%.2f held by %d running run(s)", others, n)
		}
		msg += ")"
		if left > 0 {
			msg = fmt.Sprintf("Refused: the %s has $%.2f left ($%.2f spent this period, $%.2f held by %d running run(s)), less than this run's maxCostUsd of $%.2f",
				h.Budget, left, h.SpentUSD, others, n, reserve)
		}
		return hs, msg, nil
	}
	if s.runs == nil {
		s.runs = map[string]*inFlight{}
	}
	s.runs[id] = &inFlight{scope: scope, reserved: reserve}
	return hs, "", nil
}

// spent records run id's cost so far and returns, per budget in hs, what the other runs in
// flight under it have spent so far (not their reservations: a running run is stopped by what
// was really spent), and the release count.
func (s *spending) spent(id string, cost float64, hs []Headroom) ([]float64, uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.runs[id]; f != nil {
		f.cost = cost
	}
	out := make([]float64, len(hs))
	for i, h := range hs {
		out[i], _ = s.held(h, id, true)
	}
	return out, s.gen
}

// generation is the release count.
func (s *spending) generation() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen
}

// release forgets run id once its cost is stored (or it went back to wait).
func (s *spending) release(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.runs[id]; ok {
		delete(s.runs, id)
		s.gen++
	}
}
