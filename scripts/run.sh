#!/usr/bin/env bash
# Starts the whole cluster on its default model and demo data: the encoder, candidate retrieval,
# the interest model, ranking and the gateway, each its own process, data under .run/data (kept
# between runs), logs under .run/logs. Loads the demo store unless a previous start finished loading
# it, prints the URLs and an example call, and stops everything on Ctrl-C. `make run` builds first.
# Supervision, as an orchestrator would: a service that exits after it was ready is restarted with
# exponential backoff (1 s doubling to 30 s, back to 1 s after a minute up), and the terminal says
# so; a service that exits before it was ever ready stops the start with the end of its log.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
configuration="${CONFIGURATION:-Release}"
models="$(cd "${MODELS_DIR:-models}" && pwd)"
run_dir="$repo/.run"
mkdir -p "$run_dir/data" "$run_dir/logs"
admin_key="${RECOMMENDER_ADMIN_KEY:-demo-admin-key}"

dll() { echo "$repo/$1/bin/$configuration/net10.0/$2.dll"; }

# The demo's API keys exist only here, on the gateway's command line: a deployed gateway gets its keys
# from its own configuration (k8s/base: a Secret) and has none by default.
demo_keys=(
    --Gateway:Auth:Keys:0:Name=demo-reader --Gateway:Auth:Keys:0:Key=demo-read-key --Gateway:Auth:Keys:0:Roles:0=read
    --Gateway:Auth:Keys:1:Name=demo-writer --Gateway:Auth:Keys:1:Key=demo-write-key --Gateway:Auth:Keys:1:Roles:0=read --Gateway:Auth:Keys:1:Roles:1=write
    --Gateway:Auth:Keys:2:Name=demo-admin "--Gateway:Auth:Keys:2:Key=$admin_key" --Gateway:Auth:Keys:2:Roles:0=read --Gateway:Auth:Keys:2:Roles:1=write --Gateway:Auth:Keys:2:Roles:2=admin
    --Gateway:Auth:Keys:2:PermitsPerSecond=5000 --Gateway:Auth:Keys:2:Burst=10000
)

# name, gRPC port, HTTP port, assembly, extra arguments
services=(
    "encoder 50051 9101 $(dll services/Encoder Recommender.Encoder) --Encoder:Runtime:ModelsRoot=$models"
    "candidate-retrieval 50053 9103 $(dll services/CandidateRetrieval Recommender.CandidateRetrieval) --CandidateRetrieval:DataDirectory=$run_dir/data/candidate-retrieval --CandidateRetrieval:EncoderAddress=http://127.0.0.1:50051"
    "interest-model 50052 9102 $(dll services/InterestModel Recommender.InterestModel) --InterestModel:DataDirectory=$run_dir/data/interest-model --InterestModel:CatalogAddress=http://127.0.0.1:50053"
    "ranking 50054 9104 $(dll services/Ranking Recommender.Ranking) --Ranking:WeightsPath=$run_dir/data/ranking/weights.json"
    "gateway 8081 8080 $(dll gateway Recommender.Gateway) ${demo_keys[*]}"
)

state_dir="$run_dir/state"   # per service: .pid (the running process), .ready (ready once)
rm -rf "$state_dir"
mkdir -p "$state_dir"

ready() { # HTTP_PORT: /readyz answers 200
    (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 && head -1 <&3 | grep -q ' 200 ') 2>/dev/null
}

# supervise NAME GRPC_PORT HTTP_PORT ASSEMBLY EXTRA: runs in the background for the life of the cluster.
# Each service gets its own session (setsid), so Ctrl-C reaches only this script, which stops them in order.
supervise() {
    local name="$1" grpc_port="$2" http_port="$3" assembly="$4" extra="$5"
    local log="$run_dir/logs/$name.log" child="" napper="" backoff=1 restarts=0 started code
    trap '[[ -n $napper ]] && kill "$napper" 2>/dev/null; [[ -n $child ]] && kill -TERM "$child" 2>/dev/null && wait "$child"; exit 0' TERM
    : >"$log"
    while true; do
        started=$SECONDS
        # shellcheck disable=SC2086
        setsid dotnet "$assembly" --Hosting:GrpcPort="$grpc_port" --Hosting:HttpPort="$http_port" $extra >>"$log" 2>&1 &
        child=$!
        echo "$child" >"$state_dir/$name.pid"
        while kill -0 "$child" 2>/dev/null && ! ready "$http_port"; do sleep 0.5; done
        if kill -0 "$child" 2>/dev/null; then
            if [[ ! -f "$state_dir/$name.ready" ]]; then
                touch "$state_dir/$name.ready"
            else
                echo "$(date +%T) $name recovered: ready again after restart $restarts (pid $child)"
            fi
        fi
        wait "$child" 2>/dev/null   # no "Killed" job notice: the line below says what happened
        code=$?
        child=""
        [[ -f "$state_dir/stopping" ]] && exit 0
        [[ -f "$state_dir/$name.ready" ]] || exit 1   # never became ready: a configuration or build problem
        (( SECONDS - started >= 60 )) && backoff=1
        restarts=$((restarts + 1))
        echo "$(date +%T) $name exited (code $code); restarting in ${backoff}s (restart $restarts; log .run/logs/$name.log)" >&2
        echo "---- $(date -u +%FT%TZ) supervisor: exited with code $code, restart $restarts in ${backoff}s ----" >>"$log"
        sleep "$backoff" &
        napper=$!
        wait "$napper"
        napper=""
        backoff=$(( backoff * 2 > 30 ? 30 : backoff * 2 ))
    done
}

