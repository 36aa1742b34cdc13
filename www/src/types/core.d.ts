// Generated from the Rust types by src/output/typescript.rs (UPDATE_TYPES=1 cargo test --lib
// typescript); do not edit. What the core's wasm returns, as the page reads it.

export type View = { rack: string, app: string, namespace: string, profile: ProfileOut, resources: Array<ViewResource>, absent: Array<AbsentOut>, diagnostics: Array<DiagnosticOut>, optionErrors: Array<OptionError>, 
/**
 * `None` (`null`) where they are those of the view before ([`view_with`]).
 */
groups: Array<Group> | null, };

export type ViewResource = Resource | SameResource | string | OutsideResource;

export type SameResource = { key: string, kind: string, namespace: string | null, source: SourceOut | null, rev: string, same: boolean, };

export type OutsideResource = { key: string, kind: string, namespace: string | null, outside: boolean, };

export type Contract = { rack: string, app: string, namespace: string, profile: ProfileOut, resources: Array<Resource>, 
/**
 * Why-not: the objects the rack can create for a service, timer or resource that it does
 * not get.
 */
absent: Array<AbsentOut>, diagnostics: Array<DiagnosticOut>, 
/**
 * `[{field, message}]`: the options' own problems, at their fields.
 */
optionErrors: Array<OptionError>, };

export type Verdict = { 
/**
 * The rack (or the API server) refuses it.
 */
refused: boolean, errors: number, warnings: number, 
/**
 * One sentence saying so.
 */
summary: string, 
/**
 * For a refused release, what the objects shown are (what the rack creates once the
 * errors are fixed).
 */
onceFixed: string | null, };

export type DefaultName = { text: string, 
/**
 * What it stands for, and how to set the real one.
 */
what: string, };

export type Hint = { 
/**
 * `services.web`.
 */
path: string, 
/**
 * Where the hint goes: the end of the name's line (byte offset).
 */
at: number, 
/**
 * The kinds, short (HPA, SA, PDB, PVC, …), workloads first, each once.
 */
kinds: Array<string>, 
/**
 * Every object, `Kind name`, in apply order.
 */
objects: Array<string>, };

export type Group = { 
/**
 * Unique within the analysis: `rack` for the rack-and-app group, else `<concept>/<owner>`.
 */
id: string, 
/**
 * What a person reads: `service web`, `rack and app`.
 */
title: string, 
/**
 * `rack` for the rack-and-app group (namespaces, release, app-wide objects).
 */
concept: Concept, owner: string | null, 
/**
 * The key of the group's main object, when it has one: a service's Deployment or
 * DaemonSet, a timer's CronJob, a resource's Deployment (containerized) or ConfigMap
 * (managed), a balancer's Service, the app's Namespace.
 */
lead: string | null, 
/**
 * Every resource key of the group, the lead first, then in apply order.
 */
keys: Array<string>, };

export type ProfileOut = { provider: Provider, params: { [key in string]: string }, 
/**
 * `3.24.9`.
 */
rackVersion: string, };

export type Provider = "aws" | "azure" | "gcp" | "do" | "local" | "metal";

export type Resource = { 
/**
 * Unique within the analysis (`<kind>/<namespace>/<name>`).
 */
key: string, kind: string, apiVersion: string, name: string, namespace: string | null, pattern: string, concept: Concept, owner: string | null, labels: { [key in string]: string }, source: SourceOut | null, notes: Array<string>, kubectl: Array<Kubectl>, 
/**
 * Troubleshooting rows: symptom, cause, commands.
 */
issues: Array<Issue>, object: ObjectField, 
/**
 * Only in the playground's [`view`]: a fingerprint of the whole resource, object included.
 */
rev: string | null, };

export type ObjectField = Record<string, unknown> | null | boolean;

export type SourceOut = { path: string, line: number, column: number, endLine: number, from: number | null, to: number | null, 
/**
 * Only in the playground's [`view`]: the keys under the owner that shaped this object
 * (`catalog::provenance`), each with its UTF-16 range; left out when the table knows none
 * (then the whole range is the provenance).
 */
keys: Array<KeyOut>, };

export type KeyOut = { key: string, from: number, to: number, fields: Array<string>, };

export type Kubectl = { 
/**
 * What it is for; static for the catalog's own commands.
 */
description: string, command: string, };

export type Issue = { symptom: string, cause: string, commands: Array<Kubectl>, };

export type Concept = "rack" | "app" | "service" | "resource" | "timer" | "balancer";

export type AbsentOut = { owner: string, concept: Concept, kind: string, name: string, reason: string, fix: string, edits: Array<AbsentEditOut>, params: Array<ParamOut>, 
/**
 * The owner's place in convox.yml.
 */
source: SourceOut | null, };

export type AbsentEditOut = { line: number, column: number, endLine: number, endColumn: number, insert: string, from: number | null, to: number | null, };

export type ParamOut = { name: string, value: string, };

