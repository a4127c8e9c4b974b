#!/usr/bin/env bash
# Starts the whole cluster on its default model and demo data: the encoder, candidate retrieval,
# the interest model, ranking and the gateway, each its own process, data under .run/data (kept
# between runs), logs under .run/logs. Loads the demo store when the catalog is empty, prints the
# URLs and an example call, and stops everything on Ctrl-C. `make run` builds first.
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

pids=()
stop() {
    local code=$?
    trap - INT TERM EXIT
    echo
    echo "Stopping..."
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 100); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [[ $alive == 0 ]] && break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
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
    # shellcheck disable=SC2086
    dotnet "$assembly" --Hosting:GrpcPort="$grpc_port" --Hosting:HttpPort="$http_port" $extra >"$run_dir/logs/$name.log" 2>&1 &
    pids+=($!)
    echo "started $name (pid $!, gRPC :$grpc_port, HTTP :$http_port, log .run/logs/$name.log)"
done

echo -n "waiting for every service to be ready"
for entry in "${services[@]}"; do
    read -r name _ http_port _ <<<"$entry"
    for attempt in $(seq 600); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$http_port" && printf 'GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 && head -1 <&3 | grep -q ' 200 ') 2>/dev/null; then
            break
        fi
        for pid in "${pids[@]}"; do
            kill -0 "$pid" 2>/dev/null || { echo; echo "A service exited during start; see .run/logs/. Last lines of $name's log:" >&2; tail -20 "$run_dir/logs/$name.log" >&2; exit 1; }
        done
        [[ $attempt == 600 ]] && { echo; echo "$name was not ready after 5 minutes; see .run/logs/$name.log" >&2; exit 1; }
        sleep 0.5
    done
    echo -n " $name"
done
echo

# Ranking learns from the demo users before anyone asks (issue 12): the store is loaded without each user's last
# event, the trainer snapshots what the pipeline would rank for everyone, the last events follow, and the trainer
# labels the snapshot with them, trains, and loads the weights into ranking when they beat the built-in ones.
demo=(dotnet "$(dll gateway/DemoData Recommender.DemoData)" --gateway http://127.0.0.1:8081 --api-key "$admin_key" --now "$(date +%s)")
trainer=(dotnet "$(dll services/RankingTrainer Recommender.RankingTrainer)" --state "$run_dir/data/trainer/snapshot.pb" --active-within-days 90)
loaded=$("${demo[@]}" --hold-back-last 1) || { echo "Loading the demo data failed." >&2; exit 1; }
echo "$loaded"
if [[ $loaded == *Recorded* ]]; then
    { "${trainer[@]}" snapshot && "${demo[@]}" --held-back-only; } || { echo "Loading the demo data failed." >&2; exit 1; }
fi
"${trainer[@]}" run || echo "The ranking trainer failed (see above); ranking keeps the weights it serves." >&2

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

Ctrl-C stops everything.
TEXT
wait -n "${pids[@]}"
echo "A service exited; stopping the others. See .run/logs/." >&2
exit 1
