package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// The report with ghz's JSON keys (runner.Report): durations in nanoseconds, date in RFC 3339.
type report struct {
	Name                string            `json:"name,omitempty"`
	EndReason           string            `json:"endReason,omitempty"`
	Date                string            `json:"date"`
	Options             map[string]any    `json:"options,omitempty"`
	Count               uint64            `json:"count"`
	Total               time.Duration     `json:"total"`
	Average             time.Duration     `json:"average"`
	Fastest             time.Duration     `json:"fastest"`
	Slowest             time.Duration     `json:"slowest"`
	Rps                 float64           `json:"rps"`
	ErrorDist           map[string]int    `json:"errorDistribution"`
	StatusCodeDist      map[string]int    `json:"statusCodeDistribution"`
	LatencyDistribution []latencyPoint    `json:"latencyDistribution"`
	Histogram           []bucket          `json:"histogram"`
	Details             []detail          `json:"details"`
}

type latencyPoint struct {
	Percentage int           `json:"percentage"`
	Latency    time.Duration `json:"latency"`
}

type bucket struct {
	Mark      float64 `json:"mark"` // seconds
	Count     int     `json:"count"`
	Frequency float64 `json:"frequency"`
}

type detail struct {
	Timestamp time.Time     `json:"timestamp"`
	Latency   time.Duration `json:"latency"`
	Error     string        `json:"error"`
	Status    string        `json:"status"`
}

// maxDetails is ghz's cap on the kept per-call details.
const maxDetails = 1000000

// newReport computes ghz's statistics the way its reporter does (runner/reporter.go).
func newReport(c *config, results []result, total time.Duration, reason string) *report {
	if c.SkipFirst > 0 {
		sort.Slice(results, func(i, j int) bool { return results[i].timestamp.Before(results[j].timestamp) })
		if c.SkipFirst >= len(results) {
			results = nil
		} else {
			results = results[c.SkipFirst:]
		}
	}
	r := &report{
		Name: c.Name, EndReason: reason, Date: time.Now().Format(time.RFC3339), Total: total,
		ErrorDist: map[string]int{}, StatusCodeDist: map[string]int{}, Options: options(c),
	}
	var sum float64
	var kept []float64
	for _, res := range results {
		r.Count++
		sum += res.latency.Seconds()
		r.StatusCodeDist[res.status]++
		if res.err != "" {
			r.ErrorDist[res.err]++
		}
		if len(r.Details) < maxDetails {
			r.Details = append(r.Details, detail{res.timestamp, res.latency, res.err, res.status})
			if res.err == "" || c.CountErrors {
				kept = append(kept, res.latency.Seconds())
			}
		}
	}
	if r.Count == 0 {
		return r
	}
	r.Average = time.Duration(sum / float64(r.Count) * float64(time.Second))
	r.Rps = float64(r.Count) / total.Seconds()
	sort.Float64s(kept)
	if len(kept) > 0 {
		fastest, slowest := kept[0], kept[len(kept)-1]
		r.Fastest = time.Duration(fastest * float64(time.Second))
		r.Slowest = time.Duration(slowest * float64(time.Second))
		r.Histogram = histogram(kept, slowest, fastest)
		r.LatencyDistribution = percentiles(kept)
	}
	return r
}

func percentiles(sorted []float64) []latencyPoint {
	points := []int{10, 25, 50, 75, 90, 95, 99}
	out := make([]latencyPoint, len(points))
	for i, p := range points {
		at := float64(p) / 100 * float64(len(sorted))
		index := int(at)
		if at == float64(index) {
			index--
		}
		if index < 0 {
			index = 0
		}
		if sorted[index] > 0 {
			out[i] = latencyPoint{p, time.Duration(sorted[index] * float64(time.Second))}
		}
	}
	return out
}

func histogram(sorted []float64, slowest, fastest float64) []bucket {
	const count = 10
	marks := make([]float64, count+1)
	counts := make([]int, count+1)
	step := (slowest - fastest) / count
	for i := 0; i < count; i++ {
		marks[i] = fastest + step*float64(i)
	}
	marks[count] = slowest
	b := 0
	for i := 0; i < len(sorted); {
		if sorted[i] <= marks[b] {
			counts[b]++
			i++
		} else if b < count {
			b++
		} else {
			counts[b]++
			i++
		}
	}
	out := make([]bucket, count+1)
	for i := range out {
		out[i] = bucket{marks[i], counts[i], float64(counts[i]) / float64(len(sorted))}
	}
	return out
}

