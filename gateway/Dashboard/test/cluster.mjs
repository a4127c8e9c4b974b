// Starts tests/Dashboard.ClusterHost: the real cluster on free loopback ports with the demo store
// loaded; it answers "stop NAME" / "start NAME" and stops everything when its input closes.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const configuration = process.env.CONFIGURATION ?? "Release";
const host = `${root}tests/Dashboard.ClusterHost/bin/${configuration}/net10.0/Recommender.Dashboard.ClusterHost.dll`;

export async function startCluster({ timeoutMs = 150_000 } = {}) {
  const child = spawn("dotnet", [host, "--items", "300", "--users", "30"], { stdio: ["pipe", "pipe", "pipe"] });
  let log = "";
  child.stderr.on("data", chunk => { log += chunk; });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async what => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    try {
      const { value, done } = await lines.next();
      if (done) throw new Error(`the cluster host exited while waiting for ${what}: ${log.slice(-2000)}`);
      return value;
    } finally {
      clearTimeout(timer);
    }
  };
  const info = JSON.parse(await next("the cluster to start"));
  const command = async (line, expected) => {
    child.stdin.write(line + "\n");
    const answer = await next(line);
    if (answer !== expected) throw new Error(`the cluster host answered "${answer}" to "${line}"`);
  };
  return {
    ...info,
    stop: name => command(`stop ${name}`, `stopped ${name}`),
    start: name => command(`start ${name}`, `started ${name}`),
    async close() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      if (child.exitCode === null) await once(child, "exit");
      clearTimeout(timer);
    },
  };
}

/** A REST call with the read key, as the dashboard makes it. */
export async function api(cluster, path) {
  const response = await fetch(cluster.gateway + path, { headers: { "x-api-key": cluster.readKey } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
