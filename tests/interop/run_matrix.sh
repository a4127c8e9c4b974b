#!/usr/bin/env bash
# Runs every interop client (language) through every case against one server and prints the matrix.
#
#   tests/interop/run_matrix.sh HOST:PORT [--languages python,go,node] [--cases a,b,...] [--timeout SECONDS]
#                               [--client NAME=COMMAND]...
#
# --client adds another client as a column (e.g. --client 'csharp=dotnet path/Interop.Client.dll');
# it is run as COMMAND --server_host=H --server_port=P --test_case=C and must exit 0 on pass. Without
# --languages, the built-in clients and every --client run. Builds what is missing first (quick
# when already built). Cases run one after another, each bounded
# by --timeout (default 30 s, or $INTEROP_CASE_TIMEOUT) so a hang is a failure, not a stall. The last
# line is exactly "N passed, N failed"; the exit status is non-zero when anything failed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ALL_LANGUAGES=(python go node)
ALL_CASES=(
    empty_unary large_unary client_streaming server_streaming ping_pong empty_stream
    status_code_and_message special_status_message custom_metadata
    unimplemented_method unimplemented_service
    timeout_on_sleeping_server cancel_after_begin cancel_after_first_response
    health_check health_watch reflection_v1 reflection_v1alpha
)

usage() {
    echo "usage: $0 HOST:PORT [--languages $(IFS=,; echo "${ALL_LANGUAGES[*]}")] [--cases case,...] [--timeout SECONDS] [--client NAME=COMMAND]..." >&2
    echo "cases: ${ALL_CASES[*]}" >&2
    exit 2
}

contains() { local want="$1"; shift; local item; for item; do [[ "$item" == "$want" ]] && return 0; done; return 1; }

[[ $# -ge 1 && "$1" == *:* ]] || usage
target="$1"; shift
port="${target##*:}"
host="${target%:*}"; host="${host#[}"; host="${host%]}"
[[ "$port" =~ ^[0-9]+$ && "$port" -ge 1 && "$port" -le 65535 && -n "$host" ]] || usage
languages=()
cases=("${ALL_CASES[@]}")
case_timeout="${INTEROP_CASE_TIMEOUT:-30}"
declare -A extra_clients
extra_names=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --languages) [[ $# -ge 2 ]] || usage; IFS=, read -ra languages <<<"$2"; shift 2 ;;
        --client)
            [[ $# -ge 2 && "$2" =~ ^[a-z0-9_-]+=.+ ]] || usage
            extra_clients[${2%%=*}]="${2#*=}"; extra_names+=("${2%%=*}"); shift 2 ;;
        --cases) [[ $# -ge 2 ]] || usage; IFS=, read -ra cases <<<"$2"; shift 2 ;;
        --timeout) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -ge 1 ]] || usage; case_timeout="$2"; shift 2 ;;
        *) usage ;;
    esac
done
[[ ${#languages[@]} -gt 0 ]] || languages=("${ALL_LANGUAGES[@]}" "${extra_names[@]}")
for language in "${languages[@]}"; do
    contains "$language" "${ALL_LANGUAGES[@]}" || [[ -n "${extra_clients[$language]:-}" ]] || { echo "unknown language: $language" >&2; usage; }
done
for name in "${cases[@]}"; do contains "$name" "${ALL_CASES[@]}" || { echo "unknown case: $name" >&2; usage; }; done

client_command() {
    case "$1" in
        python) echo /usr/bin/python3 "$here/python/client.py" ;;
        go) echo "$here/go/bin/interop_client" ;;
        node) echo node "$here/node/client.js" ;;
        *) echo "${extra_clients[$1]}" ;;
    esac
}

declare -A result reason build_error
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for language in "${languages[@]}"; do
    [[ -x "$here/$language/build.sh" ]] || continue  # a --client brings its own build
    if ! "$here/$language/build.sh" >"$work/build.log" 2>&1; then
        build_error[$language]="build failed: $(tail -n 1 "$work/build.log")"
        cat "$work/build.log" >&2
    fi
done

started=$SECONDS
declare -A seconds_of
for language in "${languages[@]}"; do
    language_started=$SECONDS
    read -ra command <<<"$(client_command "$language")"
    for name in "${cases[@]}"; do
        key="$name/$language"
        if [[ -n "${build_error[$language]:-}" ]]; then
            result[$key]=FAIL; reason[$key]="${build_error[$language]}"; continue
        fi
        timeout --kill-after=5 "$case_timeout" "${command[@]}" \
            --server_host="$host" --server_port="$port" --test_case="$name" >"$work/out" 2>&1
        status=$?
        if [[ $status == 0 ]]; then
            result[$key]=PASS
        else
            result[$key]=FAIL
            if [[ $status == 124 || $status == 137 ]]; then
                reason[$key]="timed out after ${case_timeout}s"
            else
                reason[$key]="$(grep -m1 '^FAIL' "$work/out" || grep -v '^\s*$' "$work/out" | tail -n 1)"
                reason[$key]="${reason[$key]:-exit status $status, no output}"
            fi
        fi
    done
    seconds_of[$language]=$((SECONDS - language_started))
done

passed=0 failed=0
declare -A width
for language in "${languages[@]}"; do width[$language]=$(( ${#language} > 6 ? ${#language} : 6 )); done
printf '%-28s' case; for language in "${languages[@]}"; do printf " %-${width[$language]}s" "$language"; done; echo
for name in "${cases[@]}"; do
    printf '%-28s' "$name"
    for language in "${languages[@]}"; do
        printf " %-${width[$language]}s" "${result[$name/$language]}"
        if [[ "${result[$name/$language]}" == PASS ]]; then ((passed++)); else ((failed++)); fi
    done
    echo
done
printf '%-28s' seconds; for language in "${languages[@]}"; do printf " %-${width[$language]}s" "${seconds_of[$language]}"; done; echo
if [[ $failed -gt 0 ]]; then
    echo "Failures:"
    for language in "${languages[@]}"; do
        for name in "${cases[@]}"; do
            [[ "${result[$name/$language]}" == FAIL ]] && echo "  $language $name: ${reason[$name/$language]}"
        done
    done
fi
echo "interop against $host:$port: $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
