/**
 * Stands in for an object a `test.before` hook makes later, so that a test file can name it at the top (see
 * useAppliance, useChromium). Using it before it exists is a mistake in the test, and says so.
 */
export function standIn<T extends object>(current: () => T | undefined, name: string): T {
  const target = () => {
    const value = current();
    if (!value) throw new Error(`${name} does not exist (yet): it is made in test.before`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, property) {
      const object = target();
      const value: unknown = Reflect.get(object, property);
      // methods run on the object itself (class instances may keep private state)
      return typeof value === 'function' ? value.bind(object) : value;
    },
    has: (_, property) => Reflect.has(target(), property),
  });
}
