package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// config holds the run settings under ghz's own names (its JSON config keys and long flags).
// Defaults are ghz's: total 200, concurrency 50, connections 1, timeout 20s, connect-timeout 10s.
type config struct {
	Call           string
	Host           string
	Proto          string
	Protoset       string
	ImportPaths    []string
	Insecure       bool
	SkipTLS        bool
	Total          int
	Concurrency    int
	Connections    int
	RPS            int
	Duration       time.Duration
	MaxDuration    time.Duration
	Timeout        time.Duration
	ConnectTimeout time.Duration
	Data           json.RawMessage
	DataFile       string
	Metadata       map[string]string
	MetadataFile   string
	ReflectMeta    map[string]string
	Name           string
	Format         string
	Output         string
	SkipFirst      int
	DurationStop   string
	CountErrors    bool
	NoTemplateData bool
	NoTemplateFunc bool
}

func defaults() *config {
	return &config{Total: 200, Concurrency: 50, Connections: 1, Timeout: 20 * time.Second, ConnectTimeout: 10 * time.Second, Format: "summary", DurationStop: "close"}
}

// setting applies one ghz setting by its config key (the long flag's name); value is JSON.
func (c *config) setting(key string, value json.RawMessage) error {
	var err error
	switch key {
	case "call":
		err = json.Unmarshal(value, &c.Call)
	case "host":
		err = json.Unmarshal(value, &c.Host)
	case "proto":
		err = json.Unmarshal(value, &c.Proto)
	case "protoset":
		err = json.Unmarshal(value, &c.Protoset)
	case "import-paths":
		err = stringList(value, &c.ImportPaths)
	case "insecure":
		err = json.Unmarshal(value, &c.Insecure)
	case "skipTLS":
		err = json.Unmarshal(value, &c.SkipTLS)
	case "total":
		err = json.Unmarshal(value, &c.Total)
	case "concurrency":
		err = json.Unmarshal(value, &c.Concurrency)
	case "connections":
		err = json.Unmarshal(value, &c.Connections)
	case "rps":
		err = json.Unmarshal(value, &c.RPS)
	case "duration":
		c.Duration, err = duration(value)
	case "max-duration":
		c.MaxDuration, err = duration(value)
	case "timeout":
		c.Timeout, err = duration(value)
	case "connect-timeout":
		c.ConnectTimeout, err = duration(value)
	case "data":
		c.Data = append(json.RawMessage(nil), value...)
	case "data-file":
		err = json.Unmarshal(value, &c.DataFile)
	case "metadata":
		err = json.Unmarshal(value, &c.Metadata)
	case "metadata-file":
		err = json.Unmarshal(value, &c.MetadataFile)
	case "reflect-metadata":
		err = json.Unmarshal(value, &c.ReflectMeta)
	case "name":
		err = json.Unmarshal(value, &c.Name)
	case "format":
		err = json.Unmarshal(value, &c.Format)
	case "output":
		err = json.Unmarshal(value, &c.Output)
	case "duration-stop":
		err = json.Unmarshal(value, &c.DurationStop)
	case "skipFirst":
		err = json.Unmarshal(value, &c.SkipFirst)
	case "count-errors":
		err = json.Unmarshal(value, &c.CountErrors)
	case "disable-template-data":
		err = json.Unmarshal(value, &c.NoTemplateData)
	case "disable-template-functions":
		err = json.Unmarshal(value, &c.NoTemplateFunc)
	case "tags", "cpus", "keepalive", "lb-strategy", "enable-compression", "async", "load-schedule", "concurrency-schedule", "debug":
		return fmt.Errorf("setting %q is a ghz setting this driver does not implement; remove it or run ghz itself", key)
	default:
		return fmt.Errorf("unknown setting %q (not one of ghz's config keys)", key)
	}
	if err != nil {
		return fmt.Errorf("setting %q: %v", key, err)
	}
	return nil
}

// loadConfigFile reads a ghz JSON config file (the keys ghz's --config reads).
func (c *config) loadConfigFile(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var values map[string]json.RawMessage
	if err := json.Unmarshal(raw, &values); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	for key, value := range values {
		if err := c.setting(key, value); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
	}
	return nil
}

// finish loads data-file and metadata-file and checks every limit, naming the setting.
func (c *config) finish() error {
	if c.DataFile != "" {
		raw, err := os.ReadFile(c.DataFile)
		if err != nil {
			return fmt.Errorf("data-file: %v", err)
		}
		c.Data = raw
	}
	if c.MetadataFile != "" {
		raw, err := os.ReadFile(c.MetadataFile)
		if err != nil {
			return fmt.Errorf("metadata-file: %v", err)
		}
		if err := json.Unmarshal(raw, &c.Metadata); err != nil {
			return fmt.Errorf("metadata-file %s: an object of strings is expected: %v", c.MetadataFile, err)
		}
	}
	switch {
	case c.Call == "":
		return fmt.Errorf("call is required (package.Service/Method or package.Service.Method)")
	case c.Host == "":
		return fmt.Errorf("host is required (host:port, as the last argument or the config's \"host\")")
	case !c.Insecure:
		return fmt.Errorf("insecure must be true: this driver speaks cleartext HTTP/2 only (the cluster's default); TLS runs need ghz itself")
	case c.Concurrency < 1 || c.Concurrency > 100000:
		return fmt.Errorf("concurrency must be 1 to 100000, got %d", c.Concurrency)
	case c.Connections < 1 || c.Connections > c.Concurrency:
		return fmt.Errorf("connections must be 1 to concurrency (%d), got %d", c.Concurrency, c.Connections)
	case c.Duration == 0 && (c.Total < 1 || c.Total < c.Concurrency):
		return fmt.Errorf("total must be at least concurrency (%d), got %d", c.Concurrency, c.Total)
	case c.RPS < 0:
		return fmt.Errorf("rps must be 0 (no limit) or more, got %d", c.RPS)
	case c.Duration < 0 || c.MaxDuration < 0 || c.Timeout < 0:
		return fmt.Errorf("duration, max-duration and timeout must not be negative")
	case c.DurationStop != "close" && c.DurationStop != "wait" && c.DurationStop != "ignore":
		return fmt.Errorf("duration-stop must be close, wait or ignore, got %q", c.DurationStop)
	case c.Format != "summary" && c.Format != "json" && c.Format != "pretty":
		return fmt.Errorf("format must be summary, json or pretty (ghz's other formats are not implemented), got %q", c.Format)
	}
	if len(c.Data) == 0 {
		c.Data = json.RawMessage("{}")
	}
	return nil
}

func duration(value json.RawMessage) (time.Duration, error) {
	text := strings.Trim(string(value), `"`)
	if n, err := strconv.ParseInt(text, 10, 64); err == nil && n == 0 {
		return 0, nil
	}
	return time.ParseDuration(text)
}

func stringList(value json.RawMessage, into *[]string) error {
	var list []string
	if err := json.Unmarshal(value, &list); err == nil {
		*into = list
		return nil
	}
	var one string
	if err := json.Unmarshal(value, &one); err != nil {
		return err
	}
	*into = strings.Split(one, ",")
	return nil
}
