/**
 * Just enough of a browser for the OpenID Provider's redirects: it keeps cookies by name and
 * path, sends those whose path covers the request, and follows redirects while they stay on one
 * origin, stopping at the first that leaves it (to the product's redirect URI, say).
 */
export class CookieBrowser {
  readonly #origin: string;
  readonly #cookies = new Map<string, { value: string; path: string }>();

  constructor(origin: string) {
    this.#origin = new URL(origin).origin;
  }

  setCookie(name: string, value: string, path = "/"): void {
    this.#cookies.set(`${path} ${name}`, { value, path });
  }

  hasCookie(name: string): boolean {
    return [...this.#cookies.keys()].some((key) => key.endsWith(` ${name}`));
  }

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.#origin);
    const cookie = [...this.#cookies.entries()]
      .filter(([, entry]) => target.pathname === entry.path || target.pathname.startsWith(entry.path.endsWith("/") ? entry.path : `${entry.path}/`))
      .map(([key, entry]) => `${key.slice(key.indexOf(" ") + 1)}=${entry.value}`)
      .join("; ");
    const response = await fetch(target, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const header of response.headers.getSetCookie()) this.#store(header, target);
    return response;
  }

  /** Follows redirects on this origin; answers the first response that is not one, or the first redirect elsewhere. */
  async follow(url: string | URL, init: RequestInit = {}): Promise<{ response: Response; location: URL | undefined }> {
    let response = await this.request(url, init);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return { response, location: undefined };
      const next = new URL(location, this.#origin);
      if (next.origin !== this.#origin) return { response, location: next };
      response = await this.request(next);
    }
    throw new Error("more than 10 redirects");
  }

  #store(header: string, target: URL): void {
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    const name = pair.slice(0, pair.indexOf("="));
    const value = pair.slice(pair.indexOf("=") + 1);
    const attribute = (key: string) => attributes.find((item) => item.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attribute("path") ?? target.pathname.replace(/\/[^/]*$/, "") ?? "/";
    const expires = attribute("expires");
    const removed = attribute("max-age") === "0" || (expires !== undefined && Date.parse(expires) <= Date.now()) || value === "";
    if (removed) this.#cookies.delete(`${path} ${name}`);
    else this.#cookies.set(`${path} ${name}`, { value, path });
  }
}
