// What the page's JavaScript meets that is not its own code: the examples esbuild imports as
// text, and the hooks tests and benchmarks read on `window`. `tsc --noEmit` (tsconfig.json)
// checks www/src against these and against the core's declarations (core.d.ts).
declare module '*.yml' {
  const text: string;
  export default text;
}

interface Window {
  /** The last text Copy put on the clipboard (the e2e tests read it). */
  __lastCopied: string | null;
  /** The page's state and hooks, for tests and benchmarks (main.js). */
  __playground: any;
}
