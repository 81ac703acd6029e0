/** Compiles only when the context's values have the types the operation expects under the same names. */
type Fits<Context, Options> =
  Pick<Context, keyof Context & keyof Options> extends Pick<Options, keyof Context & keyof Options> ? unknown : never;

/**
 * Binds use cases to the parts of the service graph they need (database, clock, archive, keys...), so that their
 * callers (the HTTP layer) pass only their own input and never hold those parts themselves.
 */
export function bindContext<Context extends object>(context: Context) {
  return function bind<Options extends object, Result>(
    operation: ((options: Options) => Result) & Fits<Context, Options>,
  ): (options: Omit<Options, keyof Context>) => Result {
    return (options) => operation({ ...context, ...options } as unknown as Options);
  };
}
