// Small helpers for building the page safely (text is always escaped).

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function escape(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Shows a message in a view's message area (kind: info, error, warning); an empty text hides it. */
export function message(id: string, text: string, kind: "info" | "error" | "warning" = "error"): void {
  const element = $(id);
  element.className = text ? `message ${kind}` : "message";
  element.textContent = text;
  element.hidden = !text;
}

export const shortDate = (timestamp: string) => timestamp.slice(0, 10);

export const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);
