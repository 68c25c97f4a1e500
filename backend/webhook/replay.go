package webhook

import (
	"context"
	"fmt"
	"net/http"
	"slices"
)

// Replay runs a stored delivery again through the same path as a new one and returns the new
// delivery (its ReplayOf names the original). See generic and github for what a replay skips.
// Deliveries whose payload was cut at PayloadCap, and GitHub deliveries that were never
// verified, cannot be replayed: either would run something nobody actually sent.
func (s *Service) Replay(ctx context.Context, id string) (Delivery, error) {
	orig, err := s.Get(ctx, id)
	if err != nil {
		return Delivery{}, err
	}
	if orig.PayloadTruncated {
		return Delivery{}, fmt.Errorf("%w: its payload was larger than %d bytes and was not stored in full", ErrNotReplayable, PayloadCap)
	}
	in := Inbound{Header: http.Header{}, Body: []byte(orig.Payload), RemoteIP: "replay"}
	for k, v := range orig.Headers {
		if v != Redacted {
			in.Header.Set(k, v)
		}
	}
	var res Result
	switch orig.Source {
	case SourceGitHub:
		if !slices.Contains([]string{SigValid, SigReplay}, orig.Signature) {
			return Delivery{}, fmt.Errorf("%w: its signature was %s when it arrived", ErrNotReplayable, orig.Signature)
		}
		in.Header.Set(HeaderGitHubEvent, orig.Event)
		in.Header.Set(HeaderGitHubDelivery, orig.DeliveryGUID)
		res = s.github(ctx, in, &orig)
	case SourceGeneric:
		res = s.generic(ctx, nil, in, &orig)
	default:
		return Delivery{}, fmt.Errorf("%w: unknown source %q", ErrNotReplayable, orig.Source)
	}
	if res.DeliveryID == "" {
		return Delivery{}, fmt.Errorf("replay %s: the new delivery could not be recorded", id)
	}
	s.log.InfoContext(ctx, "webhook delivery replayed", "delivery_id", id, "replay_id", res.DeliveryID, "status", res.Status)
	return s.Get(ctx, res.DeliveryID)
}