func options(c *config) map[string]any {
	o := map[string]any{
		"call": c.Call, "host": c.Host, "insecure": c.Insecure, "rps": c.RPS, "concurrency": c.Concurrency,
		"total": c.Total, "connections": c.Connections, "duration": c.Duration, "timeout": c.Timeout,
		"dial-timeout": c.ConnectTimeout, "CPUs": 0, "binary": false,
	}
	if c.Proto != "" {
		o["proto"] = c.Proto
	}
	if len(c.ImportPaths) > 0 {
		o["import-paths"] = c.ImportPaths
	}
	var data any
	if json.Unmarshal(c.Data, &data) == nil {
		o["data"] = data
	}
	if len(c.Metadata) > 0 {
		o["metadata"] = c.Metadata
	}
	if c.Name != "" {
		o["name"] = c.Name
	}
	return o
}

// summary is ghz's default output (printer/template.go's defaultTmpl), character for character.
func (r *report) summary() string {
	var out strings.Builder
	out.WriteString("\nSummary:\n")
	if r.Name != "" {
		fmt.Fprintf(&out, "  Name:\t\t%s\n", r.Name)
	}
	fmt.Fprintf(&out, "  Count:\t%d\n", r.Count)
	fmt.Fprintf(&out, "  Total:\t%s\n", nanoUnit(r.Total))
	fmt.Fprintf(&out, "  Slowest:\t%s\n", nanoUnit(r.Slowest))
	fmt.Fprintf(&out, "  Fastest:\t%s\n", nanoUnit(r.Fastest))
	fmt.Fprintf(&out, "  Average:\t%s\n", nanoUnit(r.Average))
	fmt.Fprintf(&out, "  Requests/sec:\t%4.2f\n", r.Rps)
	out.WriteString("\nResponse time histogram:\n")
	out.WriteString(histogramText(r.Histogram))
	out.WriteString("\nLatency distribution:")
	for _, p := range r.LatencyDistribution {
		fmt.Fprintf(&out, "\n  %d %% in %s ", p.Percentage, nanoUnit(p.Latency))
	}
	out.WriteString("\n\n")
	if len(r.StatusCodeDist) > 0 {
		out.WriteString("Status code distribution:\n")
		out.WriteString(table(r.StatusCodeDist, func(k string, v int) string { return fmt.Sprintf("  [%s]\t%d responses\t\n", k, v) }))
	}
	out.WriteString("\n")
	if len(r.ErrorDist) > 0 {
		out.WriteString("Error distribution:\n")
		out.WriteString(table(r.ErrorDist, func(k string, v int) string { return fmt.Sprintf("  [%d]\t%s\t\n", v, k) }))
	}
	return out.String()
}

func nanoUnit(d time.Duration) string {
	v := d.Nanoseconds()
	if v < 10000 {
		return fmt.Sprintf("%+v ns", v)
	}
	ms := float64(v) / 1e6
	if ms < 1000 {
		return fmt.Sprintf("%4.2f ms", ms)
	}
	return fmt.Sprintf("%4.2f s", ms/1000)
}

func histogramText(buckets []bucket) string {
	maxMark, maxCount := 0.0, 0
	for _, b := range buckets {
		if b.Mark > maxMark {
			maxMark = b.Mark
		}
		if b.Count > maxCount {
			maxCount = b.Count
		}
	}
	mark := func(m float64) string { return fmt.Sprintf("%.3f", m*1000) }
	markWidth, countWidth := len(mark(maxMark)), len(fmt.Sprint(maxCount))
	var out strings.Builder
	for _, b := range buckets {
		bar := 0
		if maxCount > 0 {
			bar = (b.Count*40 + maxCount/2) / maxCount
		}
		m, n := mark(b.Mark), fmt.Sprint(b.Count)
		fmt.Fprintf(&out, "  %s%s [%v]%s |%v\n", m, strings.Repeat(" ", markWidth-len(m)), n, strings.Repeat(" ", countWidth-len(n)), strings.Repeat("∎", bar))
	}
	return out.String()
}

// table aligns lines as ghz's tabwriter does (padding 3), in a stable order.
func table(values map[string]int, line func(string, int) string) string {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	w := tabwriter.NewWriter(&buf, 0, 0, 3, ' ', 0)
	for _, k := range keys {
		fmt.Fprint(w, line(k, values[k]))
	}
	_ = w.Flush()
	return buf.String()
}
