import type { Hono } from 'hono';
import type { AppEnv } from '../../src/server/env.js';

/** A cookie-keeping browser stand-in over `app.request` (no network): enough to drive the forms. */
export class PageClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly app: Hono<AppEnv>, private readonly origin = 'http://localhost') {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The Cookie header this client sends (for a request it has no helper for, such as a multipart upload). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<{ status: number; html: string; headers: Headers }> {
    // As a browser asks for a page: some answers differ for scripts (a JSON 404 off the web UI's paths).
    const response = await this.app.request(`${this.origin}${path}`, { headers: { cookie: this.cookieHeader(), accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    this.remember(response);
    return { status: response.status, html: await response.text(), headers: response.headers };
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; html: string; headers: Headers }> {
    const response = await this.app.request(`${this.origin}${path}`, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    this.remember(response);
    return { status: response.status, html: await response.text(), headers: response.headers };
  }

  /** Signs in through the real login form; returns the response of the POST. */
  async signIn(token: string) {
    const page = await this.get('/login');
    return this.post('/login', { _csrf: csrfOf(page.html), token, next: '/' });
  }
}

/** The CSRF token a page's forms carry. */
export function csrfOf(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (!match) throw new Error('No CSRF field on the page');
  return match[1]!;
}

/** The text of the page's refusal message, if any. */
export function refusalOf(html: string): string | undefined {
  return html.match(/class="message message-refusal"[^>]*><p>([^<]*)<\/p>/)?.[1];
}

/**
 * The error the page ties to the control with this id: the text of what its aria-describedby
 * names, when it is marked aria-invalid; undefined when the control is not marked.
 */
export function fieldErrorOf(html: string, id: string): string | undefined {
  const control = html.match(new RegExp(`<(?:input|select|textarea)\\b[^>]*\\sid="${id}"[^>]*>`))?.[0];
  if (!control?.includes('aria-invalid="true"')) return undefined;
  const described = control.match(/aria-describedby="([^"]+)"/)?.[1]?.split(' ') ?? [];
  const texts = described.map((d) => html.match(new RegExp(`\\sid="${d}"[^>]*>([^<]*)<`))?.[1]).filter((t) => t !== undefined && t !== '');
  return texts.length > 0 ? texts.join(' ') : undefined;
}
