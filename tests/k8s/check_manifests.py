#!/usr/bin/env python3
"""Checks k8s/ and the Dockerfile against each other and against the code, since no cluster and no
container engine run here. Renders every overlay with `kubectl kustomize` and checks, per overlay:
selectors match labels; every Service port leads to a container port that the process is told to
listen on (--Hosting:GrpcPort/HttpPort), under configuration keys the code defines; probes point at
endpoints the code maps; every address a workload is configured with names a Service and its gRPC
port; the NetworkPolicies allow exactly those calls plus outside -> gateway, monitoring -> /metrics
and DNS; pods are non-root with a read-only root file system; HPAs and PDBs fit their workloads;
no API keys ship; the gpu overlay requests a GPU. Then reads the Dockerfile: it installs and
publishes what the manifests and projects need. Prints one line per check and "N passed, N failed".

Usage: tests/k8s/check_manifests.py [repository root]
"""
import glob
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
passed, failed = 0, 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {name}")
    else:
        failed += 1
        print(f"FAIL  {name}" + (f": {detail}" if detail else ""))


def source(*patterns):
    text = []
    for pattern in patterns:
        for path in glob.glob(os.path.join(ROOT, pattern), recursive=True):
            if "/bin/" not in path and "/obj/" not in path:
                with open(path, encoding="utf-8", errors="replace") as f:
                    text.append(f.read())
    return "\n".join(text)


CODE = {  # configuration root -> the source that defines its keys
    "Hosting": source("services/Shared/Hosting/**/*.cs"),
    "Encoder": source("services/Encoder/**/*.cs"),
    "CandidateRetrieval": source("services/CandidateRetrieval/**/*.cs"),
    "InterestModel": source("services/InterestModel/**/*.cs"),
    "Ranking": source("services/Ranking/**/*.cs"),
    "Gateway": source("gateway/**/*.cs"),
}
ALL_CODE = source("services/**/*.cs", "gateway/**/*.cs")


def key_defined(key):
    """A configuration key (A:B:0:C) is defined when its root is known and its last named segment is a
    settable property of that code (a dictionary key such as a service name is not a property)."""
    parts = [p for p in key.split(":") if not p.isdigit()]
    if parts[0] not in CODE:
        return False
    return re.search(r"public [\w<>?,\[\] ]+ " + re.escape(parts[-1]) + r" \{ get; (set|init); \}", CODE[parts[0]]) is not None


