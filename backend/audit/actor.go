package audit

import "context"

type actorKey struct{}

type actor struct{ name, requestID string }

// WithActor marks ctx as serving a request made by name (an API key's name) with the given
// request id. The listener sets it after authentication; a context without it is the desktop's.
// This is request-scoped metadata, the one thing context values are for: the services that
// record never receive it as a dependency.
func WithActor(ctx context.Context, name, requestID string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor{name: name, requestID: requestID})
}

// ActorFrom returns who is acting in ctx and the request id; Desktop and "" by default.
func ActorFrom(ctx context.Context) (name, requestID string) {
	if a, ok := ctx.Value(actorKey{}).(actor); ok && a.name != "" {
		return a.name, a.requestID
	}
	return Desktop, ""
}
