package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// ghz's short flags and the long names (config keys) they stand for.
var shortFlags = map[string]string{
	"c": "concurrency", "n": "total", "z": "duration", "x": "max-duration", "t": "timeout", "r": "rps",
	"d": "data", "D": "data-file", "m": "metadata", "M": "metadata-file", "O": "format", "o": "output", "i": "import-paths",
}

var boolFlags = map[string]bool{"insecure": true, "skipTLS": true, "count-errors": true, "disable-template-data": true, "disable-template-functions": true}

// Settings whose command-line value is JSON text as it stands (everything else is a string or a number).
var jsonFlags = map[string]bool{"data": true, "metadata": true, "reflect-metadata": true}

var numberFlags = map[string]bool{"total": true, "concurrency": true, "connections": true, "rps": true, "skipFirst": true}

// parseArgs reads ghz's command line: [flags] [host], flags anywhere, "--name value" or "--name=value".
// Settings given on the command line win over the config file, as in ghz.
func parseArgs(args []string) (*config, error) {
	type flagValue struct {
		key   string
		value json.RawMessage
	}
	var given []flagValue
	var configPath, host string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			if host != "" {
				return nil, fmt.Errorf("one host is expected, got %q and %q", host, arg)
			}
			host = arg
			continue
		}
		name := strings.TrimLeft(arg, "-")
		value, hasValue := "", false
		if eq := strings.IndexByte(name, '='); eq >= 0 {
			name, value, hasValue = name[:eq], name[eq+1:], true
		}
		if long, ok := shortFlags[name]; ok && !strings.HasPrefix(arg, "--") {
			name = long
		}
		if name == "help" || name == "h" {
			return nil, errHelp
		}
		if boolFlags[name] {
			if !hasValue {
				value = "true"
			}
			given = append(given, flagValue{name, json.RawMessage(value)})
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("flag --%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if name == "config" {
			configPath = value
			continue
		}
		raw := json.RawMessage(value)
		if !jsonFlags[name] && !numberFlags[name] {
			raw, _ = json.Marshal(value)
		}
		given = append(given, flagValue{name, raw})
	}
	c := defaults()
	if configPath != "" {
		if err := c.loadConfigFile(configPath); err != nil {
			return nil, err
		}
	}
	for _, f := range given {
		if err := c.setting(f.key, f.value); err != nil {
			return nil, fmt.Errorf("--%s: %v", f.key, err)
		}
	}
	if host != "" {
		c.Host = host
	}
	if err := c.finish(); err != nil {
		return nil, err
	}
	return c, nil
}

var errHelp = fmt.Errorf("help")

const usage = `ghz-driver: runs ghz load-test profiles with ghz's meaning and prints ghz's report.

  ghz-driver [--config FILE.json] [flags] [HOST:PORT]

Settings are ghz's (JSON config keys = long flags): call, host, proto, protoset, import-paths (-i),
insecure, total (-n, default 200), concurrency (-c, default 50), connections (default 1), rps (-r),
duration (-z), duration-stop (close, wait, ignore), max-duration (-x), timeout (-t, default 20s), connect-timeout (default 10s),
data (-d), data-file (-D), metadata (-m), metadata-file (-M), reflect-metadata, name, format (-O:
summary, json, pretty), output (-o), skipFirst, count-errors, disable-template-data,
disable-template-functions. Command-line flags win over the config file, the HOST argument over
its "host". Without proto or protoset the method is found by server reflection; with proto, protoc
compiles it (import-paths, plus the proto's folder and ".").

Data and metadata are Go templates over ghz's call data: {{.RequestNumber}}, {{.WorkerID}},
{{.FullyQualifiedName}}, {{.MethodName}}, {{.ServiceName}}, {{.InputName}}, {{.OutputName}},
{{.IsClientStreaming}}, {{.IsServerStreaming}}, {{.Timestamp}}, {{.TimestampUnix}},
{{.TimestampUnixMilli}}, {{.TimestampUnixNano}}, {{.UUID}}, and the functions newUUID,
randomString N, randomInt MIN MAX. A data array is used round robin by request number.
Unary methods only; cleartext only (insecure). When duration ends, "wait" lets the calls in flight
finish and counts them; "close" (the default) and "ignore" cancel them and leave them out (ghz's
"close" reports them as errors).
`
