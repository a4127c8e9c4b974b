package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	rpb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// splitCall turns "pkg.Service/Method" or "pkg.Service.Method" into the service and method names.
func splitCall(call string) (service, method string, err error) {
	call = strings.TrimPrefix(call, "/")
	cut := strings.LastIndexAny(call, "/.")
	if cut <= 0 || cut == len(call)-1 {
		return "", "", fmt.Errorf("call must be package.Service/Method, got %q", call)
	}
	return call[:cut], call[cut+1:], nil
}

// findMethod resolves the call's method descriptor from the proto file (compiled by protoc), a
// protoset, or the server's reflection service, as ghz does.
func findMethod(c *config, conn *grpc.ClientConn) (protoreflect.MethodDescriptor, error) {
	service, method, err := splitCall(c.Call)
	if err != nil {
		return nil, err
	}
	var files []*descriptorpb.FileDescriptorProto
	switch {
	case c.Protoset != "":
		files, err = readProtoset(c.Protoset)
	case c.Proto != "":
		files, err = compileProto(c.Proto, c.ImportPaths)
	default:
		files, err = reflectFiles(conn, service, c.ReflectMeta)
	}
	if err != nil {
		return nil, err
	}
	registry, err := buildRegistry(files)
	if err != nil {
		return nil, err
	}
	d, err := registry.FindDescriptorByName(protoreflect.FullName(service))
	if err != nil {
		return nil, fmt.Errorf("service %q not found: %v", service, err)
	}
	sd, ok := d.(protoreflect.ServiceDescriptor)
	if !ok {
		return nil, fmt.Errorf("%q is not a service", service)
	}
	md := sd.Methods().ByName(protoreflect.Name(method))
	if md == nil {
		return nil, fmt.Errorf("service %q has no method %q", service, method)
	}
	if md.IsStreamingClient() || md.IsStreamingServer() {
		return nil, fmt.Errorf("%s is a streaming method; this driver runs unary methods only", c.Call)
	}
	return md, nil
}

func readProtoset(path string) ([]*descriptorpb.FileDescriptorProto, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("protoset: %v", err)
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("protoset %s: %v", path, err)
	}
	return set.File, nil
}

// compileProto runs protoc (Debian's protobuf-compiler) into a descriptor set, with ghz's import
// paths: the ones given, then the proto's own folder and ".".
func compileProto(path string, importPaths []string) ([]*descriptorpb.FileDescriptorProto, error) {
	out, err := os.CreateTemp("", "ghz-driver-*.protoset")
	if err != nil {
		return nil, err
	}
	out.Close()
	defer os.Remove(out.Name())
	args := []string{"--include_imports", "--descriptor_set_out=" + out.Name()}
	for _, p := range append(append([]string{}, importPaths...), filepath.Dir(path), ".") {
		args = append(args, "-I"+p)
	}
	args = append(args, path)
	if output, err := exec.Command("protoc", args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("proto: protoc %s: %v: %s", strings.Join(args, " "), err, output)
	}
	return readProtoset(out.Name())
}

// reflectFiles asks grpc.reflection.v1alpha.ServerReflection for the file defining the service and
// then for every dependency it lacks.
func reflectFiles(conn *grpc.ClientConn, service string, md map[string]string) ([]*descriptorpb.FileDescriptorProto, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if len(md) > 0 {
		ctx = metadata.NewOutgoingContext(ctx, metadata.New(md))
	}
	stream, err := rpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return nil, fmt.Errorf("server reflection: %v", err)
	}
	byName := map[string]*descriptorpb.FileDescriptorProto{}
	ask := func(request *rpb.ServerReflectionRequest) error {
		if err := stream.Send(request); err != nil {
			return err
		}
		response, err := stream.Recv()
		if err != nil {
			return err
		}
		if e := response.GetErrorResponse(); e != nil {
			return fmt.Errorf("%s (code %d)", e.ErrorMessage, e.ErrorCode)
		}
		for _, raw := range response.GetFileDescriptorResponse().GetFileDescriptorProto() {
			var file descriptorpb.FileDescriptorProto
			if err := proto.Unmarshal(raw, &file); err != nil {
				return err
			}
			byName[file.GetName()] = &file
		}
		return nil
	}
	if err := ask(&rpb.ServerReflectionRequest{MessageRequest: &rpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: service}}); err != nil {
		return nil, fmt.Errorf("server reflection for %q: %v (without reflection, give proto or protoset)", service, err)
	}
	for changed := true; changed; {
		changed = false
		for _, file := range byName {
			for _, dep := range file.Dependency {
				if _, ok := byName[dep]; ok {
					continue
				}
				if _, err := protoregistry.GlobalFiles.FindFileByPath(dep); err == nil {
					continue // a well-known type compiled into this program
				}
				if err := ask(&rpb.ServerReflectionRequest{MessageRequest: &rpb.ServerReflectionRequest_FileByFilename{FileByFilename: dep}}); err != nil {
					return nil, fmt.Errorf("server reflection for file %q: %v", dep, err)
				}
				changed = true
			}
		}
	}
	files := make([]*descriptorpb.FileDescriptorProto, 0, len(byName))
	for _, file := range byName {
		files = append(files, file)
	}
	return files, nil
}

// buildRegistry links the files in dependency order; well-known types missing from the set come
// from the ones compiled into this program.
func buildRegistry(files []*descriptorpb.FileDescriptorProto) (*protoregistry.Files, error) {
	byName := map[string]*descriptorpb.FileDescriptorProto{}
	for _, f := range files {
		byName[f.GetName()] = f
	}
	registry := new(protoregistry.Files)
	var add func(name string) error
	add = func(name string) error {
		if _, err := registry.FindFileByPath(name); err == nil {
			return nil
		}
		file, ok := byName[name]
		if !ok {
			global, err := protoregistry.GlobalFiles.FindFileByPath(name)
			if err != nil {
				return fmt.Errorf("file %q is missing from the descriptors", name)
			}
			return registry.RegisterFile(global)
		}
		for _, dep := range file.Dependency {
			if err := add(dep); err != nil {
				return err
			}
		}
		linked, err := protodesc.NewFile(file, registry)
		if err != nil {
			return fmt.Errorf("file %q: %v", name, err)
		}
		return registry.RegisterFile(linked)
	}
	for name := range byName {
		if err := add(name); err != nil {
			return nil, err
		}
	}
	return registry, nil
}
