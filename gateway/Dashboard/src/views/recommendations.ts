// Recommendations as cards; a click on a reason shows what it cites (the user's events or the
// interest with its evidence), and "feature contributions" asks the API to explain the scores.
import { get } from "../api";
import { percent } from "../charts";
import { $, escape, shortDate } from "../dom";
import type { InterestProfile, Reason, Recommendation, RecommendResponse } from "../types";

export const loadRecommendations = (user: string, explain: boolean) =>
  get<RecommendResponse>(`/v1/users/${encodeURIComponent(user)}/recommendations?k=12&explain=${explain}`);

const action = (name: string) => name.replace("ACTION_", "").toLowerCase();

function contributions(r: Recommendation): string {
  if (!r.contributions.length) return "";
  return `<table class="contributions"><tr><th>feature</th><th>value</th><th>weight</th><th>adds</th></tr>` +
    r.contributions.map(c => `<tr><td>${escape(c.feature)}</td><td>${c.value.toFixed(3)}</td><td>${c.weight.toFixed(3)}</td><td>${c.contribution.toFixed(3)}</td></tr>`).join("") +
    "</table>";
}

export function renderRecommendations(answer: RecommendResponse, profile: InterestProfile | undefined): void {
  const notes: string[] = [];
  if (answer.degraded) {
    notes.push(`<div class="message warning" id="degraded">Degraded answer: ${answer.degradations.map(d => escape(`${d.component}: ${d.reason}`)).join("<br>")}</div>`);
  }
  if (answer.coldStart) {
    notes.push("<p class=\"muted\">No history for this user: popular items spread over categories.</p>");
  }
  $("recs-notes").innerHTML = notes.join("");
  $("recs-cards").innerHTML = answer.items.map((r, i) =>
    `<article class="card" data-index="${i}">` +
    `<h4>${escape(r.item.title)}</h4>` +
    `<div class="muted">${escape(r.item.categoryPath)}</div>` +
    `<div class="numbers"><span>score <b class="score">${r.score.toFixed(3)}</b></span><span>P(item | user) <b class="probability">${percent(r.probability)}</b></span></div>` +
    `<button class="reason" data-index="${i}" title="What this reason cites">${escape(r.reason.text)}</button>` +
    contributions(r) +
    "</article>").join("");
  $("recs-cards").querySelectorAll<HTMLButtonElement>("button.reason").forEach(button =>
    button.addEventListener("click", () => showEvidence(answer.items[Number(button.dataset.index)], profile)));
  $("reason-panel").hidden = true;
}

function showEvidence(r: Recommendation, profile: InterestProfile | undefined): void {
  const panel = $("reason-panel");
  panel.hidden = false;
  panel.innerHTML = `<h3>Why “${escape(r.item.title)}”</h3><p>${escape(r.reason.text)}</p>` + evidenceOf(r.reason, profile);
  panel.scrollIntoView({ block: "nearest" });
}

function evidenceOf(reason: Reason, profile: InterestProfile | undefined): string {
  if (!profile) {
    return "<p class=\"muted\">The user's profile could not be read, so the evidence cannot be shown.</p>";
  }
  if (reason.itemIds.length) {
    const known = new Map<string, { title: string; action: string; timestamp: string; categoryPath?: string }>();
    for (const interest of profile.topInterests) {
      for (const e of interest.evidence) known.set(e.itemId, e);
    }
    for (const item of profile.recentItems) known.set(item.itemId, item);
    return `<table id="evidence-events"><tr><th>the user's event</th><th>action</th><th>when</th></tr>` +
      reason.itemIds.map(id => {
        const e = known.get(id);
        return e
          ? `<tr><td>${escape(e.title || id)}</td><td>${escape(action(e.action))}</td><td>${escape(shortDate(e.timestamp))}</td></tr>`
          : `<tr><td>${escape(id)}</td><td colspan="2" class="muted">older than the events the profile lists</td></tr>`;
      }).join("") + "</table>";
  }
  if (reason.categoryPath) {
    const interest = profile.topInterests.find(i => i.categoryPath === reason.categoryPath)
      ?? profile.topInterests.find(i => reason.categoryPath.startsWith(i.categoryPath + "/") || i.categoryPath.startsWith(reason.categoryPath + "/"));
    const node = profile.longTerm.nodes.find(n => n.categoryPath === reason.categoryPath);
    const header = node
      ? `<p id="evidence-interest">Interest in <b>${escape(node.categoryPath)}</b>: ${percent(node.probability)} (90% interval ${percent(node.lower)}–${percent(node.upper)}), ${escape(node.evidenceCount)} events.</p>`
      : `<p id="evidence-interest">Category <b>${escape(reason.categoryPath)}</b>.</p>`;
    if (!interest) return header;
    return header + `<table id="evidence-events"><tr><th>event behind ${escape(interest.categoryPath)}</th><th>action</th><th>when</th><th>share</th></tr>` +
      interest.evidence.map(e => `<tr><td>${escape(e.title || e.itemId)}</td><td>${escape(action(e.action))}</td><td>${escape(shortDate(e.timestamp))}</td><td>${percent(e.share)}</td></tr>`).join("") +
      "</table>";
  }
  return "<p id=\"evidence-interest\">This reason cites no events of the user: the item is popular or new.</p>";
}