def render(overlay):
    out = subprocess.run(["kubectl", "kustomize", overlay], capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip()
    return [d for d in yaml.safe_load_all(out.stdout) if d], ""


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def settings_of(container, config_map):
    """The configuration a container gets: --Key=value arguments, env and envFrom ConfigMap entries."""
    settings = {}
    for arg in container.get("args", []):
        m = re.fullmatch(r"--([\w:.-]+)=(.*)", arg)
        if m:
            settings[m.group(1)] = m.group(2)
    for source_ in container.get("envFrom", []):
        if "configMapRef" in source_:
            settings.update({k.replace("__", ":"): v for k, v in config_map.get(source_["configMapRef"]["name"], {}).items()})
    for env in container.get("env", []):
        settings[env["name"].replace("__", ":")] = env.get("value", "")
    return settings


def check_overlay(overlay, docs, dockerfile):
    name = os.path.basename(overlay.rstrip("/"))
    kinds = lambda k: [d for d in docs if d["kind"] == k]
    workloads = {d["metadata"]["name"]: d for d in kinds("Deployment") + kinds("StatefulSet")}
    services = {d["metadata"]["name"]: d for d in kinds("Service")}
    config_maps = {d["metadata"]["name"]: d.get("data", {}) for d in kinds("ConfigMap")}
    # ConfigMaps are renamed with a hash suffix; envFrom refers to the renamed one.
    pods = {w: d["spec"]["template"] for w, d in workloads.items()}
    labels = {w: p["metadata"]["labels"] for w, p in pods.items()}
    container = {w: p["spec"]["containers"][0] for w, p in pods.items()}
    ports = {w: {p["name"]: p["containerPort"] for p in c.get("ports", [])} for w, c in container.items()}
    settings = {w: settings_of(c, config_maps) for w, c in container.items()}
    prefix = f"{name}: "

    check(prefix + "five workloads", sorted(workloads) == ["candidate-retrieval", "encoder", "gateway", "interest-model", "ranking"], sorted(workloads))
    for w, d in workloads.items():
        check(prefix + f"{w} selector matches its pod labels", matches(d["spec"]["selector"]["matchLabels"], labels[w]))
        selecting = [s for s, sd in services.items() if matches(sd["spec"].get("selector"), labels[w])]
        check(prefix + f"{w} has exactly one Service", selecting == [w], selecting)
        if d["kind"] == "StatefulSet":
            svc = services.get(d["spec"].get("serviceName"), {})
            check(prefix + f"{w} serviceName is a headless Service", svc.get("spec", {}).get("clusterIP") == "None")
        for key in settings[w]:
            if not key.startswith("DOTNET_"):
                check(prefix + f"{w} setting {key} is defined in the code", key_defined(key))
        check(prefix + f"{w} listens where its ports say",
              ports[w].get("grpc") == int(settings[w].get("Hosting:GrpcPort", -1)) and ports[w].get("http") == int(settings[w].get("Hosting:HttpPort", -1)),
              f"ports {ports[w]}, settings GrpcPort={settings[w].get('Hosting:GrpcPort')} HttpPort={settings[w].get('Hosting:HttpPort')}")
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            get = container[w].get(probe, {}).get("httpGet")
            ok = get is not None and get["port"] == "http" and f'"{get["path"]}"' in ALL_CODE
            check(prefix + f"{w} {probe} is an HTTP endpoint the code maps", ok, get)
        assembly = container[w]["args"][0]
        m = re.fullmatch(r"/app/([\w-]+)/([\w.]+)\.dll", assembly)
        check(prefix + f"{w} runs an assembly the image publishes", m is not None and published(dockerfile).get(m.group(1)) == m.group(2), assembly)
        pod_security = pods[w]["spec"].get("securityContext", {})
        container_security = container[w].get("securityContext", {})
        check(prefix + f"{w} runs as the image's non-root user with fsGroup",
              pod_security.get("runAsNonRoot") is True and pod_security.get("runAsUser") == image_user(dockerfile) and "fsGroup" in pod_security)
        check(prefix + f"{w} has a read-only root file system and no privilege escalation",
              container_security.get("readOnlyRootFilesystem") is True and container_security.get("allowPrivilegeEscalation") is False
              and container_security.get("capabilities", {}).get("drop") == ["ALL"])
        gpu = container[w].get("resources", {}).get("limits", {}).get("nvidia.com/gpu")
        if name == "gpu" and w == "encoder":
            spec = pods[w]["spec"]
            check(prefix + "encoder requests one GPU", gpu == 1 and container[w]["resources"].get("requests", {}).get("nvidia.com/gpu") == 1)
            check(prefix + "encoder runs on GPU nodes", bool(spec.get("nodeSelector")) and any(t.get("key") == "nvidia.com/gpu" for t in spec.get("tolerations", [])))
            check(prefix + "encoder uses the CUDA provider on the GPU image",
                  settings[w].get("Encoder:Runtime:Provider") == "cuda" and container[w]["image"].split(":")[0] == "recommender-gpu")
        else:
            check(prefix + f"{w} requests no GPU", gpu is None)

    for s, sd in services.items():
        target = [w for w in workloads if matches(sd["spec"].get("selector"), labels[w])]
        for port in sd["spec"]["ports"]:
            ok = len(target) == 1 and ports[target[0]].get(port["targetPort"]) == port["port"]
            check(prefix + f"Service {s} port {port['name']} reaches the same container port", ok, port)
        if s != "gateway":
            check(prefix + f"Service {s} is headless (client-side gRPC balancing)", sd["spec"].get("clusterIP") == "None")

    # The calls each workload is configured to make: every address setting names a Service's gRPC port.
    calls = set()
    for w in workloads:
        for key, value in settings[w].items():
            m = re.fullmatch(r"(?:https?://|dns:///)([\w-]+):(\d+)/?", value)
            if not m:
                continue
            host, port = m.group(1), int(m.group(2))
            ok = host in services and any(p["port"] == port and p["name"] == "grpc" for p in services[host]["spec"]["ports"])
            check(prefix + f"{w} {key} names a Service's gRPC port", ok, value)
            if ok:
                calls.add((w, host, port))
    expected = set(calls)
    # The monitoring namespace is outside too: it reaches the gateway's public ports like any client.
    expected |= {(outside, "gateway", ports["gateway"][p]) for outside in ("outside", "monitoring") for p in ("grpc", "http")}
    expected |= {("monitoring", w, ports[w]["http"]) for w in workloads}
    allowed = network_allowed(kinds("NetworkPolicy"), workloads, labels, ports)
    check(prefix + "NetworkPolicies allow exactly the data flow", allowed == expected,
          f"allowed but not used: {sorted(allowed - expected)}; used but not allowed: {sorted(expected - allowed)}")
    check(prefix + "every pod may resolve DNS", all(dns_allowed(kinds("NetworkPolicy"), labels[w]) for w in workloads))

    for w in ("gateway", "ranking", "encoder"):
        hpa = [h for h in kinds("HorizontalPodAutoscaler") if h["spec"]["scaleTargetRef"]["name"] == w]
        check(prefix + f"{w} has an HPA and leaves replicas to it", len(hpa) == 1 and "replicas" not in workloads[w]["spec"])
    for pdb in kinds("PodDisruptionBudget"):
        covered = [w for w in workloads if matches(pdb["spec"]["selector"]["matchLabels"], labels[w])]
        check(prefix + f"PDB {pdb['metadata']['name']} selects one workload that has more than one replica",
              len(covered) == 1 and workloads[covered[0]]["spec"].get("replicas", 2) > 1)
    check(prefix + "no API keys in the manifests", not kinds("Secret") and all(not k.startswith("Gateway:Auth:Keys") for s in settings.values() for k in s))
    check(prefix + "the gateway takes its keys from the Secret gateway-api-keys",
          any(e.get("secretRef", {}).get("name") == "gateway-api-keys" and not e["secretRef"].get("optional") for e in container["gateway"].get("envFrom", [])))


def peer_matches(peer, labels):
    """Whether a NetworkPolicy peer admits a pod of ours (same namespace) or the pseudo-sources."""
    if labels == "outside":
        return False  # only a rule without peers admits the outside
    if labels == "monitoring":
        return peer.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name") == "monitoring"
    return "namespaceSelector" not in peer and "ipBlock" not in peer and matches(peer.get("podSelector", {}).get("matchLabels"), labels)


def port_matches(rule_ports, port, named):
    return not rule_ports or any(p.get("port") in (port, named) for p in rule_ports)


def network_allowed(policies, workloads, labels, ports):
    """(source, destination, port) for every source (workloads, outside, monitoring) and destination port."""
    def applying(pod_labels, kind):
        return [p for p in policies if kind in p["spec"].get("policyTypes", []) and
                (p["spec"]["podSelector"] == {} or matches(p["spec"]["podSelector"].get("matchLabels"), pod_labels))]

    def admitted(rules, direction, peer_labels, port, named):
        for rule in rules:
            peers = rule.get(direction)
            if port_matches(rule.get("ports"), port, named) and (peers is None or any(peer_matches(q, peer_labels) for q in peers)):
                return True
        return False

    allowed = set()
    for source_ in list(workloads) + ["outside", "monitoring"]:
        source_labels = labels.get(source_, source_)
        for dest in workloads:
            for named, port in ports[dest].items():
                ingress = applying(labels[dest], "Ingress")
                into = not ingress or admitted([r for p in ingress for r in p["spec"].get("ingress", [])], "from", source_labels, port, named)
                if source_ in workloads:
                    egress = applying(labels[source_], "Egress")
                    out = not egress or admitted([r for p in egress for r in p["spec"].get("egress", [])], "to", labels[dest], port, named)
                else:
                    out = True
                if into and out:
                    allowed.add((source_, dest, port))
    return allowed


def dns_allowed(policies, pod_labels):
    for p in policies:
        if "Egress" in p["spec"].get("policyTypes", []) and (p["spec"]["podSelector"] == {} or matches(p["spec"]["podSelector"].get("matchLabels"), pod_labels)):
            for rule in p["spec"].get("egress", []):
                if any(q.get("podSelector", {}).get("matchLabels", {}).get("k8s-app") == "kube-dns" for q in rule.get("to", [])) \
                        and {x.get("port") for x in rule.get("ports", [])} == {53}:
                    return True
    return False


def published(dockerfile):
    """/out/<folder> -> assembly name, for every `dotnet publish <project dir> ... -o /out/<folder>`."""
    result = {}
    for project, folder in re.findall(r"dotnet publish (\S+) [^&\n]*-o /out/([\w-]+)", dockerfile):
        csproj = glob.glob(os.path.join(ROOT, project, "*.csproj"))
        if len(csproj) != 1:
            continue
        with open(csproj[0]) as f:
            m = re.search(r"<AssemblyName>([\w.]+)</AssemblyName>", f.read())
        result[folder] = m.group(1) if m else os.path.splitext(os.path.basename(csproj[0]))[0]
    return result


def image_user(dockerfile):
    users = re.findall(r"^USER (\d+)", dockerfile, re.M)
    return int(users[0]) if users and len(set(users)) == 1 else None


def check_dockerfile(dockerfile, dockerignore):
    stages = dict(re.findall(r"^FROM \S+ AS ([\w-]+)\n(.*?)(?=^FROM |\Z)", dockerfile, re.M | re.S))
    build = stages.get("build", "")
    contracts = source("services/Shared/Contracts/*.csproj")
    if "/usr/share/grpc-proto" in contracts:
        check("Dockerfile: the build stage installs grpc-proto (Contracts compiles its .proto files)", re.search(r"apt-get install[^\n]*\bgrpc-proto\b", build) is not None)
    with open(os.path.join(ROOT, "scripts/setup.sh")) as f:
        setup = f.read()
    needed = set(re.findall(r"^npm_ci_if_stale (\S+)$", setup, re.M))
    installed = set(re.findall(r"npm ci --prefix (\S+)", dockerfile))
    check("Dockerfile: npm ci for every package folder setup.sh installs", needed <= installed, sorted(needed - installed))
    check("Dockerfile: every npm ci folder has a lockfile", all(os.path.exists(os.path.join(ROOT, d, "package-lock.json")) for d in installed), sorted(installed))
    gpu_dirs = set(re.findall(r"npm_ci_if_stale (\S+/gpu)$", setup, re.M))
    check("Dockerfile: build-gpu installs the CUDA provider", all(f"npm ci --prefix {d}" in stages.get("build-gpu", "") for d in gpu_dirs) and "dotnet publish services/Encoder" in stages.get("build-gpu", ""))
    models = re.search(r"build_models\.sh /out/models([^&\n\\]*)", build)
    default_model = re.search(r'DefaultModel \{ get; set; \} = "([\w.-]+)"', CODE["Encoder"])
    check("Dockerfile: builds the encoder's default model into /app/models",
          models is not None and default_model is not None and (not models.group(1).split() or default_model.group(1) in models.group(1).split()))
    check("Dockerfile: cpu and gpu targets run as one non-root user", "cpu" in stages and "gpu" in stages and image_user(dockerfile) not in (None, 0)
          and all(re.search(r"^USER ", stages[s], re.M) for s in ("cpu", "gpu")))
    check("Dockerfile: the gpu target is CUDA 13 with cuDNN 9", re.search(r"^FROM \$\{CUDA_IMAGE\} AS gpu", dockerfile, re.M) is not None
          and "CUDA 13" in dockerfile and "cuDNN 9" in dockerfile)
    ignored = {line.strip() for line in dockerignore.splitlines() if line.strip() and not line.startswith("#")}
    for entry in (".git/", "**/bin/", "**/obj/", "**/node_modules/", "models", ".run/"):
        check(f".dockerignore: {entry}", entry in ignored)


def main():
    with open(os.path.join(ROOT, "Dockerfile")) as f:
        dockerfile = f.read()
    dockerignore_path = os.path.join(ROOT, ".dockerignore")
    dockerignore = open(dockerignore_path).read() if os.path.exists(dockerignore_path) else ""
    overlays = sorted(glob.glob(os.path.join(ROOT, "k8s/overlays/*/")))
    check("overlays cpu and gpu exist", {os.path.basename(o.rstrip("/")) for o in overlays} >= {"cpu", "gpu"})
    for overlay in overlays:
        docs, error = render(overlay)
        check(f"{os.path.basename(overlay.rstrip('/'))}: renders", docs is not None, error)
        if docs is not None:
            check_overlay(overlay, docs, dockerfile)
    check_dockerfile(dockerfile, dockerignore)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
