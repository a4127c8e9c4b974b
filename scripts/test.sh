#!/usr/bin/env bash
# Runs every test suite of the repository and ends with one line "N passed, N failed" that sums
# them all: the xunit projects under tests/, and the interop matrix (Python, Go and Node clients
# against our C# server; our C# client against the grpcio reference server). Expects `make build`
# and `make models` to have run (the Makefile's `test` target does both).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
configuration="${CONFIGURATION:-Release}"
passed=0
failed=0
declare -a summary=()

skipped=0

count() { # NAME PASSED FAILED [SKIPPED]
    passed=$((passed + $2))
    failed=$((failed + $3))
    skipped=$((skipped + ${4:-0}))
    summary+=("$(printf '%-34s %5d passed %5d failed %5d skipped' "$1" "$2" "$3" "${4:-0}")")
}

# Every test project of the solution (IsTestProject), so a suite added to the solution is run.
test_projects() {
    dotnet sln Recommender.sln list | grep -E '\.csproj$' | sort | while read -r project; do
        grep -q '<IsTestProject>true</IsTestProject>' "$project" && echo "$project"
    done
}

run_xunit() { # PROJECT: a suite that runs no test counts as a failure
    local project="$1" name log
    name="$(basename "$(dirname "$project")")"
    log="$(mktemp)"
    echo "== $name"
    dotnet test "$project" -c "$configuration" --no-build --nologo --blame-hang-timeout 5m 2>&1 | tee "$log" | grep -E '^\s*(Failed|Passed|Skipped) |Failed!|Passed!|error|Aborted' || true
    local line total
    line="$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+' "$log" | tail -1)"
    if [[ -z "$line" ]]; then
        echo "   $name did not report results (crash, build problem or no test); counted as 1 failure"
        tail -20 "$log"
        count "$name" 0 1
    else
        total="$(sed -E 's/.*Total: +([0-9]+).*/\1/' <<<"$line")"
        count "$name" "$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")" \
            "$(( $(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line") + (total == 0 ? 1 : 0) ))" \
            "$(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$line")"
        [[ $total == 0 ]] && echo "   $name ran no test; counted as 1 failure"
        # Why each test failed (message and the top of the stack), so a CI log is enough to start from.
        if grep -q '^Failed!' <<<"$line"; then
            grep -E -A14 '^\s*Error Message:' "$log" | head -120 || true
        fi
    fi
    rm -f "$log"
}

run_script() { # NAME COMMAND...: a script that ends with "N passed, N failed"
    local name="$1" log line
    shift
    log="$(mktemp)"
    echo "== $name"
    "$@" 2>&1 | tee "$log" | grep -v '^ok ' || true
    line="$(tail -1 "$log")"
    if [[ "$line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        count "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    else
        count "$name" 0 1
    fi
    rm -f "$log"
}
run_matrix() { local name="$1"; shift; run_script "$name" tests/interop/run_matrix.sh "$@"; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

for project in $(test_projects); do
    run_xunit "$project"
done

# The behaviour model's trainer (Python, Debian's python3-torch): pytest's own counts. A failing exit
# status without a failure in the counts (a crash; 5: no tests collected) counts as one failure.
echo "== behaviour model trainer (pytest)"
log="$(mktemp)"
(cd services/Encoder/BehaviourModel && /usr/bin/python3 -m pytest -q -p no:cacheprovider tests) >"$log" 2>&1
pytest_status=$?
tail -25 "$log"
pytest_counts="$(grep -E '[0-9]+ (passed|failed|errors?)|no tests ran' "$log" | tail -1)"
pytest_passed="$(sed -nE 's/.*\b([0-9]+) passed.*/\1/p' <<<"$pytest_counts")"
pytest_failed="$(sed -nE 's/.*\b([0-9]+) failed.*/\1/p' <<<"$pytest_counts")"
pytest_errors="$(sed -nE 's/.*\b([0-9]+) errors?.*/\1/p' <<<"$pytest_counts")"
pytest_failed=$(( ${pytest_failed:-0} + ${pytest_errors:-0} ))
if [[ $pytest_status != 0 && $pytest_failed == 0 ]]; then
    echo "   pytest exited with $pytest_status without a failed test in its counts; counted as 1 failure"
    pytest_failed=1
fi
count "behaviour model trainer (pytest)" "${pytest_passed:-0}" "$pytest_failed"
rm -f "$log"

# Kubernetes manifests and the Dockerfile, checked against each other and the code (no cluster here).
run_script "k8s manifests and Dockerfile" tests/k8s/check_manifests.py

interop_out="tests/interop/InteropServer/bin/$configuration/net10.0"
port="$(free_port)"
dotnet "$interop_out/InteropServer.dll" --Hosting:GrpcPort="$port" --Hosting:HttpPort="$(free_port)" >"${TMPDIR:-/tmp}/interop-server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
done
run_matrix "interop: clients -> C# server" "127.0.0.1:$port"
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null

read -r reference reference_port < <(tests/interop/start_python_server.sh 0)
run_matrix "interop: C# client -> grpcio" "127.0.0.1:$reference_port" --languages csharp \
    --client "csharp=dotnet tests/interop/InteropClient/bin/$configuration/net10.0/Interop.Client.dll"
kill "$reference" 2>/dev/null

# --- Load testing (issue 15): the ghz profiles through the ghz-compatible driver, and the Python, Go and Node
# clients checked against the REST API, all against a live cluster of its own (tests/load/check.sh, about 2 min).
echo "== load profiles and clients"
load_log="$(mktemp)"
timeout 900 tests/load/check.sh 2>&1 | tee "$load_log"
if [[ "$(tail -1 "$load_log")" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    count "load profiles and clients" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
else
    count "load profiles and clients" 0 1
fi
rm -f "$load_log"
# --- end of load testing

# The dashboard in a real browser: Debian's Chromium driven by playwright-core against a real cluster
# on demo data (gateway/Dashboard/test); a screenshot of each view goes to artifacts/test/dashboard.
echo "== dashboard (browser)"
dashboard_log="$(mktemp)"
(cd gateway/Dashboard && SCREENSHOT_DIR="$PWD/../../artifacts/test/dashboard" CONFIGURATION="$configuration" \
    timeout 300 node --test --test-reporter=tap test/*.test.mjs) >"$dashboard_log" 2>&1
grep -E '^ *(not )?ok [0-9]+ - ' "$dashboard_log" | sed 's/^ */   /' || true
dashboard_pass="$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$dashboard_log")"
dashboard_failed="$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$dashboard_log")"
dashboard_cancelled="$(sed -nE 's/^# cancelled ([0-9]+)$/\1/p' "$dashboard_log")"
if [[ -z "$dashboard_pass" || -z "$dashboard_failed" || -z "$dashboard_cancelled" ]]; then
    echo "   the browser test did not report results; counted as 1 failure"
    tail -30 "$dashboard_log"
    count "dashboard (browser)" 0 1
else
    dashboard_fail=$((dashboard_failed + dashboard_cancelled))
    [[ $dashboard_fail != 0 ]] && grep -E -A12 '^ *not ok ' "$dashboard_log" | grep -vE '^ *at ' | head -80
    count "dashboard (browser)" "$dashboard_pass" "$dashboard_fail"
fi
rm -f "$dashboard_log"

echo
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