export type DiagnosticOut = { severity: Severity, message: string, path: string | null, line: number | null, column: number | null, from: number | null, to: number | null, 
/**
 * Quick fixes (none: the key is left out).
 */
fixes: Array<FixOut>, };

export type Severity = "error" | "warning";

export type FixOut = { title: string, edits: Array<EditOut>, };

export type EditOut = { line: number, column: number, endLine: number, endColumn: number, from: number | null, to: number | null, insert: string, } | { env: string, value: string, };

export type OptionError = { 
/**
 * `rack`, `app`, `release`, `env`, `provider` or `params.<name>`.
 */
field: string, message: string, };

export type EntryYaml = { text: string, 
/**
 * Secret values in the object (masked in `text` unless revealed).
 */
secrets: number, fields: Array<FieldMark>, };

export type FieldMark = { 
/**
 * The key under its owner (`domain`, `scale.count`).
 */
key: string, 
/**
 * The field's path in the object (`spec.rules[0].host`).
 */
path: string, 
/**
 * Its lines in the YAML text, 1-based and inclusive.
 */
line: number, endLine: number, };

export type YamlDownload = { name: string, text: string, secretValues: number, };

export type Summary = { added: number, removed: number, changed: number, 
/**
 * Effect name → number of changes with it, for the effects that occur (in `Effect` order).
 */
effects: { [key in string]: number }, };

export type Change = { change: ChangeKind, kind: string, name: string, namespace: string | null, 
/**
 * The convox.yml owner (service, resource, timer, balancer name) when there is one.
 */
owner: string | null, fields: Array<Field>, effects: Array<Effect>, notes: Array<string>, };

export type ChangeKind = "added" | "removed" | "changed";

export type Effect = "rollout" | "immutable" | "data-loss" | "traffic";

export type Field = { path: string, before: unknown, after: unknown, };

export type Defaults = { rack: string, app: string, release: string, build: string, provider: string, };

export type RackParam = { name: string, 
/**
 * `bool`, `choice`, `percent`, `number`, `url`, `text`, `cidrs`, `domain` or `name`.
 */
kind: string, choices: Array<string>, providers: Array<string>, default: string, 
/**
 * The providers whose default differs from `default`.
 */
defaults: { [key in string]: string }, doc: string, secret: boolean, 
/**
 * The providers on whose racks it changes an app's objects (the panel files the others
 * apart: they change nothing there).
 */
changesApp: Array<string>, 
/**
 * Provider → the first rack version that has it, for the providers whose racks got it
 * after the oldest version the core knows.
 */
since: Record<string, string>, };

export type VersionOut = { version: string, 
/**
 * The release whose objects and messages it shares (3.24.0 renders as 3.23.4).
 */
rendersAs: string, 
/**
 * The one used when none is chosen.
 */
default: boolean, };

export type ViewExtra = { 
/**
 * The editor's inline hints, at UTF-16 offsets.
 */
hints: Array<Hint>, 
/**
 * The release variables still set to a stand-in (`standIns` the env text does not set).
 */
withheld: Array<string>, 
/**
 * Refused or accepted, in one sentence (`Analysis::verdict`), for the core's problems
 * only: a line of the env box the rack would skip is the page's input, not a refusal.
 */
verdict: Verdict, 
/**
 * The names nobody chose, to mark wherever a command shows them.
 */
defaultNames: Array<DefaultName>, };

export type KeyedChange = { key: string, change: ChangeKind, kind: string, name: string, namespace: string | null, 
/**
 * The convox.yml owner (service, resource, timer, balancer name) when there is one.
 */
owner: string | null, fields: Array<Field>, effects: Array<Effect>, notes: Array<string>, };

export type ChangesOut = { summary: Summary, changes: Array<KeyedChange>, notes: Array<string>, 
/**
 * Errors in the baseline's own analysis (its objects may then be incomplete).
 */
baselineErrors: number, 
/**
 * The same, as `convox-k8s diff --format markdown` prints it (for a review).
 */
markdown: string, };

export type ReferenceOut = { markdown: string, rack: string, app: string, namespace: string, 
/**
 * One row per (concept, kind, pattern), in apply order.
 */
quick: Array<QuickRow>, 
/**
 * Commands that find things: the app's namespace, each Convox label, the release.
 */
finding: Array<Kubectl>, 
/**
 * Troubleshooting rows, object by object in apply order.
 */
issues: Array<Issue>, };

export type Reference = { rack: string, app: string, namespace: string, 
/**
 * One row per (concept, kind, pattern), in apply order.
 */
quick: Array<QuickRow>, 
/**
 * Commands that find things: the app's namespace, each Convox label, the release.
 */
finding: Array<Kubectl>, 
/**
 * Troubleshooting rows, object by object in apply order.
 */
issues: Array<Issue>, };

export type QuickRow = { concept: Concept, kind: string, 
/**
 * The namespaces its objects live in (`null` for cluster-scoped ones).
 */
namespaces: Array<string | null>, names: Array<string>, pattern: string, 
/**
 * The first command of its first object.
 */
command: Kubectl | null, };

