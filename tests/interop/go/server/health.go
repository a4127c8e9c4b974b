package main

// grpc.health.v1.Health (Check and Watch) over one shared status table, and
// grpc.testing.XdsUpdateHealthService, which flips every entry of that table.

import (
	"context"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	testpb "interoppb/grpc_testing"
	healthpb "interoppb/health_v1"
)

type servingStatus = healthpb.HealthCheckResponse_ServingStatus

// healthState holds the serving status per service name ("" is the whole server).
type healthState struct {
	mu       sync.Mutex
	status   map[string]servingStatus
	watchers map[string]map[chan servingStatus]bool
}

func newHealthState(services ...string) *healthState {
	h := &healthState{status: map[string]servingStatus{"": healthpb.HealthCheckResponse_SERVING},
		watchers: map[string]map[chan servingStatus]bool{}}
	for _, service := range services {
		h.status[service] = healthpb.HealthCheckResponse_SERVING
	}
	return h
}

func (h *healthState) get(service string) (servingStatus, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.status[service]
	return s, ok
}

func (h *healthState) setAll(s servingStatus) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for service := range h.status {
		h.status[service] = s
		for watcher := range h.watchers[service] {
			select {
			case <-watcher: // drop a stale, unread status: only the latest matters
			default:
			}
			watcher <- s
		}
	}
}

func (h *healthState) subscribe(service string) chan servingStatus {
	h.mu.Lock()
	defer h.mu.Unlock()
	watcher := make(chan servingStatus, 1)
	if h.watchers[service] == nil {
		h.watchers[service] = map[chan servingStatus]bool{}
	}
	h.watchers[service][watcher] = true
	return watcher
}

func (h *healthState) unsubscribe(service string, watcher chan servingStatus) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.watchers[service], watcher)
}

type healthService struct {
	healthpb.UnimplementedHealthServer
	health *healthState
}

func (s *healthService) Check(_ context.Context, request *healthpb.HealthCheckRequest) (*healthpb.HealthCheckResponse, error) {
	current, ok := s.health.get(request.GetService())
	if !ok {
		return nil, status.Errorf(codes.NotFound, "unknown service: '%s'", request.GetService())
	}
	return &healthpb.HealthCheckResponse{Status: current}, nil
}

// Watch reports SERVICE_UNKNOWN for unknown services and then every change, as health.proto specifies.
func (s *healthService) Watch(request *healthpb.HealthCheckRequest, stream healthpb.Health_WatchServer) error {
	watcher := s.health.subscribe(request.GetService())
	defer s.health.unsubscribe(request.GetService(), watcher)
	last, ok := s.health.get(request.GetService())
	if !ok {
		last = healthpb.HealthCheckResponse_SERVICE_UNKNOWN
	}
	if err := stream.Send(&healthpb.HealthCheckResponse{Status: last}); err != nil {
		return err
	}
	for {
		select {
		case <-stream.Context().Done():
			return status.FromContextError(stream.Context().Err()).Err()
		case next := <-watcher:
			if next != last {
				last = next
				if err := stream.Send(&healthpb.HealthCheckResponse{Status: next}); err != nil {
					return err
				}
			}
		}
	}
}

type xdsUpdateHealthService struct {
	testpb.UnimplementedXdsUpdateHealthServiceServer
	health *healthState
}

func (s *xdsUpdateHealthService) SetServing(context.Context, *testpb.Empty) (*testpb.Empty, error) {
	s.health.setAll(healthpb.HealthCheckResponse_SERVING)
	return &testpb.Empty{}, nil
}

func (s *xdsUpdateHealthService) SetNotServing(context.Context, *testpb.Empty) (*testpb.Empty, error) {
	s.health.setAll(healthpb.HealthCheckResponse_NOT_SERVING)
	return &testpb.Empty{}, nil
}
