package main

// grpc-go 1.33 implements reflection v1alpha only. grpc.reflection.v1 has the very same messages,
// so this bridge serves v1 by relaying each stream to grpc-go's own v1alpha service on this server
// (over a loopback connection), converting every message through the shared wire format.

import (
	"io"

	"github.com/golang/protobuf/proto" // the v1 API: it handles the legacy v1alpha messages too
	"google.golang.org/grpc"

	v1 "interoppb/reflection_v1"
	// grpc-go's own v1alpha package: the one its reflection service registers (no second copy may be linked).
	v1alpha "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
)

type reflectionV1Bridge struct {
	v1.UnimplementedServerReflectionServer
	v1alpha v1alpha.ServerReflectionClient
}

func (b *reflectionV1Bridge) connect(address string) error {
	conn, err := grpc.Dial(address, grpc.WithInsecure())
	if err != nil {
		return err
	}
	b.v1alpha = v1alpha.NewServerReflectionClient(conn)
	return nil
}

func (b *reflectionV1Bridge) ServerReflectionInfo(stream v1.ServerReflection_ServerReflectionInfoServer) error {
	upstream, err := b.v1alpha.ServerReflectionInfo(stream.Context())
	if err != nil {
		return err
	}
	for {
		request, err := stream.Recv()
		if err == io.EOF {
			return upstream.CloseSend()
		}
		if err != nil {
			return err
		}
		converted := &v1alpha.ServerReflectionRequest{}
		if err := convert(request, converted); err != nil {
			return err
		}
		if err := upstream.Send(converted); err != nil {
			return err
		}
		answer, err := upstream.Recv()
		if err != nil {
			return err
		}
		response := &v1.ServerReflectionResponse{}
		if err := convert(answer, response); err != nil {
			return err
		}
		if err := stream.Send(response); err != nil {
			return err
		}
	}
}

func convert(from, to proto.Message) error {
	raw, err := proto.Marshal(from)
	if err != nil {
		return err
	}
	return proto.Unmarshal(raw, to)
}
