package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"text/template"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// callData is ghz's template data for one call (runner.CallData), field for field.
type callData struct {
	WorkerID           string
	RequestNumber      int64
	FullyQualifiedName string
	MethodName         string
	ServiceName        string
	InputName          string
	OutputName         string
	IsClientStreaming  bool
	IsServerStreaming  bool
	Timestamp          string
	TimestampUnix      int64
	TimestampUnixMilli int64
	TimestampUnixNano  int64
	UUID               string
}

func newCallData(md protoreflect.MethodDescriptor, worker string, request int64) *callData {
	now := time.Now()
	return &callData{
		WorkerID: worker, RequestNumber: request,
		FullyQualifiedName: string(md.FullName()), MethodName: string(md.Name()), ServiceName: string(md.Parent().Name()),
		InputName: string(md.Input().Name()), OutputName: string(md.Output().Name()),
		IsClientStreaming: md.IsStreamingClient(), IsServerStreaming: md.IsStreamingServer(),
		Timestamp: now.Format(time.RFC3339), TimestampUnix: now.Unix(), TimestampUnixMilli: now.UnixNano() / 1e6, TimestampUnixNano: now.UnixNano(),
		UUID: newUUID(),
	}
}

// ghz's own template functions (its sprig set is not packaged for Debian, so not offered).
var templateFuncs = template.FuncMap{"newUUID": newUUID, "randomString": randomString, "randomInt": randomInt}

func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

const charset = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomString(length int) string {
	if length <= 0 {
		length = int(randomInt(1, 100))
	}
	var out strings.Builder
	for i := 0; i < length; i++ {
		out.WriteByte(charset[randomInt(0, len(charset))])
	}
	return out.String()
}

// randomInt returns an int in [min, max), as ghz's does.
func randomInt(min, max int) int64 {
	if max <= min {
		return int64(min)
	}
	n, _ := rand.Int(rand.Reader, big.NewInt(int64(max-min)))
	return n.Int64() + int64(min)
}

// dataProvider makes each call's request: the data (one object, or an array used round robin by
// request number, as ghz does for unary calls) rendered as a template, then parsed as proto JSON.
type dataProvider struct {
	method    protoreflect.MethodDescriptor
	templates []*template.Template // nil where the element has no template action
	raw       [][]byte
	metadata  map[string]metadataValue
}

type metadataValue struct {
	template *template.Template // nil when the value has no template action
	text     string
}

func newDataProvider(c *config, md protoreflect.MethodDescriptor) (*dataProvider, error) {
	var elements []json.RawMessage
	trimmed := bytes.TrimSpace(c.Data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if err := json.Unmarshal(trimmed, &elements); err != nil {
			return nil, fmt.Errorf("data: %v", err)
		}
		if len(elements) == 0 {
			return nil, fmt.Errorf("data array must not be empty")
		}
	} else {
		elements = []json.RawMessage{trimmed}
	}
	p := &dataProvider{method: md, metadata: map[string]metadataValue{}}
	for i, element := range elements {
		if len(element) == 0 || element[0] != '{' {
			return nil, fmt.Errorf("data element %d must be a JSON object", i)
		}
		t, err := parseTemplate(c, fmt.Sprintf("data[%d]", i), string(element))
		if err != nil {
			return nil, err
		}
		p.templates = append(p.templates, t)
		p.raw = append(p.raw, element)
		// Each element must parse as the input message now, not a thousand calls in.
		if _, err := p.message(i, newCallData(md, "check", 0)); err != nil {
			return nil, err
		}
	}
	for key, value := range c.Metadata {
		t, err := parseTemplate(c, "metadata "+key, value)
		if err != nil {
			return nil, err
		}
		p.metadata[key] = metadataValue{t, value}
	}
	return p, nil
}

func parseTemplate(c *config, name, text string) (*template.Template, error) {
	if c.NoTemplateData || !strings.Contains(text, "{{") {
		return nil, nil
	}
	t := template.New(name)
	if !c.NoTemplateFunc {
		t = t.Funcs(templateFuncs)
	}
	t, err := t.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("%s: template: %v", name, err)
	}
	return t, nil
}

func render(t *template.Template, raw []byte, data *callData) ([]byte, error) {
	if t == nil {
		return raw, nil
	}
	var out bytes.Buffer
	if err := t.Execute(&out, data); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func (p *dataProvider) message(index int, data *callData) (*dynamicpb.Message, error) {
	text, err := render(p.templates[index], p.raw[index], data)
	if err != nil {
		return nil, fmt.Errorf("data[%d]: %v", index, err)
	}
	message := dynamicpb.NewMessage(p.method.Input())
	if err := protojson.Unmarshal(text, message); err != nil {
		return nil, fmt.Errorf("data[%d] is not a valid %s: %v", index, p.method.Input().FullName(), err)
	}
	return message, nil
}

// request is the call's input message and metadata.
func (p *dataProvider) request(data *callData) (*dynamicpb.Message, map[string]string, error) {
	message, err := p.message(int(data.RequestNumber%int64(len(p.raw))), data)
	if err != nil {
		return nil, nil, err
	}
	headers := make(map[string]string, len(p.metadata))
	for key, m := range p.metadata {
		value, err := render(m.template, []byte(m.text), data)
		if err != nil {
			return nil, nil, fmt.Errorf("metadata %s: %v", key, err)
		}
		headers[key] = string(value)
	}
	return message, headers, nil
}
