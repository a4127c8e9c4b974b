package main

// Our reflection cases (v1 and v1alpha): list services, file containing symbol, file by filename for
// every transitive import of test.proto, NOT_FOUND errors; the descriptors received must build a
// protoregistry.Files (protodesc resolves every reference) that describes TestService completely.

import (
	"context"
	"io"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	v1 "interoppb/reflection_v1"
	v1alpha "interoppb/reflection_v1alpha"
)

var testMethods = map[string][2]string{
	"EmptyCall":           {"grpc.testing.Empty", "grpc.testing.Empty"},
	"UnaryCall":           {"grpc.testing.SimpleRequest", "grpc.testing.SimpleResponse"},
	"StreamingOutputCall": {"grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse"},
	"StreamingInputCall":  {"grpc.testing.StreamingInputCallRequest", "grpc.testing.StreamingInputCallResponse"},
	"FullDuplexCall":      {"grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse"},
	"HalfDuplexCall":      {"grpc.testing.StreamingOutputCallRequest", "grpc.testing.StreamingOutputCallResponse"},
	"UnimplementedCall":   {"grpc.testing.Empty", "grpc.testing.Empty"},
}

// reflectionStream is one ServerReflectionInfo stream. The case logic speaks the v1 messages; the
// v1alpha stream converts them through the wire format, which both versions share exactly.
type reflectionStream interface {
	Send(*v1.ServerReflectionRequest) error
	Recv() (*v1.ServerReflectionResponse, error)
	CloseSend() error
}

type v1alphaStream struct {
	inner v1alpha.ServerReflection_ServerReflectionInfoClient
}

func (s v1alphaStream) Send(request *v1.ServerReflectionRequest) error {
	converted := &v1alpha.ServerReflectionRequest{}
	if err := convert(request, converted); err != nil {
		return err
	}
	return s.inner.Send(converted)
}

func (s v1alphaStream) Recv() (*v1.ServerReflectionResponse, error) {
	response, err := s.inner.Recv()
	if err != nil {
		return nil, err
	}
	converted := &v1.ServerReflectionResponse{}
	return converted, convert(response, converted)
}

func (s v1alphaStream) CloseSend() error { return s.inner.CloseSend() }

func convert(from, to proto.Message) error {
	raw, err := proto.Marshal(from)
	if err != nil {
		return err
	}
	return proto.Unmarshal(raw, to)
}

func reflectionV1(conn *grpc.ClientConn) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	stream, err := v1.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return failf("ServerReflectionInfo: %v", err)
	}
	return runReflection(stream, "v1")
}

func reflectionV1alpha(conn *grpc.ClientConn) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	stream, err := v1alpha.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return failf("ServerReflectionInfo: %v", err)
	}
	return runReflection(v1alphaStream{stream}, "v1alpha")
}

type session struct{ stream reflectionStream }

func (s session) ask(what string, request *v1.ServerReflectionRequest) (*v1.ServerReflectionResponse, error) {
	if err := s.stream.Send(request); err != nil {
		return nil, failf("%s: send: %v", what, err)
	}
	response, err := s.stream.Recv()
	if err != nil {
		return nil, failf("%s: %v", what, err)
	}
	return response, nil
}

func (s session) files(what string, request *v1.ServerReflectionRequest) ([]*descriptorpb.FileDescriptorProto, error) {
	response, err := s.ask(what, request)
	if err != nil {
		return nil, err
	}
	if e := response.GetErrorResponse(); e != nil {
		return nil, failf("%s: error_response %d %q", what, e.GetErrorCode(), e.GetErrorMessage())
	}
	raw := response.GetFileDescriptorResponse().GetFileDescriptorProto()
	if len(raw) == 0 {
		return nil, failf("%s: no file_descriptor_response", what)
	}
	protos := make([]*descriptorpb.FileDescriptorProto, len(raw))
	for i, bytes := range raw {
		protos[i] = &descriptorpb.FileDescriptorProto{}
		if err := proto.Unmarshal(bytes, protos[i]); err != nil {
			return nil, failf("%s: file %d does not parse: %v", what, i, err)
		}
	}
	return protos, nil
}

func (s session) expectNotFound(what string, request *v1.ServerReflectionRequest) error {
	response, err := s.ask(what, request)
	if err != nil {
		return err
	}
	e := response.GetErrorResponse()
	if e == nil {
		return failf("%s: expected error_response NOT_FOUND, got %T", what, response.GetMessageResponse())
	}
	if codes.Code(e.GetErrorCode()) != codes.NotFound {
		return failf("%s: error_code is %d, expected %d (NOT_FOUND)", what, e.GetErrorCode(), codes.NotFound)
	}
	return nil
}

func defines(file *descriptorpb.FileDescriptorProto, pkg, symbol string) bool {
	if file.GetPackage() != pkg {
		return false
	}
	for _, s := range file.GetService() {
		if s.GetName() == symbol {
			return true
		}
	}
	for _, m := range file.GetMessageType() {
		if m.GetName() == symbol {
			return true
		}
	}
	return false
}

