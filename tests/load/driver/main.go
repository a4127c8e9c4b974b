// Command ghz-driver runs ghz load-test profiles (ghz's JSON config files and flags, with the same
// meaning) against a gRPC server with Debian's grpc-go, and prints ghz's report: the summary, or
// with -O json ghz's JSON keys. ghz itself is not packaged here; see usage for what is covered.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"google.golang.org/grpc"

	// Well-known types a reflected or compiled file may import, linked from here.
	_ "google.golang.org/protobuf/types/known/anypb"
	_ "google.golang.org/protobuf/types/known/durationpb"
	_ "google.golang.org/protobuf/types/known/emptypb"
	_ "google.golang.org/protobuf/types/known/fieldmaskpb"
	_ "google.golang.org/protobuf/types/known/structpb"
	_ "google.golang.org/protobuf/types/known/timestamppb"
	_ "google.golang.org/protobuf/types/known/wrapperspb"
)

func main() {
	c, err := parseArgs(os.Args[1:])
	if err == errHelp {
		fmt.Print(usage)
		return
	}
	if err != nil {
		fail(err)
	}
	conns := make([]*grpc.ClientConn, c.Connections)
	for i := range conns {
		ctx, cancel := context.WithTimeout(context.Background(), c.ConnectTimeout)
		conns[i], err = grpc.DialContext(ctx, c.Host, grpc.WithInsecure(), grpc.WithBlock())
		cancel()
		if err != nil {
			fail(fmt.Errorf("connecting to %s within connect-timeout %s: %v", c.Host, c.ConnectTimeout, err))
		}
		defer conns[i].Close()
	}
	md, err := findMethod(c, conns[0])
	if err != nil {
		fail(err)
	}
	data, err := newDataProvider(c, md)
	if err != nil {
		fail(err)
	}
	results, total, reason := run(c, conns, md, data)
	r := newReport(c, results, total, reason)
	var text []byte
	switch c.Format {
	case "json":
		text, err = json.Marshal(r)
	case "pretty":
		text, err = json.MarshalIndent(r, "", "  ")
	default:
		text = []byte(r.summary())
	}
	if err != nil {
		fail(err)
	}
	if c.Output != "" {
		if err := os.WriteFile(c.Output, text, 0o644); err != nil {
			fail(fmt.Errorf("output: %v", err))
		}
		return
	}
	os.Stdout.Write(text)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ghz-driver:", err)
	os.Exit(1)
}
