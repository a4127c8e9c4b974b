// The dashboard: a key entered once, a user picked from the recent ones or typed, and four views
// that read the gateway's REST API. The address says the view and the user (#view, ?user=).
import { apiKey, explain, get, setApiKey } from "./api";
import { resizeAll } from "./charts";
import { $, escape, message } from "./dom";
import type { InterestProfile, RecentUser } from "./types";
import { loadCatalog, refreshCluster } from "./views/cluster";
import { loadHistory, renderHistory } from "./views/history";
import { isUnknown, loadProfile, renderInterests } from "./views/interests";
import { loadRecommendations, renderRecommendations } from "./views/recommendations";

const views = ["interests", "history", "recommendations", "cluster"] as const;
type View = (typeof views)[number];
const clusterRefreshMs = 3000;
let clusterTimer: number | undefined;

const currentView = (): View => (views as readonly string[]).includes(location.hash.slice(1)) ? (location.hash.slice(1) as View) : "interests";
const currentUser = () => new URLSearchParams(location.search).get("user")?.trim() ?? "";

function unknownUserMessage(user: string): string {
  return `No user "${user}" in the store: the interest model has no events for this id. Pick one of the recent users.`;
}

/** The user's profile, or a message (shown in the view's message area) when there is none to show. */
async function profileOrMessage(user: string, messageId: string): Promise<InterestProfile | undefined> {
  try {
    const profile = await loadProfile(user);
    if (isUnknown(profile)) {
      message(messageId, unknownUserMessage(user), "info");
      return undefined;
    }
    return profile;
  } catch (e) {
    message(messageId, explain(e));
    return undefined;
  }
}

async function showInterests(user: string): Promise<void> {
  const profile = await profileOrMessage(user, "interests-message");
  $("interests-content").hidden = !profile;
  if (profile) {
    message("interests-message", "");
    renderInterests(profile);
  }
}

async function showHistory(user: string): Promise<void> {
  try {
    const history = await loadHistory(user);
    if (!history.periods.length) {
      $("history-content").hidden = true;
      message("history-message", unknownUserMessage(user), "info");
      return;
    }
    $("history-content").hidden = false;
    message("history-message", "");
    renderHistory(history);
  } catch (e) {
    $("history-content").hidden = true;
    message("history-message", explain(e));
  }
}

async function showRecommendations(user: string): Promise<void> {
  const [answer, profile] = await Promise.allSettled([loadRecommendations(user, $<HTMLInputElement>("explain").checked), loadProfile(user)]);
  if (answer.status === "rejected") {
    $("recs-cards").innerHTML = "";
    message("recs-message", explain(answer.reason));
    return;
  }
  const known = profile.status === "fulfilled" ? profile.value : undefined;
  message("recs-message", known && isUnknown(known) ? unknownUserMessage(user) + " These are popular items." : "", "info");
  renderRecommendations(answer.value, known);
}

async function show(): Promise<void> {
  const view = currentView();
  document.querySelectorAll<HTMLAnchorElement>("#tabs a").forEach(a => a.classList.toggle("active", a.dataset.view === view));
  for (const name of views) $(`view-${name}`).hidden = name !== view;
  window.clearInterval(clusterTimer);
  if (!apiKey()) {
    message("global-message", "Enter an API key with the read role (for example the demo's read key) and save it.", "info");
    return;
  }
  message("global-message", "");
  const user = currentUser();
  if (view === "cluster") {
    await Promise.all([loadCatalog(), refreshCluster()]);
    clusterTimer = window.setInterval(refreshCluster, clusterRefreshMs);
  } else if (!user) {
    message(`${view === "recommendations" ? "recs" : view}-message`, "Pick a user above (recent users are listed as you type).", "info");
  } else if (view === "interests") {
    await showInterests(user);
  } else if (view === "history") {
    await showHistory(user);
  } else {
    await showRecommendations(user);
  }
  resizeAll($(`view-${view}`));
  document.body.dataset.ready = view;
}

async function loadRecentUsers(): Promise<void> {
  try {
    const answer = await get<{ users: RecentUser[] }>("/v1/users?limit=50");
    $("recent-users").innerHTML = answer.users
      .map(u => `<option value="${escape(u.userId)}">${escape(u.eventCount)} events, last ${escape(u.lastEventAt.slice(0, 10))}</option>`).join("");
  } catch (e) {
    message("global-message", explain(e));
  }
}

function start(): void {
  $<HTMLInputElement>("api-key").value = apiKey();
  $<HTMLInputElement>("user").value = currentUser();
  $("key-form").addEventListener("submit", event => {
    event.preventDefault();
    setApiKey($<HTMLInputElement>("api-key").value);
    void loadRecentUsers();
    void show();
  });
  $("user-form").addEventListener("submit", event => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("user", $<HTMLInputElement>("user").value.trim());
    history.pushState(null, "", url);
    void show();
  });
  $("explain").addEventListener("change", () => void show());
  window.addEventListener("hashchange", () => void show());
  window.addEventListener("popstate", () => void show());
  window.addEventListener("resize", () => resizeAll($(`view-${currentView()}`)));
  if (apiKey()) void loadRecentUsers();
  void show();
}

start();
