package main

// The standard cases of gRPC's interop test descriptions, against grpc.testing.TestService.

import (
	"context"
	"io"
	"strconv"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	testpb "interoppb/grpc_testing"
)

const (
	echoInitialKey    = "x-grpc-test-echo-initial"
	echoInitialValue  = "test_initial_metadata_value"
	echoTrailingKey   = "x-grpc-test-echo-trailing-bin"
	echoTrailingValue = "\xab\xab\xab"
	specialMessage    = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"
)

// pingPongSizes: (request payload size, response size) for each round.
var pingPongSizes = [][2]int{{27182, 31415}, {8, 9}, {1828, 2653}, {45904, 58979}}

func emptyUnary(conn *grpc.ClientConn) error {
	response, err := testpb.NewTestServiceClient(conn).EmptyCall(context.Background(), &testpb.Empty{})
	if err != nil {
		return failf("EmptyCall: %v", err)
	}
	if response == nil {
		return failf("EmptyCall returned nil")
	}
	return nil
}

func largeUnary(conn *grpc.ClientConn) error {
	request := &testpb.SimpleRequest{ResponseSize: 314159, Payload: payload(271828)}
	response, err := testpb.NewTestServiceClient(conn).UnaryCall(context.Background(), request)
	if err != nil {
		return failf("UnaryCall: %v", err)
	}
	return expectZeros(response.GetPayload(), 314159, "UnaryCall")
}

func clientStreaming(conn *grpc.ClientConn) error {
	stream, err := testpb.NewTestServiceClient(conn).StreamingInputCall(context.Background())
	if err != nil {
		return failf("StreamingInputCall: %v", err)
	}
	for _, size := range []int{27182, 8, 1828, 45904} {
		if err := stream.Send(&testpb.StreamingInputCallRequest{Payload: payload(size)}); err != nil {
			return failf("StreamingInputCall send: %v", err)
		}
	}
	response, err := stream.CloseAndRecv()
	if err != nil {
		return failf("StreamingInputCall: %v", err)
	}
	if got := response.GetAggregatedPayloadSize(); got != 74922 {
		return failf("aggregated_payload_size is %d, expected 74922", got)
	}
	return nil
}

func serverStreaming(conn *grpc.ClientConn) error {
	sizes := []int{31415, 9, 2653, 58979}
	stream, err := testpb.NewTestServiceClient(conn).StreamingOutputCall(context.Background(), streamingRequest(sizes, 0))
	if err != nil {
		return failf("StreamingOutputCall: %v", err)
	}
	count := 0
	for ; ; count++ {
		response, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return failf("StreamingOutputCall response %d: %v", count, err)
		}
		if count >= len(sizes) {
			return failf("more than %d responses", len(sizes))
		}
		if err := expectZeros(response.GetPayload(), sizes[count], "response "+strconv.Itoa(count)); err != nil {
			return err
		}
	}
	if count != len(sizes) {
		return failf("got %d responses, expected %d", count, len(sizes))
	}
	return nil
}

func pingPong(conn *grpc.ClientConn) error {
	stream, err := testpb.NewTestServiceClient(conn).FullDuplexCall(context.Background())
	if err != nil {
		return failf("FullDuplexCall: %v", err)
	}
	for i, sizes := range pingPongSizes {
		if err := stream.Send(streamingRequest([]int{sizes[1]}, sizes[0])); err != nil {
			return failf("send %d: %v", i, err)
		}
		response, err := stream.Recv()
		if err != nil {
			return failf("response %d: %v", i, err)
		}
		if err := expectZeros(response.GetPayload(), sizes[1], "response "+strconv.Itoa(i)); err != nil {
			return err
		}
	}
	if err := stream.CloseSend(); err != nil {
		return failf("CloseSend: %v", err)
	}
	if err := expectEnd(stream.Recv()); err != nil {
		return failf("after the last ping: %v", err)
	}
	return nil
}

func emptyStream(conn *grpc.ClientConn) error {
	stream, err := testpb.NewTestServiceClient(conn).FullDuplexCall(context.Background())
	if err != nil {
		return failf("FullDuplexCall: %v", err)
	}
	if err := stream.CloseSend(); err != nil {
		return failf("CloseSend: %v", err)
	}
	if err := expectEnd(stream.Recv()); err != nil {
		return failf("FullDuplexCall: %v", err)
	}
	return nil
}

func expectEchoedStatus(conn *grpc.ClientConn, message string) error {
	client := testpb.NewTestServiceClient(conn)
	echo := &testpb.EchoStatus{Code: int32(codes.Unknown), Message: message}

	_, err := client.UnaryCall(context.Background(), &testpb.SimpleRequest{ResponseStatus: echo})
	if err := expectCode(err, codes.Unknown, "UnaryCall"); err != nil {
		return err
	}
	if got := status.Convert(err).Message(); got != message {
		return failf("UnaryCall status message is %q, expected %q", got, message)
	}

	stream, err := client.FullDuplexCall(context.Background())
	if err != nil {
		return failf("FullDuplexCall: %v", err)
	}
	if err := stream.Send(&testpb.StreamingOutputCallRequest{ResponseStatus: echo}); err != nil {
		return failf("FullDuplexCall send: %v", err)
	}
	if err := stream.CloseSend(); err != nil {
		return failf("CloseSend: %v", err)
	}
	_, err = stream.Recv()
	if err := expectCode(err, codes.Unknown, "FullDuplexCall"); err != nil {
		return err
	}
	if got := status.Convert(err).Message(); got != message {
		return failf("FullDuplexCall status message is %q, expected %q", got, message)
	}
	return nil
}

