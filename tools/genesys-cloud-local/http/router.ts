/**
 * A method + path router for the stand-in's fixed set of Platform API routes.
 *
 * Written here rather than taken from a library: node:http is all the server needs, the routes are a
 * closed list of literal paths with `{param}` segments (spelled as in the SDK's IntegrationsApi.js), and
 * a static segment must win over a parameter (`/actions/drafts` before `/actions/{actionId}`) — forty
 * lines, no dependency to keep up to date.
 */
export type RouteParams = Readonly<Record<string, string>>;

interface Route<H> {
  method: string;
  pattern: string;
  segments: readonly string[];
  handler: H;
}

export type RouteMatch<H> =
  | { kind: 'found'; handler: H; params: RouteParams; pattern: string }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

const splitPath = (path: string): string[] => path.split('/').filter((s) => s.length > 0);
const isParam = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method: method.toUpperCase(), pattern, segments: splitPath(pattern), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> {
    const parts = splitPath(path);
    const candidates: { route: Route<H>; params: Record<string, string>; staticCount: number }[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (params) candidates.push({ route, params, staticCount: route.segments.filter((s) => !isParam(s)).length });
    }
    if (candidates.length === 0) return { kind: 'not-found' };
    // The most specific pattern wins: `/actions/drafts` beats `/actions/{actionId}`.
    const bestStatic = Math.max(...candidates.map((c) => c.staticCount));
    const best = candidates.filter((c) => c.staticCount === bestStatic);
    const hit = best.find((c) => c.route.method === method.toUpperCase());
    if (!hit) return { kind: 'method-not-allowed', allowed: [...new Set(best.map((c) => c.route.method))] };
    return { kind: 'found', handler: hit.route.handler, params: hit.params, pattern: hit.route.pattern };
  }
}

function matchSegments(pattern: readonly string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = parts[i]!;
    if (isParam(expected)) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
      params[expected.slice(1, -1)] = decoded;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
