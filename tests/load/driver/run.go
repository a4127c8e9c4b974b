package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// result is one call, as ghz's callResult.
type result struct {
	latency   time.Duration
	status    string
	err       string
	timestamp time.Time
}

// run makes the calls: concurrency workers over connections connections take request numbers
// from one feed, paced at rps when set, until total calls or, with duration, until it ends.
// Returns the results, the wall time and ghz's end reason.
func run(c *config, conns []*grpc.ClientConn, md protoreflect.MethodDescriptor, data *dataProvider) ([]result, time.Duration, string) {
	method := fmt.Sprintf("/%s/%s", md.Parent().FullName(), md.Name())
	stopAt := time.Time{}
	reason := "normal"
	start := time.Now()
	limit := c.Duration
	if limit == 0 || (c.MaxDuration > 0 && c.MaxDuration < limit) {
		limit = c.MaxDuration
	}
	if limit > 0 {
		stopAt = start.Add(limit)
	}
	// In-flight calls at the end of a duration: "wait" lets them finish and counts them; "close" and
	// "ignore" cancel them and leave them out (ghz's "close" reports them as errors instead).
	runCtx, cancelRun := context.WithCancel(context.Background())
	defer cancelRun()

	feed := make(chan int64, c.Concurrency)
	go func() {
		defer close(feed)
		var interval time.Duration
		if c.RPS > 0 {
			interval = time.Second / time.Duration(c.RPS)
		}
		for n := int64(0); c.Duration > 0 || n < int64(c.Total); n++ {
			if interval > 0 {
				if wait := time.Until(start.Add(time.Duration(n) * interval)); wait > 0 {
					time.Sleep(wait)
				}
			}
			if !stopAt.IsZero() && time.Now().After(stopAt) {
				return
			}
			select {
			case feed <- n:
			case <-runCtx.Done():
				return
			}
		}
	}()
	if !stopAt.IsZero() {
		timer := time.AfterFunc(time.Until(stopAt), func() {
			if c.DurationStop != "wait" {
				cancelRun()
			}
		})
		defer timer.Stop()
	}

	perWorker := make([][]result, c.Concurrency)
	var wg sync.WaitGroup
	for w := 0; w < c.Concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			conn := conns[w%len(conns)]
			worker := fmt.Sprintf("g%dc%dw%d", 0, w%len(conns), w)
			for n := range feed {
				r, counted := call(runCtx, c, conn, method, md, data, newCallData(md, worker, n))
				if counted {
					perWorker[w] = append(perWorker[w], r)
				}
			}
		}(w)
	}
	wg.Wait()
	total := time.Since(start)
	if !stopAt.IsZero() && !time.Now().Before(stopAt) {
		reason = "timeout"
	}
	var all []result
	for _, r := range perWorker {
		all = append(all, r...)
	}
	return all, total, reason
}

// call makes one call; counted is false for a call cut off by the end of the run.
func call(runCtx context.Context, c *config, conn *grpc.ClientConn, method string, md protoreflect.MethodDescriptor, data *dataProvider, cd *callData) (result, bool) {
	began := time.Now()
	request, headers, err := data.request(cd)
	if err != nil {
		return result{latency: time.Since(began), status: "InvalidArgument", err: err.Error(), timestamp: began}, true
	}
	ctx := runCtx
	var cancel context.CancelFunc
	if c.Timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
	if len(headers) > 0 {
		ctx = metadata.NewOutgoingContext(ctx, metadata.New(headers))
	}
	began = time.Now()
	err = conn.Invoke(ctx, method, request, dynamicpb.NewMessage(md.Output()))
	r := result{latency: time.Since(began), status: status.Code(err).String(), timestamp: began}
	if err != nil {
		if runCtx.Err() != nil {
			return r, false
		}
		r.err = err.Error()
	}
	return r, true
}
