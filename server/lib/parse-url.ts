/**
 * An absolute URL, or undefined when `value` is not one (what `new URL` throws for). Callers say what is wrong
 * with their own error. (`URL.parse` does this from Node 22; the appliance runs on Node 20.)
 */
export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