func statusCodeAndMessage(conn *grpc.ClientConn) error {
	return expectEchoedStatus(conn, "test status message")
}

func specialStatusMessage(conn *grpc.ClientConn) error {
	return expectEchoedStatus(conn, specialMessage)
}

func expectEchoedMetadata(header, trailer metadata.MD, what string) error {
	if got := header.Get(echoInitialKey); len(got) != 1 || got[0] != echoInitialValue {
		return failf("%s: initial metadata %s is %q, expected [%q]", what, echoInitialKey, got, echoInitialValue)
	}
	if got := trailer.Get(echoTrailingKey); len(got) != 1 || got[0] != echoTrailingValue {
		return failf("%s: trailing metadata %s is %q, expected [%q]", what, echoTrailingKey, got, echoTrailingValue)
	}
	return nil
}

func customMetadata(conn *grpc.ClientConn) error {
	client := testpb.NewTestServiceClient(conn)
	ctx := metadata.NewOutgoingContext(context.Background(),
		metadata.Pairs(echoInitialKey, echoInitialValue, echoTrailingKey, echoTrailingValue))

	var header, trailer metadata.MD
	request := &testpb.SimpleRequest{ResponseSize: 314159, Payload: payload(271828)}
	response, err := client.UnaryCall(ctx, request, grpc.Header(&header), grpc.Trailer(&trailer))
	if err != nil {
		return failf("UnaryCall: %v", err)
	}
	if err := expectZeros(response.GetPayload(), 314159, "UnaryCall"); err != nil {
		return err
	}
	if err := expectEchoedMetadata(header, trailer, "UnaryCall"); err != nil {
		return err
	}

	stream, err := client.FullDuplexCall(ctx)
	if err != nil {
		return failf("FullDuplexCall: %v", err)
	}
	if err := stream.Send(streamingRequest([]int{314159}, 271828)); err != nil {
		return failf("FullDuplexCall send: %v", err)
	}
	if err := stream.CloseSend(); err != nil {
		return failf("CloseSend: %v", err)
	}
	first, err := stream.Recv()
	if err != nil {
		return failf("FullDuplexCall response: %v", err)
	}
	if err := expectZeros(first.GetPayload(), 314159, "FullDuplexCall"); err != nil {
		return err
	}
	if err := expectEnd(stream.Recv()); err != nil {
		return failf("FullDuplexCall after the first response: %v", err)
	}
	streamHeader, err := stream.Header()
	if err != nil {
		return failf("FullDuplexCall header: %v", err)
	}
	return expectEchoedMetadata(streamHeader, stream.Trailer(), "FullDuplexCall")
}

func unimplementedMethod(conn *grpc.ClientConn) error {
	_, err := testpb.NewTestServiceClient(conn).UnimplementedCall(context.Background(), &testpb.Empty{})
	return expectCode(err, codes.Unimplemented, "TestService/UnimplementedCall")
}

func unimplementedService(conn *grpc.ClientConn) error {
	_, err := testpb.NewUnimplementedServiceClient(conn).UnimplementedCall(context.Background(), &testpb.Empty{})
	return expectCode(err, codes.Unimplemented, "UnimplementedService/UnimplementedCall")
}

func timeoutOnSleepingServer(conn *grpc.ClientConn) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	stream, err := testpb.NewTestServiceClient(conn).FullDuplexCall(ctx)
	if err == nil {
		// Send may already see the expired deadline (io.EOF); the status comes from Recv.
		_ = stream.Send(&testpb.StreamingOutputCallRequest{Payload: payload(27182)})
		_, err = stream.Recv()
	}
	if err := expectCode(err, codes.DeadlineExceeded, "FullDuplexCall with 1 ms deadline"); err != nil {
		return err
	}
	return expectChannelStillWorks(conn, "the expired call")
}

func cancelAfterBegin(conn *grpc.ClientConn) error {
	ctx, cancel := context.WithCancel(context.Background())
	stream, err := testpb.NewTestServiceClient(conn).StreamingInputCall(ctx)
	if err != nil {
		cancel()
		return failf("StreamingInputCall: %v", err)
	}
	cancel()
	_, err = stream.CloseAndRecv()
	if err := expectCode(err, codes.Canceled, "StreamingInputCall after cancel"); err != nil {
		return err
	}
	return expectChannelStillWorks(conn, "the cancelled call")
}

func cancelAfterFirstResponse(conn *grpc.ClientConn) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream, err := testpb.NewTestServiceClient(conn).FullDuplexCall(ctx)
	if err != nil {
		return failf("FullDuplexCall: %v", err)
	}
	if err := stream.Send(streamingRequest([]int{31415}, 27182)); err != nil {
		return failf("FullDuplexCall send: %v", err)
	}
	first, err := stream.Recv()
	if err != nil {
		return failf("first response: %v", err)
	}
	if err := expectZeros(first.GetPayload(), 31415, "first response"); err != nil {
		return err
	}
	cancel()
	_, err = stream.Recv()
	if err := expectCode(err, codes.Canceled, "FullDuplexCall after cancel"); err != nil {
		return err
	}
	return expectChannelStillWorks(conn, "the cancelled call")
}