func runReflection(stream reflectionStream, version string) error {
	s := session{stream}
	listed, err := s.ask("list_services", &v1.ServerReflectionRequest{
		MessageRequest: &v1.ServerReflectionRequest_ListServices{ListServices: "*"}})
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for _, service := range listed.GetListServicesResponse().GetService() {
		names[service.GetName()] = true
	}
	for _, want := range []string{"grpc.testing.TestService", "grpc.health.v1.Health", "grpc.reflection." + version + ".ServerReflection"} {
		if !names[want] {
			return failf("list_services lacks %s: %v", want, names)
		}
	}
	if names["grpc.testing.UnimplementedService"] {
		return failf("list_services names grpc.testing.UnimplementedService, which the server must not implement")
	}

	found, err := s.files("file_containing_symbol grpc.testing.TestService", bySymbol("grpc.testing.TestService"))
	if err != nil {
		return err
	}
	testFile := found[0]
	if !strings.HasSuffix(testFile.GetName(), "test.proto") || !defines(testFile, "grpc.testing", "TestService") {
		return failf("file containing grpc.testing.TestService is %q, which does not define it", testFile.GetName())
	}

	byName := map[string]*descriptorpb.FileDescriptorProto{}
	for queue := []string{testFile.GetName()}; len(queue) > 0; queue = queue[1:] {
		name := queue[0]
		if byName[name] != nil {
			continue
		}
		files, err := s.files("file_by_filename "+name, &v1.ServerReflectionRequest{
			MessageRequest: &v1.ServerReflectionRequest_FileByFilename{FileByFilename: name}})
		if err != nil {
			return err
		}
		if files[0].GetName() != name {
			return failf("file_by_filename %s returned %q first", name, files[0].GetName())
		}
		byName[name] = files[0]
		queue = append(queue, files[0].GetDependency()...)
	}
	if len(byName) < 3 {
		return failf("test.proto and its imports are only %d files", len(byName))
	}
	if err := expectCompleteTestService(byName); err != nil {
		return err
	}

	for _, c := range []struct{ symbol, pkg, defined string }{
		{"grpc.testing.SimpleRequest", "grpc.testing", "SimpleRequest"},
		{"grpc.testing.TestService.UnaryCall", "grpc.testing", "TestService"},
		{"grpc.health.v1.Health", "grpc.health.v1", "Health"},
		{"grpc.reflection." + version + ".ServerReflection", "grpc.reflection." + version, "ServerReflection"},
	} {
		files, err := s.files("file_containing_symbol "+c.symbol, bySymbol(c.symbol))
		if err != nil {
			return err
		}
		if !defines(files[0], c.pkg, c.defined) {
			return failf("file containing %s is %q, which does not define it", c.symbol, files[0].GetName())
		}
	}

	if err := s.expectNotFound("file_containing_symbol grpc.testing.NoSuchService", bySymbol("grpc.testing.NoSuchService")); err != nil {
		return err
	}
	if err := s.expectNotFound("file_by_filename grpc/testing/no_such_file.proto", &v1.ServerReflectionRequest{
		MessageRequest: &v1.ServerReflectionRequest_FileByFilename{FileByFilename: "grpc/testing/no_such_file.proto"}}); err != nil {
		return err
	}
	if err := stream.CloseSend(); err != nil {
		return failf("CloseSend: %v", err)
	}
	if extra, err := stream.Recv(); err == nil {
		return failf("unexpected response after half-close: %v", extra)
	} else if err != io.EOF {
		return failf("reflection stream did not end with OK: %v", err)
	}
	return nil
}

func bySymbol(symbol string) *v1.ServerReflectionRequest {
	return &v1.ServerReflectionRequest{
		MessageRequest: &v1.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: symbol}}
}

// expectCompleteTestService builds a registry from the received files (protodesc fails on any
// unresolved import or type) and checks TestService's methods and a few message fields.
func expectCompleteTestService(byName map[string]*descriptorpb.FileDescriptorProto) error {
	set := &descriptorpb.FileDescriptorSet{}
	for _, file := range byName {
		set.File = append(set.File, file)
	}
	registry, err := protodesc.NewFiles(set)
	if err != nil {
		return failf("received descriptors do not build a registry: %v", err)
	}
	found, err := registry.FindDescriptorByName("grpc.testing.TestService")
	if err != nil {
		return failf("TestService is not in the received descriptors: %v", err)
	}
	service, ok := found.(protoreflect.ServiceDescriptor)
	if !ok {
		return failf("grpc.testing.TestService is a %T, not a service", found)
	}
	for name, types := range testMethods {
		method := service.Methods().ByName(protoreflect.Name(name))
		if method == nil {
			return failf("TestService.%s is missing from the received descriptors", name)
		}
		if got := [2]string{string(method.Input().FullName()), string(method.Output().FullName())}; got != types {
			return failf("TestService.%s is %v, expected %v", name, got, types)
		}
	}
	found, err = registry.FindDescriptorByName("grpc.testing.SimpleRequest")
	if err != nil {
		return failf("SimpleRequest is not in the received descriptors: %v", err)
	}
	request := found.(protoreflect.MessageDescriptor)
	field := request.Fields().ByName("response_status")
	if field == nil || field.Message() == nil || field.Message().FullName() != "grpc.testing.EchoStatus" {
		return failf("SimpleRequest.response_status does not resolve to grpc.testing.EchoStatus")
	}
	body := request.Fields().ByName("payload").Message().Fields().ByName("body")
	if body == nil || body.Kind() != protoreflect.BytesKind {
		return failf("Payload.body is not bytes in the received descriptors")
	}
	return nil
}
