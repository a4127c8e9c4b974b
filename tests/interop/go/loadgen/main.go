// Command interop_loadgen drives closed-loop unary load at a gRPC server with grpc-go, for the
// benchmark's "same load from the Go client" column: -concurrency workers each send
// -method (default the benchmark's /bench.Echo/Echo, which returns its grpc.testing.Payload request)
// with a -payload byte payload back to back on one connection for -warmup then -duration, and it
// prints one JSON line: calls, seconds, errors, p50_ms, p99_ms.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"google.golang.org/grpc"
	testpb "interoppb/grpc_testing"
)

func main() {
	address := flag.String("address", "127.0.0.1:50051", "server host:port")
	concurrency := flag.Int("concurrency", 1, "concurrent workers")
	payload := flag.Int("payload", 100, "request and response payload bytes")
	method := flag.String("method", "/bench.Echo/Echo", "full method name; request and response are grpc.testing.Payload")
	warmup := flag.Duration("warmup", 2*time.Second, "warm-up before measuring")
	duration := flag.Duration("duration", 5*time.Second, "measured time")
	flag.Parse()

	conn, err := grpc.Dial(*address, grpc.WithInsecure())
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		os.Exit(1)
	}
	defer conn.Close()
	request := &testpb.Payload{Body: make([]byte, *payload)}

	start := time.Now()
	measureFrom := start.Add(*warmup)
	stop := measureFrom.Add(*duration)
	latencies := make([][]time.Duration, *concurrency)
	errors := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < *concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				began := time.Now()
				if began.After(stop) {
					return
				}
				err := conn.Invoke(context.Background(), *method, request, new(testpb.Payload))
				if err != nil {
					mu.Lock()
					errors++
					mu.Unlock()
					continue
				}
				if began.After(measureFrom) {
					latencies[w] = append(latencies[w], time.Since(began))
				}
			}
		}(w)
	}
	wg.Wait()

	var all []time.Duration
	for _, l := range latencies {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	percentile := func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000
	}
	json.NewEncoder(os.Stdout).Encode(map[string]interface{}{
		"calls": len(all), "seconds": duration.Seconds(), "errors": errors,
		"p50_ms": percentile(0.50), "p99_ms": percentile(0.99),
	})
}
