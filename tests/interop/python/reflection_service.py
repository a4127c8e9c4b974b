"""Server reflection (grpc.reflection.v1 and v1alpha share their messages) answered from the
protobuf descriptor pool that the generated modules registered themselves in."""

import grpc
from google.protobuf import descriptor_pool

_NOT_FOUND = grpc.StatusCode.NOT_FOUND.value[0]
_INVALID_ARGUMENT = grpc.StatusCode.INVALID_ARGUMENT.value[0]


class ReflectionService:
    """ServerReflectionInfo for one reflection version: pass that version's reflection_pb2."""

    def __init__(self, reflection_pb2, service_names, pool=None):
        self._pb = reflection_pb2
        self._service_names = sorted(service_names)
        self._pool = pool or descriptor_pool.Default()

    async def ServerReflectionInfo(self, request_iterator, context):
        sent_files = set()  # like grpc-go: dependencies already sent on this stream are not repeated
        async for request in request_iterator:
            response = self._answer(request, sent_files)
            response.valid_host = request.host
            response.original_request.CopyFrom(request)
            yield response

    def _answer(self, request, sent_files):
        kind = request.WhichOneof("message_request")
        try:
            if kind == "list_services":
                return self._pb.ServerReflectionResponse(
                    list_services_response=self._pb.ListServiceResponse(
                        service=[self._pb.ServiceResponse(name=name) for name in self._service_names]))
            if kind == "file_by_filename":
                return self._files(self._pool.FindFileByName(request.file_by_filename), sent_files)
            if kind == "file_containing_symbol":
                return self._files(self._pool.FindFileContainingSymbol(request.file_containing_symbol),
                                   sent_files)
            if kind == "file_containing_extension":
                ext = request.file_containing_extension
                message = self._pool.FindMessageTypeByName(ext.containing_type)
                extension = self._pool.FindExtensionByNumber(message, ext.extension_number)
                return self._files(extension.file, sent_files)
            if kind == "all_extension_numbers_of_type":
                message = self._pool.FindMessageTypeByName(request.all_extension_numbers_of_type)
                numbers = sorted(e.number for e in self._pool.FindAllExtensions(message))
                return self._pb.ServerReflectionResponse(
                    all_extension_numbers_response=self._pb.ExtensionNumberResponse(
                        base_type_name=message.full_name, extension_number=numbers))
        except KeyError as error:
            return self._error(_NOT_FOUND, f"{kind} not found: {error.args[0] if error.args else ''}")
        return self._error(_INVALID_ARGUMENT, "message_request is not set or not supported")

    def _files(self, file_descriptor, sent_files):
        """The requested file, then every transitive dependency not yet sent on this stream."""
        ordered = [file_descriptor]
        pending = list(file_descriptor.dependencies)
        seen = {file_descriptor.name}
        while pending:
            dependency = pending.pop(0)
            if dependency.name in seen:
                continue
            seen.add(dependency.name)
            if dependency.name not in sent_files:
                ordered.append(dependency)
            pending.extend(dependency.dependencies)
        sent_files.update(f.name for f in ordered)
        return self._pb.ServerReflectionResponse(
            file_descriptor_response=self._pb.FileDescriptorResponse(
                file_descriptor_proto=[f.serialized_pb for f in ordered]))

    def _error(self, code, message):
        return self._pb.ServerReflectionResponse(
            error_response=self._pb.ErrorResponse(error_code=code, error_message=message))