export type Filtered = { 
/**
 * The keys of the matching resources, in the analysis' order.
 */
keys: Array<string>, terms: Array<TermOut>, 
/**
 * `kubectl get …` commands that list exactly these resources (one per namespace), when
 * kubectl can express the query; empty otherwise.
 */
commands: Array<string>, };

export type TermOut = { 
/**
 * The term as written.
 */
text: string, 
/**
 * `object`, `kind`, `label`, `namespace` or `text`.
 */
what: string, 
/**
 * For `kind` and `object` terms: the kind it names.
 */
kind: string | null, 
/**
 * For a `label` term requiring `key=value`: `[key, value]`.
 */
label: [string, string] | null, 
/**
 * Why kubectl would refuse the term (it then matches nothing).
 */
error: string | null, 
/**
 * The whole query without this term.
 */
without: string, };

export type SharedEnv = { 
/**
 * The values shared: every real value when the sender asked, else none.
 */
env: { [key in string]: string }, 
/**
 * The stand-in of each variable whose value is not shared (the withheld ones keep theirs).
 */
standIns: { [key in string]: string }, 
/**
 * In plain words, how the receiver's output differs from the sender's when no stand-ins
 * reproduce it (the sender may then share the values); `None` when they do.
 */
differences: string | null, };

export type Completions = { 
/**
 * The start of the word being completed (byte offset); it ends at the cursor.
 */
from: number, items: Array<Item>, };

export type Item = { label: string, 
/**
 * `key`, `value` or `name` (of a service, resource or config).
 */
kind: string, 
/**
 * The forms (a key) or what the value is.
 */
detail: string, 
/**
 * The key's documentation, for keys.
 */
info: string, 
/**
 * The text to insert in place of the word.
 */
apply: string, };

export type Hover = { 
/**
 * The key's byte range.
 */
from: number, to: number, 
/**
 * Where the key is, e.g. `services.<name>.scale`.
 */
path: string, doc: string, forms: string, default: string, kubernetes: string, 
/**
 * The closed set of values, when there is one.
 */
values: Array<string>, 
/**
 * For a key of Convox's previous generations: why it is ignored and what to write.
 */
legacy: string, 
/**
 * The first rack version that reads the key (`3.24.5`), when it is newer than the oldest
 * the tool knows; the page shows "since 3.24.5".
 */
since: string, 
/**
 * When the chosen rack is older than `since`: what that rack does with the key.
 */
newer: string, };

export type Topology = { nodes: Array<Node>, edges: Array<Edge>, };

export type Node = { 
/**
 * The catalog key (`Deployment/my-rack-my-app/web`): the page selects the resource by it.
 */
key: string, kind: string, name: string, };

export type Edge = { from: string, 
/**
 * The key of the object referred to; `None` when no object of the release is it.
 */
to: string | null, 
/**
 * What the reference is: `routes to`, `selects`, `uses`, `scales`, `owns`, …
 */
via: string, 
/**
 * What was referred to, e.g. `Service web` or `pods app=web`.
 */
target: string, 
/**
 * The reference is marked optional (a pod starts without it): no object is not broken.
 */
optional: boolean, 
/**
 * A reference to nothing the release has, which the reference needs ([`Edge::broken`]).
 */
broken: boolean, };

export type DriftOut = { namespace: string, summary: DriftSummary, objects: Array<DriftObject>, expected: Array<Expected>, runTime: Array<RunTimeObject>, ignored: { [key in string]: number }, notes: Array<string>, diagnostics: Array<DumpDiagnostic>, };

export type DumpDiagnostic = { severity: string, message: string, line: number, column: number, };

export type DriftSummary = { missing: number, extra: number, changed: number, 
/**
 * Objects found on both sides and compared.
 */
compared: number, 
/**
 * Fields the next deploy reverts, keeps; fields that differ as expected.
 */
reverts: number, keeps: number, expected: number, runTime: number, 
/**
 * Objects of other namespaces or apps, set aside.
 */
ignored: number, };

export type DriftObject = { 
/**
 * The rendered object's resource key (the page marks its card by it); none for an extra
 * object.
 */
key: string | null, change: DriftChange, kind: string, name: string, namespace: string | null, 
/**
 * The convox.yml owner (service, resource, timer) of a rendered object.
 */
owner: string | null, 
/**
 * What the next deploy does: to the object (missing, extra), or to the first of its fields
 * that it reverts (changed).
 */
fate: Fate, 
/**
 * Why, for a missing or extra object.
 */
reason: string | null, 
/**
 * An extra object's labels.
 */
labels: { [key in string]: string }, fields: Array<DriftField>, notes: Array<string>, };

export type DriftField = { path: string, before: unknown, after: unknown, fate: Fate, reason: string | null, };

export type DriftChange = "missing" | "extra" | "changed";

export type Fate = "reverts" | "keeps" | "expected";

export type Expected = { reason: string, 
/**
 * How many fields.
 */
fields: number, 
/**
 * The first few, as `Kind name path`.
 */
examples: Array<string>, };

export type RunTimeObject = { kind: string, name: string, reason: string, };
