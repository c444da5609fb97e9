import type { Route } from './http-types.js';

/** A route with its pattern compiled. */
interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

/** What {@link RouteTable.match} found for a path. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method'; readonly allowed: readonly string[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed' };

/** Routes of one API family, matched by method and path pattern in declaration order. */
export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => compile(route));
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const { route, regex, names } of this.compiled) {
      const found = regex.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      try {
        names.forEach((name, index) => (params[name] = decodeURIComponent(found[index + 1] ?? '')));
      } catch {
        return { kind: 'malformed' };
      }
      return { kind: 'found', route, params };
    }
    return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split(/(:[A-Za-z]+|\*[A-Za-z]+)/)
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+?)';
      }
      if (part.startsWith('*')) {
        names.push(part.slice(1));
        return '(.*)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { route, regex: new RegExp(`^${source}$`), names };
}
