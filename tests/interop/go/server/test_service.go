package main

// grpc.testing.TestService as gRPC's interop test descriptions define the server features:
// response sizes, ResponseParameters.interval_us, Echo Status and Echo Metadata.

import (
	"context"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	testpb "interoppb/grpc_testing"
)

const (
	echoInitialKey  = "x-grpc-test-echo-initial"
	echoTrailingKey = "x-grpc-test-echo-trailing-bin"
)

// limits bound what one request may ask of the server.
type limits struct {
	maxResponseSize        int // bytes of payload in one response message
	maxIntervalUs          int // delay before one streamed response
	maxResponsesPerRequest int // ResponseParameters in one request
}

func defaultLimits() limits { return limits{4 << 20, 10_000_000, 1000} }

type testService struct {
	testpb.UnimplementedTestServiceServer // UnimplementedCall stays unimplemented, as the descriptions require
	limits                                limits
}

// metadataSetter is what unary contexts (via grpc.SetHeader) and server streams both offer.
type metadataSetter interface {
	SetHeader(metadata.MD) error
	SetTrailer(metadata.MD)
}

type unaryMetadata struct{ ctx context.Context }

func (u unaryMetadata) SetHeader(md metadata.MD) error { return grpc.SetHeader(u.ctx, md) }
func (u unaryMetadata) SetTrailer(md metadata.MD)      { _ = grpc.SetTrailer(u.ctx, md) }

func echoMetadata(ctx context.Context, to metadataSetter) error {
	incoming, _ := metadata.FromIncomingContext(ctx)
	if values := incoming.Get(echoInitialKey); len(values) > 0 {
		if err := to.SetHeader(metadata.Pairs(echoInitialKey, values[0])); err != nil {
			return err
		}
	}
	if values := incoming.Get(echoTrailingKey); len(values) > 0 {
		to.SetTrailer(metadata.Pairs(echoTrailingKey, values[0]))
	}
	return nil
}

// echoStatus: a request's response_status ends the call with that code and message.
func echoStatus(s *testpb.EchoStatus) error {
	if s == nil || s.GetCode() == 0 {
		return nil
	}
	if s.GetCode() < 0 || s.GetCode() > 16 {
		return status.Errorf(codes.InvalidArgument, "response_status.code %d is not a gRPC status code (0..16)", s.GetCode())
	}
	return status.Error(codes.Code(s.GetCode()), s.GetMessage())
}

func zeros(size int32) *testpb.Payload {
	return &testpb.Payload{Type: testpb.PayloadType_COMPRESSABLE, Body: make([]byte, size)}
}

func (t *testService) checkSize(field string, size int32) error {
	if size < 0 || int(size) > t.limits.maxResponseSize {
		return status.Errorf(codes.InvalidArgument, "%s %d is outside 0..%d", field, size, t.limits.maxResponseSize)
	}
	return nil
}

func (t *testService) checkStreamingRequest(request *testpb.StreamingOutputCallRequest) error {
	if request.GetResponseType() != testpb.PayloadType_COMPRESSABLE {
		return status.Errorf(codes.InvalidArgument, "response_type %v is not supported (only COMPRESSABLE)", request.GetResponseType())
	}
	if n := len(request.GetResponseParameters()); n > t.limits.maxResponsesPerRequest {
		return status.Errorf(codes.InvalidArgument, "response_parameters has %d entries; the limit is %d", n, t.limits.maxResponsesPerRequest)
	}
	for i, params := range request.GetResponseParameters() {
		if err := t.checkSize(fmt.Sprintf("response_parameters[%d].size", i), params.GetSize()); err != nil {
			return err
		}
		if us := params.GetIntervalUs(); us < 0 || int(us) > t.limits.maxIntervalUs {
			return status.Errorf(codes.InvalidArgument, "response_parameters[%d].interval_us %d is outside 0..%d", i, us, t.limits.maxIntervalUs)
		}
	}
	return nil
}

func (t *testService) sendResponses(ctx context.Context, params []*testpb.ResponseParameters, send func(*testpb.StreamingOutputCallResponse) error) error {
	for _, p := range params {
		if p.GetIntervalUs() > 0 {
			select {
			case <-time.After(time.Duration(p.GetIntervalUs()) * time.Microsecond):
			case <-ctx.Done():
				return status.FromContextError(ctx.Err()).Err()
			}
		}
		if err := send(&testpb.StreamingOutputCallResponse{Payload: zeros(p.GetSize())}); err != nil {
			return err
		}
	}
	return nil
}

func (t *testService) EmptyCall(ctx context.Context, _ *testpb.Empty) (*testpb.Empty, error) {
	if err := echoMetadata(ctx, unaryMetadata{ctx}); err != nil {
		return nil, err
	}
	return &testpb.Empty{}, nil
}

func (t *testService) UnaryCall(ctx context.Context, request *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	if err := echoMetadata(ctx, unaryMetadata{ctx}); err != nil {
		return nil, err
	}
	if request.GetResponseType() != testpb.PayloadType_COMPRESSABLE {
		return nil, status.Errorf(codes.InvalidArgument, "response_type %v is not supported (only COMPRESSABLE)", request.GetResponseType())
	}
	if err := echoStatus(request.GetResponseStatus()); err != nil {
		return nil, err
	}
	if err := t.checkSize("response_size", request.GetResponseSize()); err != nil {
		return nil, err
	}
	return &testpb.SimpleResponse{Payload: zeros(request.GetResponseSize())}, nil
}

func (t *testService) StreamingOutputCall(request *testpb.StreamingOutputCallRequest, stream testpb.TestService_StreamingOutputCallServer) error {
	if err := echoMetadata(stream.Context(), stream); err != nil {
		return err
	}
	if err := t.checkStreamingRequest(request); err != nil {
		return err
	}
	if err := echoStatus(request.GetResponseStatus()); err != nil {
		return err
	}
	return t.sendResponses(stream.Context(), request.GetResponseParameters(), stream.Send)
}

func (t *testService) StreamingInputCall(stream testpb.TestService_StreamingInputCallServer) error {
	if err := echoMetadata(stream.Context(), stream); err != nil {
		return err
	}
	var total int32
	for {
		request, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(&testpb.StreamingInputCallResponse{AggregatedPayloadSize: total})
		}
		if err != nil {
			return err
		}
		total += int32(len(request.GetPayload().GetBody()))
	}
}

func (t *testService) FullDuplexCall(stream testpb.TestService_FullDuplexCallServer) error {
	if err := echoMetadata(stream.Context(), stream); err != nil {
		return err
	}
	for {
		request, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := t.checkStreamingRequest(request); err != nil {
			return err
		}
		if err := echoStatus(request.GetResponseStatus()); err != nil {
			return err
		}
		if err := t.sendResponses(stream.Context(), request.GetResponseParameters(), stream.Send); err != nil {
			return err
		}
	}
}

func (t *testService) HalfDuplexCall(stream testpb.TestService_HalfDuplexCallServer) error {
	if err := echoMetadata(stream.Context(), stream); err != nil {
		return err
	}
	var requests []*testpb.StreamingOutputCallRequest
	for {
		request, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := t.checkStreamingRequest(request); err != nil {
			return err
		}
		requests = append(requests, request)
	}
	for _, request := range requests {
		if err := echoStatus(request.GetResponseStatus()); err != nil {
			return err
		}
		if err := t.sendResponses(stream.Context(), request.GetResponseParameters(), stream.Send); err != nil {
			return err
		}
	}
	return nil
}
