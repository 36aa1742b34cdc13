// The worker's protocol (worker.js ↔ core.js): what each request answers, built from the
// core's declarations (core.d.ts, generated from the Rust types). The worker adds only counts
// of what it cut for the page (`total`, `nodesTotal`, …) and the message's `type`/`id`.
import type {
  ChangesOut, Completions, DiagnosticOut, DriftOut, EntryYaml, Filtered, Group, Hover,
  OptionError, ProfileOut, RackParam, ReferenceOut, Resource, SharedEnv, Topology, VersionOut,
  ViewExtra, YamlDownload, Contract, QuickRow, SourceOut, Verdict, Defaults, View,
} from './core';

/** Each request's answer (besides `type` and `id`), by the request's `type`. */
export interface Answers {
  yaml: { yaml: EntryYaml | null };
  stream: { download: YamlDownload };
  reference: { reference: Omit<ReferenceOut, 'markdown' | 'quick'> & { quick: Array<QuickRow & { namesTotal: number }>; issuesTotal: number; findingTotal: number }; markdown: string };
  labelCommands: { commands: string[] };
  filter: { filter: Filtered };
  contract: { contract: Contract };
  topology: { topology: Topology & { nodesTotal: number } };
  changes: { changes: Omit<ChangesOut, 'markdown'> & { total: number }; markdown: string };
  drift: { drift: DriftOut & { total: number } };
  dumpCommand: { command: string };
  complete: { completions: Completions };
  hover: { hover: Hover | null };
  share: { shared: SharedEnv };
}

/** A request about a held result: its `type`, and what that request reads. */
export type Request<T extends keyof Answers> = { type: T } & Record<string, unknown>;

/** The worker's `ready`: the core's version, parameters and rack versions. */
export interface Ready {
  type: 'ready';
  version: string;
  repository: string;
  module: WebAssembly.Module;
  params: RackParam[];
  versions: VersionOut[];
}

/** A resource as the worker sends it: whole, or its key when the page already holds it unchanged. */
export type Entry = Resource | string | { moved: string; source: SourceOut | null };

/** The worker's `result` of a `map` request: the view (Contract & ViewExtra), cut for the page. */
export interface MapResult extends Pick<Contract, 'rack' | 'app' | 'namespace' | 'absent'>, Omit<ViewExtra, 'hints'> {
  type: 'result';
  /** The view's hints, packed (worker.js `packHints`). */
  hints: PackedHints;
  id: number;
  source?: string;
  entries: Entry[];
  profile: ProfileOut;
  groups: Group[];
  optionErrors: OptionError[];
  total: number;
  counts: Record<string, number>;
  namespaces: number;
  diagnostics: DiagnosticOut[];
  diagnosticsTotal: number;
  /** The worker's fingerprint of `hints` (the editor re-draws them only when it changes). */
  hintsKey: string;
  errors: number;
  reused: number;
  moved: number;
  /** The worker's times; `roundTrip` is added by core.js when the message arrives. */
  ms: { map: number; total: number; roundTrip?: number };
}

/**
 * The editor's hints packed (worker.js `packHints`): hint `i` is at UTF-16 offset `at[i]`; its
 * label and title are the texts `2i` and `2i + 1` of `text`, each ending at `ends[k]`, NUL
 * between them.
 */
export interface PackedHints {
  at: Int32Array;
  ends: Int32Array;
  text: string;
}

/** A `map` the core could not run (the worker crashed or gave up on it): the message. */
export interface MapFailure {
  id: number;
  source: string;
  error: string;
}

/**
 * The page's copy of a result (analysis.js `accept`): the worker's view with its resources
 * whole; `profile` and `verdict` are null only when the core could not run.
 */
export type PageContract = Omit<MapResult, 'type' | 'id' | 'entries' | 'reused' | 'moved' | 'ms' | 'source' | 'profile' | 'verdict'> & {
  resources: Resource[];
  profile: ProfileOut | null;
  verdict: Verdict | null;
};

/** A result the page holds: what was mapped, with what, and the view. */
export interface Result {
  id: number;
  source: string;
  options: Record<string, any>;
  contract: PageContract;
  byKey: Map<string, Resource>;
  mark?: { document?: unknown } & Record<string, unknown>;
  at?: Date;
}

/**
 * The core's first wasm build as the worker calls it (src/wasm/mod.rs): wasm-bindgen's glue
 * returns `any` for a JS value, so the types of what each call returns are stated here, from
 * core.d.ts.
 */
export interface Workspace {
  update(source: string, options: object): View & ViewExtra;
  /** `update` of this new workspace, taking over `earlier` (left empty) and redoing only what the edit changed. */
  updateFrom(earlier: Workspace, source: string, options: object): View & ViewExtra;
  /** Frees what the last update did not use; how many objects and entries that was. */
  collect(): number;
  /** The resources of `keys` whole, as the view gives them: what a `SameResource` stands for. */
  viewResources(keys: string[]): Resource[];
  yaml(key: string, secrets: string): EntryYaml | null;
  share(includeValues: boolean): SharedEnv;
  free(): void;
}

/** The second build's workspace (src/wasm/extras.rs adds the calls the first result does not need). */
export interface ExtrasWorkspace extends Workspace {
  updateFrom(earlier: ExtrasWorkspace, source: string, options: object): View & ViewExtra;
  stream(): string;
  download(): YamlDownload;
  changes(baseline: ExtrasWorkspace): ChangesOut;
  drift(dump: string): DriftOut;
  dumpCommand(): string;
  topology(): Topology;
  reference(): ReferenceOut;
  labelCommands(key: string, value: string): string[];
  complete(offset: number): Completions;
  hover(offset: number): Hover | null;
  filter(query: string): Filtered;
  contract(): Contract;
}

/** The first build's glue (`convox-k8s-web.js`, built by Trunk beside the worker). */
export interface Glue {
  default(init: { module_or_path: WebAssembly.Module }): Promise<unknown>;
  Workspace: new () => Workspace;
  version(): string;
  repository(): string;
  defaults(): Defaults;
  rackParams(): RackParam[];
  rackVersions(): VersionOut[];
}

/** The second build's glue (`convox-k8s-extras.js`): the first's, and the rest. */
export interface ExtrasGlue extends Omit<Glue, 'Workspace'> {
  Workspace: new () => ExtrasWorkspace;
  complete(source: string, offset: number, rackVersion: string): Completions;
  hover(source: string, offset: number, rackVersion: string): Hover | null;
  map(source: string, options: object): Contract;
}
