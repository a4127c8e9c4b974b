// Calls the gateway's REST API with the operator's key and turns its errors ({code, message}) into
// sentences that say what to do.

const keyStorage = "recommender-dashboard-api-key";

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, detail: string) {
    super(detail);
  }

  /** What the dashboard shows instead of a chart. */
  get explanation(): string {
    switch (this.status) {
      case 401:
        return `The gateway did not accept the API key (${this.code}). Enter a key with the read role above.`;
      case 403:
        return `This API key does not have the read role the dashboard needs (${this.code}): ${this.message}`;
      case 503:
        return `A service is unavailable (${this.code}): ${this.message}`;
      case 504:
        return `A service did not answer in time (${this.code}): ${this.message}`;
      case 0:
        return `The gateway cannot be reached: ${this.message}`;
      default:
        return `${this.code}: ${this.message}`;
    }
  }
}

export function apiKey(): string {
  return localStorage.getItem(keyStorage) ?? "";
}

export function setApiKey(key: string): void {
  localStorage.setItem(keyStorage, key.trim());
}

export async function get<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { "x-api-key": apiKey() } });
  } catch (e) {
    throw new ApiError(0, "UNAVAILABLE", String(e));
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(response.status, "UNKNOWN", `${path} answered ${response.status} with a body that is not JSON`);
  }
  if (!response.ok) {
    const error = body as { code?: string; message?: string };
    throw new ApiError(response.status, error.code ?? String(response.status), error.message ?? text);
  }
  return body as T;
}

export function explain(error: unknown): string {
  return error instanceof ApiError ? error.explanation : String(error);
}