supervisors=()
stop() {
    local code=$?
    trap - INT TERM EXIT
    echo
    echo "Stopping..."
    touch "$state_dir/stopping"
    for pid in "${supervisors[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 100); do
        alive=0
        for pid in "${supervisors[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [[ $alive == 0 ]] && break
        sleep 0.2
    done
    for file in "$state_dir"/*.pid; do [[ -f $file ]] && kill -KILL "$(cat "$file")" 2>/dev/null; done
    for pid in "${supervisors[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    echo "Stopped."
    exit "$code"
}
trap stop EXIT
trap 'exit 0' INT   # Ctrl-C is how a user stops the cluster: not an error
trap 'exit 143' TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for entry in "${services[@]}"; do
    read -r name grpc_port http_port _ <<<"$entry"
    for port in "$grpc_port" "$http_port"; do
        port_free "$port" || { echo "Port $port (for $name) is in use; stop whatever holds it, or set Hosting:GrpcPort/HttpPort." >&2; trap - EXIT; exit 1; }
    done
done

for entry in "${services[@]}"; do
    read -r name grpc_port http_port assembly extra <<<"$entry"
    [[ -f "$assembly" ]] || { echo "$assembly is missing; run make build." >&2; exit 1; }
    supervise "$name" "$grpc_port" "$http_port" "$assembly" "$extra" &
    supervisors+=($!)
    echo "started $name (gRPC :$grpc_port, HTTP :$http_port, log .run/logs/$name.log)"
done

echo -n "waiting for every service to be ready"
for index in "${!services[@]}"; do
    read -r name _ <<<"${services[$index]}"
    for attempt in $(seq 600); do
        [[ -f "$state_dir/$name.ready" ]] && break
        kill -0 "${supervisors[$index]}" 2>/dev/null || { echo; echo "$name exited during start; the end of .run/logs/$name.log:" >&2; tail -20 "$run_dir/logs/$name.log" >&2; exit 1; }
        [[ $attempt == 600 ]] && { echo; echo "$name was not ready after 5 minutes; see .run/logs/$name.log" >&2; exit 1; }
        sleep 0.5
    done
    echo -n " $name"
done
echo

# Ranking learns from the demo users before anyone asks (issue 12): the store is loaded without each user's last
# event, the trainer snapshots what the pipeline would rank for everyone, the last events follow, and the trainer
# labels the snapshot with them, trains, and loads the weights into ranking when they beat the built-in ones.
# The demo load counts as done only once it has finished: a start interrupted while loading leaves no marker, and
# the next start loads again with --force (items and events are idempotent by id), so a half-loaded store is
# completed instead of counting as loaded.
demo=(dotnet "$(dll gateway/DemoData Recommender.DemoData)" --gateway http://127.0.0.1:8081 --api-key "$admin_key" --now "$(date +%s)")
trainer() { dotnet "$(dll services/RankingTrainer Recommender.RankingTrainer)" "$1" --state "$run_dir/data/trainer/snapshot.pb" --active-within-days 90; }
demo_loaded="$run_dir/data/demo-data.loaded"
load_demo_data() {
    if [[ -f "$demo_loaded" ]]; then
        echo "Demo data: loaded by an earlier start (delete .run/data/${demo_loaded##*/} to load it again)."
        return 0
    fi
    local loaded
    loaded=$("${demo[@]}" --force --hold-back-last 1) || return 1
    echo "$loaded"
    if [[ $loaded == *Recorded* ]]; then
        { trainer snapshot && "${demo[@]}" --held-back-only; } || return 1
    fi
    touch "$demo_loaded"
}
load_demo_data || echo "Loading the demo data failed (the cluster keeps running; the next start completes the load)." >&2
trainer run || echo "The ranking trainer failed (see above); ranking keeps the weights it serves." >&2

cat <<TEXT

Recommender is running.
  Dashboard      http://127.0.0.1:8080/             (API key for the form: demo-read-key)
  REST           http://127.0.0.1:8080/v1/...
  gRPC           127.0.0.1:8081 (Recommender facade; Encoder, InterestModel, CandidateRetrieval, Ranking routed by name)
  Status         http://127.0.0.1:8080/v1/status
  Demo API keys  demo-read-key (read), demo-write-key (read, write), demo-admin-key (read, write, admin)

Try:
  curl -s -H 'x-api-key: demo-read-key' 'http://127.0.0.1:8080/v1/users/user-0001/recommendations?k=5'
  grpcurl -plaintext -H 'x-api-key: demo-read-key' -d '{"user_id": "user-0001", "k": 5}' 127.0.0.1:8081 recsys.v1.Recommender/Recommend

A service that exits is restarted with backoff (shown here). Ctrl-C stops everything.
TEXT
wait -n "${supervisors[@]}"
echo "A supervisor stopped unexpectedly; stopping the others. See .run/logs/." >&2
exit 1
