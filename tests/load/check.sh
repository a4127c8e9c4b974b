#!/usr/bin/env bash
# The load profiles and the clients against a live cluster, for `make test` (scripts/test.sh): starts the
# gateway bench's own cluster (tests/bench/GatewayBench --serve: the 4 services and the gateway as processes on
# free loopback ports, make run's demo keys and a demo store of 1,000 items and 300 users), then
#   - runs every ghz profile in tests/load for 2 s with the ghz-compatible driver and checks ghz's JSON report
#     (every call OK, the latency distribution and histogram there) and, once, ghz's summary text; with
#     --duration-stop wait, so calls slower than the 2 s on a busy machine still count;
#   - checks templates ({{.RequestNumber}} gives 0, 1, 2: three distinct event ids, counted once each on a rerun),
#     --proto instead of reflection, and that refused calls land in the status and error distributions;
#   - runs the Python, Go and Node clients and checks their answers against the REST API's for the same user,
#     once with a read-write key and once with a throttled key whose burst is spent (they must retry and succeed).
# Each step is bounded by a timeout. The last line is exactly "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
configuration="${CONFIGURATION:-Release}"
bench="tests/bench/GatewayBench/bin/$configuration/net10.0/Recommender.Bench.GatewayBench.dll"
driver="tests/load/bin/ghz-driver"
work="$(mktemp -d)"
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "  ok    $1"; }
fail() { failed=$((failed + 1)); echo "  FAIL  $1"; [[ -n "${2:-}" ]] && head -c 2000 <<<"$2" | sed 's/^/        /'; echo; }
finish() {
    [[ -n "${cluster:-}" ]] && kill -TERM "$cluster" 2>/dev/null && wait "$cluster" 2>/dev/null
    rm -rf "$work"
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
    exit
}
trap finish EXIT

tests/load/build.sh >/dev/null && tests/clients/build.sh >/dev/null || { fail "build the driver and the clients"; exit; }
[[ -f "$bench" ]] || { fail "cluster" "$bench is missing; run make build"; exit; }

# Throttled keys for the retry checks, one per client: read and write, a burst of 3 and a token every 3.3 s. Just
# before its client runs, three REST calls spend the burst, so the client's calls are refused until it retries.
throttled=()
for i in 0 1 2; do
    n=$((8 + i))
    throttled+=(--gateway-setting "Gateway:Auth:Keys:$n:Name=throttled-$i" --gateway-setting "Gateway:Auth:Keys:$n:Key=throttled-key-$i"
        --gateway-setting "Gateway:Auth:Keys:$n:Roles:0=read" --gateway-setting "Gateway:Auth:Keys:$n:Roles:1=write"
        --gateway-setting "Gateway:Auth:Keys:$n:PermitsPerSecond=0.3" --gateway-setting "Gateway:Auth:Keys:$n:Burst=3")
done
# Generous backend timeouts: these checks are about the driver and the clients, and CI machines are slow and shared.
# The cluster lives while this script does: its standard input ends when the script is gone.
dotnet "$bench" --serve "$work/cluster.json" --items 1000 --gateway-setting Gateway:Resilience:WriteTimeoutMs=60000 \
    --gateway-setting Gateway:Resilience:ReadTimeoutMs=10000 "${throttled[@]}" \
    > "$work/cluster.log" 2>&1 < <(while kill -0 $$ 2>/dev/null; do sleep 1; done) &
cluster=$!
for _ in $(seq 300); do
    [[ -f "$work/cluster.json" ]] && break
    kill -0 "$cluster" 2>/dev/null || break
    sleep 0.5
done
[[ -f "$work/cluster.json" ]] || { fail "cluster start" "$(tail -20 "$work/cluster.log")"; exit; }
pass "cluster start ($(jq -r '"gateway \(.gateway), encoder \(.encoder)"' "$work/cluster.json"))"
gateway="$(jq -r .gateway "$work/cluster.json")"
http="$(jq -r .http "$work/cluster.json")"
encoder="$(jq -r .encoder "$work/cluster.json")"

