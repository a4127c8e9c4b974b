package main

// Our health cases: grpc.health.v1.Health Check and Watch, driven by XdsUpdateHealthService.

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"

	testpb "interoppb/grpc_testing"
	healthpb "interoppb/health_v1"
)

const (
	testServiceName    = "grpc.testing.TestService"
	unknownServiceName = "grpc.testing.NoSuchService"
)

func check(conn *grpc.ClientConn, service string) (healthpb.HealthCheckResponse_ServingStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	response, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: service})
	return response.GetStatus(), err
}

func healthCheck(conn *grpc.ClientConn) error {
	for _, service := range []string{"", testServiceName} {
		status, err := check(conn, service)
		if err != nil {
			return failf("Check(%q): %v", service, err)
		}
		if status != healthpb.HealthCheckResponse_SERVING {
			return failf("Check(%q) is %v, expected SERVING", service, status)
		}
	}
	_, err := check(conn, unknownServiceName)
	return expectCode(err, codes.NotFound, "Check(\""+unknownServiceName+"\")")
}

// nextChange returns the next status on the Watch stream that differs from previous (repeats are allowed).
func nextChange(watch healthpb.Health_WatchClient, previous healthpb.HealthCheckResponse_ServingStatus) (healthpb.HealthCheckResponse_ServingStatus, error) {
	for {
		response, err := watch.Recv()
		if err != nil {
			return 0, err
		}
		if response.GetStatus() != previous {
			return response.GetStatus(), nil
		}
	}
}

func setServing(conn *grpc.ClientConn, serving bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	xds := testpb.NewXdsUpdateHealthServiceClient(conn)
	var err error
	if serving {
		_, err = xds.SetServing(ctx, &testpb.Empty{})
	} else {
		_, err = xds.SetNotServing(ctx, &testpb.Empty{})
	}
	return err
}

func healthWatch(conn *grpc.ClientConn) error {
	defer setServing(conn, true) // best effort: leave the server SERVING for the next case
	if err := watchTransitions(conn); err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	unknown, err := healthpb.NewHealthClient(conn).Watch(ctx, &healthpb.HealthCheckRequest{Service: unknownServiceName})
	if err != nil {
		return failf("Watch(%q): %v", unknownServiceName, err)
	}
	first, err := unknown.Recv()
	if err != nil {
		return failf("Watch(%q): %v", unknownServiceName, err)
	}
	if first.GetStatus() != healthpb.HealthCheckResponse_SERVICE_UNKNOWN {
		return failf("Watch(%q) starts with %v, expected SERVICE_UNKNOWN", unknownServiceName, first.GetStatus())
	}
	return nil
}

func watchTransitions(conn *grpc.ClientConn) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	watch, err := healthpb.NewHealthClient(conn).Watch(ctx, &healthpb.HealthCheckRequest{Service: ""})
	if err != nil {
		return failf("Watch(\"\"): %v", err)
	}
	first, err := watch.Recv()
	if err != nil {
		return failf("Watch(\"\"): %v", err)
	}
	if first.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		return failf("Watch(\"\") starts with %v, expected SERVING", first.GetStatus())
	}

	if err := setServing(conn, false); err != nil {
		return failf("SetNotServing: %v", err)
	}
	status, err := nextChange(watch, healthpb.HealthCheckResponse_SERVING)
	if err != nil {
		return failf("Watch(\"\") after SetNotServing: %v", err)
	}
	if status != healthpb.HealthCheckResponse_NOT_SERVING {
		return failf("after SetNotServing Watch(\"\") sent %v", status)
	}
	if status, err = check(conn, testServiceName); err != nil || status != healthpb.HealthCheckResponse_NOT_SERVING {
		return failf("after SetNotServing Check(%q) is %v (error %v), expected NOT_SERVING", testServiceName, status, err)
	}

	if err := setServing(conn, true); err != nil {
		return failf("SetServing: %v", err)
	}
	if status, err = nextChange(watch, healthpb.HealthCheckResponse_NOT_SERVING); err != nil {
		return failf("Watch(\"\") after SetServing: %v", err)
	}
	if status != healthpb.HealthCheckResponse_SERVING {
		return failf("after SetServing Watch(\"\") sent %v", status)
	}
	return nil
}
