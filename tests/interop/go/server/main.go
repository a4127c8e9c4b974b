// Command interop_server is a second reference interop server, on grpc-go 1.33 (Debian):
// TestService, XdsUpdateHealthService, health (Check and Watch) and reflection, where v1alpha is
// grpc-go's own implementation and v1 bridges to it. Plaintext HTTP/2. Prints "listening on PORT".
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/reflection"

	testpb "interoppb/grpc_testing"
	healthpb "interoppb/health_v1"
	reflectionv1 "interoppb/reflection_v1"
)

func main() {
	defaults := defaultLimits()
	port := flag.Int("port", -1, "port to listen on; 0 picks a free one")
	host := flag.String("host", "", "address to bind (default: all interfaces)")
	maxMessage := flag.Int("max_message_size", 8<<20, "largest message received or sent, bytes")
	maxResponse := flag.Int("max_response_size", defaults.maxResponseSize, "largest payload one response may ask for, bytes")
	maxInterval := flag.Int("max_interval_us", defaults.maxIntervalUs, "largest ResponseParameters.interval_us")
	maxResponses := flag.Int("max_responses_per_request", defaults.maxResponsesPerRequest, "most ResponseParameters in one request")
	flag.Parse()
	if *port < 0 || *port > 65535 {
		fmt.Fprintln(os.Stderr, "usage: interop_server --port=0..65535 [--host=ADDR]")
		os.Exit(2)
	}

	listener, err := net.Listen("tcp", net.JoinHostPort(*host, fmt.Sprint(*port)))
	if err != nil {
		fmt.Fprintf(os.Stderr, "interop server: %v\n", err)
		os.Exit(1)
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(*maxMessage), grpc.MaxSendMsgSize(*maxMessage))
	health := newHealthState(
		"grpc.testing.TestService", "grpc.testing.XdsUpdateHealthService", "grpc.health.v1.Health",
		"grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection")
	testpb.RegisterTestServiceServer(server, &testService{limits: limits{*maxResponse, *maxInterval, *maxResponses}})
	testpb.RegisterXdsUpdateHealthServiceServer(server, &xdsUpdateHealthService{health: health})
	healthpb.RegisterHealthServer(server, &healthService{health: health})
	reflection.Register(server)
	bridge := &reflectionV1Bridge{}
	reflectionv1.RegisterServerReflectionServer(server, bridge)

	bound := listener.Addr().(*net.TCPAddr).Port
	if err := bridge.connect(fmt.Sprintf("127.0.0.1:%d", bound)); err != nil {
		fmt.Fprintf(os.Stderr, "interop server: %v\n", err)
		os.Exit(1)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-stop
		server.GracefulStop()
	}()
	fmt.Printf("listening on %d\n", bound)
	if err := server.Serve(listener); err != nil {
		fmt.Fprintf(os.Stderr, "interop server: %v\n", err)
		os.Exit(1)
	}
}