# Profiles name make run's ports; here the same processes are on free ports.
address_for() { case "$(jq -r .host "$1")" in *:8081) echo "$gateway" ;; *:50051) echo "$encoder" ;; *) echo "unknown" ;; esac; }

for profile in tests/load/*.json; do
    name="profile $(basename "$profile" .json)"
    out="$work/$(basename "$profile")"
    if ! error="$(timeout 60 "$driver" --config "$profile" -z 2s -t 30s --duration-stop wait -O json -o "$out" "$(address_for "$profile")" 2>&1)"; then
        fail "$name" "$error"
        continue
    fi
    verdict="$(jq -r --arg call "$(jq -r .call "$profile")" '
        if .count < 1 then "no calls"
        elif .statusCodeDistribution != {"OK": .count} then "status codes \(.statusCodeDistribution)"
        elif (.errorDistribution | length) > 0 then "errors \(.errorDistribution)"
        elif (.latencyDistribution | map(.percentage)) != [10,25,50,75,90,95,99] then "latency distribution \(.latencyDistribution)"
        elif (.histogram | length) != 11 or (.histogram | map(.count) | add) != .count then "histogram \(.histogram)"
        elif .options.call != $call or .endReason != "timeout" or .rps <= 0 then "options, end reason or rps"
        else "ok" end' "$out")"
    [[ "$verdict" == ok ]] && pass "$name: $(jq -r '"\(.count) calls, \(.rps | floor)/s, p99 \(.latencyDistribution[6].latency / 1e6 | floor) ms"' "$out")" || fail "$name" "$verdict"
done

summary="$(timeout 60 "$driver" --config tests/load/recommend.json -z 2s -t 30s --duration-stop wait "$gateway" 2>&1)"
missing=""
for pattern in '^Summary:$' $'^  Name:\t\tRecommend through the gateway$' $'^  Count:\t[0-9]+$' $'^  Total:\t[0-9.]+ (ms|s)$' $'^  Slowest:\t' $'^  Fastest:\t' $'^  Average:\t' \
    $'^  Requests/sec:\t[0-9]+\\.[0-9]{2}$' '^Response time histogram:$' '^  [0-9]+\.[0-9]{3} +\[[0-9]+\] +\|' '^Latency distribution:$' '^  99 % in [0-9.]+ (ms|s) $' \
    '^Status code distribution:$' '^  \[OK\] +[0-9]+ responses +$'; do
    grep -Eq "$pattern" <<<"$summary" || missing+="missing line /$pattern/; "
done
[[ -z "$missing" ]] && ! grep -q 'Error distribution' <<<"$summary" && pass "ghz summary format" || fail "ghz summary format" "$missing"$'\n'"$summary"

# {{.RequestNumber}}: three calls give three event ids (0, 1, 2); the same three again are duplicates.
template='{"events":[{"event_id":"template-check-{{.RequestNumber}}","user_id":"ghz-template-user","item_id":"item-00001","action":"ACTION_VIEW","timestamp":"{{.Timestamp}}"}]}'
for round in 1 2; do
    timeout 60 "$driver" --call recsys.v1.Recommender/RecordEvents --insecure -n 3 -c 1 -m '{"x-api-key": "demo-write-key"}' -d "$template" -O json "$gateway" > "$work/template-$round.json" 2>&1
done
events="$(curl -s -m 10 -H 'x-api-key: demo-read-key' "http://$http/v1/users/ghz-template-user/interests" | jq -r .eventCount)"
[[ "$(jq -r '.statusCodeDistribution.OK' "$work/template-1.json" "$work/template-2.json" | tr '\n' ' ')" == "3 3 " && "$events" == 3 ]] \
    && pass "templates: {{.RequestNumber}} and {{.Timestamp}} (6 calls, 3 distinct events)" || fail "templates" "event count $events; $(cat "$work"/template-*.json | head -c 500)"

out="$(timeout 60 "$driver" --call recsys.v1.Encoder/Encode --proto protos/recsys/v1/encoder.proto -i protos --insecure -n 10 -c 2 -d '{"texts": ["{{randomString 12}} wireless headphones"]}' -O json "$encoder" 2>&1)"
[[ "$(jq -c '.statusCodeDistribution' <<<"$out" 2>/dev/null)" == '{"OK":10}' ]] && pass "--proto instead of reflection" || fail "--proto instead of reflection" "$out"

out="$(timeout 60 "$driver" --config tests/load/recommend.json -m '{"x-api-key": "not-a-key"}' -n 4 -c 1 -z 0 -O json "$gateway" 2>&1)"
[[ "$(jq -c '[.statusCodeDistribution, (.errorDistribution | to_entries | map(.value) | add)]' <<<"$out" 2>/dev/null)" == '[{"Unauthenticated":4},4]' ]] \
    && pass "refused calls in the status and error distributions" || fail "refused calls in the status and error distributions" "$out"

# The clients: each answer must be what the REST API says about the same user.
client_command() {
    case "$1" in
        python) echo /usr/bin/python3 tests/clients/python/client.py ;;
        go) echo tests/clients/go/bin/recommender_client ;;
        node) echo node tests/clients/node/client.js ;;
    esac
}
languages=(python go node)
for i in 0 1 2; do
    language="${languages[$i]}"
    for key in demo-write-key "throttled-key-$i"; do
        user="client-$language-$key-$$"
        name="$language client ($key)"
        retry=()
        if [[ $key == throttled-* ]]; then
            for _ in 1 2 3; do curl -s -o /dev/null -m 10 -H "x-api-key: $key" "http://$http/v1/users/$user/interests"; done
            retry=(--attempts 10)
        fi
        # shellcheck disable=SC2046
        if ! out="$(timeout 90 $(client_command "$language") --target "$gateway" --api-key "$key" --user "$user" --items item-00001,item-00002,item-00008 --k 5 "${retry[@]}" 2>&1)"; then
            fail "$name" "$out"
            continue
        fi
        interests="$(curl -s -m 10 -H 'x-api-key: demo-read-key' "http://$http/v1/users/$user/interests")"
        recommendations="$(curl -s -m 10 -H 'x-api-key: demo-read-key' "http://$http/v1/users/$user/recommendations?k=5")"
        verdict="$(jq -r --argjson interests "$interests" --argjson recommendations "$recommendations" --arg throttled "$([[ $key == throttled-* ]] && echo yes)" '
            ($interests.topInterests | map({category: .categoryPath, probability})) as $rest_interests
            | ($recommendations.items | map({itemId: .item.id, reason: .reason.text})) as $rest_items
            | if .recorded.accepted != 3 or .eventCount != 3 then "recorded \(.recorded), event count \(.eventCount)"
              elif (.interests | map(.category)) != ($rest_interests | map(.category)) then "interests \(.interests) vs REST \($rest_interests)"
              elif ([.interests, $rest_interests] | transpose | map((.[0].probability - .[1].probability) | fabs < 1e-6) | all | not) then "interest probabilities differ from REST"
              elif (.recommendations | length) != 5 or (.recommendations | map({itemId, reason})) != $rest_items then "recommendations \(.recommendations) vs REST \($rest_items)"
              elif (.recommendations | map(.reason | length > 0) | all | not) then "a recommendation without a reason"
              elif ($throttled == "yes" and .retries < 1) then "no retry with the throttled key"
              else "ok" end' <<<"$out" 2>&1)"
        [[ "$verdict" == ok ]] && pass "$name: same answers as REST, $(jq -r .retries <<<"$out") retries" || fail "$name" "$verdict"$'\n'"$out"
    done
done
