package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	testpb "interoppb/grpc_testing"
)

// callTimeout bounds calls that are expected to finish promptly (the runner also bounds each case).
const callTimeout = 10 * time.Second

func failf(format string, args ...interface{}) error {
	return fmt.Errorf(format, args...)
}

// expectCode checks that err is a gRPC status with the wanted code.
func expectCode(err error, want codes.Code, what string) error {
	if err == nil {
		return failf("%s: expected %v, but the call succeeded", what, want)
	}
	if got := status.Code(err); got != want {
		return failf("%s: expected %v, got %v: %q", what, want, got, status.Convert(err).Message())
	}
	return nil
}

// expectEnd checks that a stream's Recv reported the end of the call with status OK.
func expectEnd(_ interface{}, err error) error {
	if err == nil {
		return failf("expected the end of the stream, got another response")
	}
	if err != io.EOF {
		return failf("expected the end of the stream with OK, got %v", err)
	}
	return nil
}

// expectZeros checks a payload's size and that it is all zeros.
func expectZeros(payload *testpb.Payload, size int, what string) error {
	body := payload.GetBody()
	if len(body) != size {
		return failf("%s: payload is %d bytes, expected %d", what, len(body), size)
	}
	if !bytes.Equal(body, make([]byte, size)) {
		return failf("%s: payload is not all zeros", what)
	}
	return nil
}

// expectChannelStillWorks: a cancelled or expired call must leave the connection usable.
func expectChannelStillWorks(conn *grpc.ClientConn, after string) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if _, err := testpb.NewTestServiceClient(conn).EmptyCall(ctx, &testpb.Empty{}); err != nil {
		return failf("EmptyCall after %s failed: %v", after, err)
	}
	return nil
}

func payload(size int) *testpb.Payload {
	return &testpb.Payload{Body: make([]byte, size)}
}

func streamingRequest(responseSizes []int, payloadSize int) *testpb.StreamingOutputCallRequest {
	request := &testpb.StreamingOutputCallRequest{Payload: payload(payloadSize)}
	for _, size := range responseSizes {
		request.ResponseParameters = append(request.ResponseParameters, &testpb.ResponseParameters{Size: int32(size)})
	}
	return request
}
