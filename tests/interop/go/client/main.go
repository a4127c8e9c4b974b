// Command interop_client runs one gRPC interop test case against a server (grpc-go 1.33, Debian).
// Exit 0 when the case passes; otherwise one line "FAIL <case>: <reason>" on stderr and exit 1
// (2 for bad arguments).
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"

	"google.golang.org/grpc"
)

type testCase func(conn *grpc.ClientConn) error

var cases = map[string]testCase{
	"empty_unary":                 emptyUnary,
	"large_unary":                 largeUnary,
	"client_streaming":            clientStreaming,
	"server_streaming":            serverStreaming,
	"ping_pong":                   pingPong,
	"empty_stream":                emptyStream,
	"status_code_and_message":     statusCodeAndMessage,
	"special_status_message":      specialStatusMessage,
	"custom_metadata":             customMetadata,
	"unimplemented_method":        unimplementedMethod,
	"unimplemented_service":       unimplementedService,
	"timeout_on_sleeping_server":  timeoutOnSleepingServer,
	"cancel_after_begin":          cancelAfterBegin,
	"cancel_after_first_response": cancelAfterFirstResponse,
	"health_check":                healthCheck,
	"health_watch":                healthWatch,
	"reflection_v1":               reflectionV1,
	"reflection_v1alpha":          reflectionV1alpha,
}

func main() {
	host := flag.String("server_host", "localhost", "server host")
	hostOverride := flag.String("server_host_override", "", ":authority to claim (default: host:port)")
	port := flag.Int("server_port", 0, "server port")
	name := flag.String("test_case", "", "test case: "+strings.Join(caseNames(), ", "))
	useTLS := flag.Bool("use_tls", false, "only plaintext is supported")
	flag.Parse()

	run, ok := cases[*name]
	if !ok || *port <= 0 || *port > 65535 || *useTLS {
		fmt.Fprintf(os.Stderr, "usage: interop_client --server_port=1..65535 --test_case=<%s> [--server_host=H] (plaintext only)\n",
			strings.Join(caseNames(), "|"))
		os.Exit(2)
	}
	options := []grpc.DialOption{grpc.WithInsecure()}
	if *hostOverride != "" {
		options = append(options, grpc.WithAuthority(*hostOverride))
	}
	conn, err := grpc.Dial(net.JoinHostPort(*host, fmt.Sprint(*port)), options...)
	if err == nil {
		err = run(conn)
		conn.Close()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL %s: %s\n", *name, strings.Join(strings.Fields(err.Error()), " "))
		os.Exit(1)
	}
	fmt.Printf("PASS %s\n", *name)
}

func caseNames() []string {
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
