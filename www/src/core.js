// The page's side of the mapping worker (www/src/worker.js): starts it, keeps at most one map
// request in flight, drops results that an edit made stale, and restarts the worker when it
// traps or when a superseded request runs too long to wait for.
//
// `map(source, options)` resolves with the newest result, or with null when a newer request
// replaced this one before it ran or before its result arrived: only the latest edit renders.
// `call(msg)` asks about a result the worker holds (yaml, stream, reference, labelCommands,
// contract); `keep(ids)` names the earlier results the page still shows, whose analyses the
// worker keeps for such calls.
// `source` may be a function returning the text: it is called only when the request is sent, so
// an edit that a newer one replaces while it waits never joins a large document's text.

import { nextTask } from './tasks.js';

/** A superseded request that has run this long is abandoned: the worker is restarted. */
const ABANDON_MS = 1500;
/** A text this long is posted in a task of its own. */
const BIG_TEXT = 1_000_000;

export function createCore({ url, onReady, onFatal }) {
  let worker = null;
  let module = null; // the compiled wasm, handed to a restarted worker
  let extras = null; // the second build, compiled, once the worker has loaded it (likewise)
  let readyResolve;
  let ready = null;
  let seq = 0;
  let latest = 0; // id of the newest map request
  let inflight = null; // {id, msg, resolve, chunks, t0}
  let pending = null; // the newest request waiting for the in-flight one
  let abandonTimer = null;
  const calls = new Map(); // id -> {resolve, reject}: yaml and contract requests
  let base = null; // id of the result the page holds (the worker sends unchanged resources as keys)
  let kept = []; // ids of results the page still shows (the worker keeps their analyses)

  function start(booted = null) {
    worker = booted ? booted.worker : new Worker(url, { type: 'module' });
    // A restart before the first worker was ready still answers whoever awaits `ready`.
    const before = readyResolve;
    ready = new Promise((r) => {
      readyResolve = (m) => {
        r(m);
        before?.(m);
      };
    });
    worker.onmessage = (e) => receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault?.();
      crash(`the mapping worker failed: ${e.message || 'unknown error'}`);
    };
    // Replayed after the importing module has finished evaluating: when the boot worker was
    // ready before gen/main.js ran, a synchronous replay called onReady while main.js's state
    // was not initialised yet (a page error, and the page never became ready). Messages that
    // arrive meanwhile are tasks, so they still come after the replayed ones.
    if (booted) queueMicrotask(() => booted.said.splice(0).forEach(receive));
    else worker.postMessage({ type: 'init', module, extras });
  }

  /**
   * Ends the worker and starts a fresh one. After a failure, what it owed is answered with the
   * error; after abandoning a superseded request (`retry`), its yaml/contract requests are sent
   * again (they are only waiting behind it).
   */
  function crash(message, retry = false) {
    worker.terminate();
    base = null;
    const lost = inflight;
    inflight = null;
    if (!retry) {
      for (const [, c] of calls) c.reject(new Error(message));
      calls.clear();
    }
    start();
    if (retry) for (const [, c] of calls) worker.postMessage(c.msg);
    if (lost) lost.resolve(lost.id === latest ? { id: lost.id, source: lost.source, error: message } : null);
    if (pending) send(pending);
  }

  function receive(m) {
    switch (m.type) {
      case 'ready':
        module = m.module;
        readyResolve(m);
        onReady?.(m);
        return;
      case 'extras':
        extras = m.module;
        return;
      case 'chunk':
        if (inflight && inflight.id === m.id && m.id === latest) inflight.chunks.push(m.entries);
        return;
      case 'result': {
        const done = inflight;
        if (!done || done.id !== m.id) return;
        inflight = null;
        clearTimeout(abandonTimer);
        if (m.id === latest) {
          m.entries = done.chunks.length ? [...done.chunks.flat(), ...m.entries] : m.entries;
          m.ms.roundTrip = performance.now() - done.t0;
          m.source = done.source;
          done.resolve(m);
        } else done.resolve(null);
        if (pending) send(pending);
        return;
      }
      case 'error':
        if (m.id == null && !module) {
          // The wasm never loaded: restarting would only fail again.
          onFatal?.(m.message);
          return;
        }
        if (calls.has(m.id)) {
          const error = Object.assign(new Error(m.message), { missing: m.missing });
          calls.get(m.id).reject(error);
          calls.delete(m.id);
        }
        // The worker no longer holds that result: nothing broke, the caller restores it.
        if (m.missing) return;
        // A wasm trap (a panic) may leave the instance unusable: start over.
        crash(m.id != null && m.request !== 'map' ? m.message : `internal error: ${m.message}`);
        return;
      default:
        if (calls.has(m.id)) {
          calls.get(m.id).resolve(m);
          calls.delete(m.id);
        }
    }
  }

  function send(req) {
    pending = null;
    const source = typeof req.source === 'function' ? req.source() : req.source;
    inflight = { ...req, source, chunks: [], t0: performance.now() };
    const post = () => {
      // A restart in between has already answered (or re-sent) this request.
      if (inflight?.id === req.id) worker.postMessage({ type: 'map', id: req.id, source, options: req.options, base, keep: kept });
    };
    // Posting a multi-megabyte text flattens and copies it (~15 ms for 5 MB); joining it from the
    // editor's document took about as long: two tasks, so that neither nears 50 ms.
    if (source.length > BIG_TEXT) nextTask().then(post);
    else post();
  }

  function abandonIfStuck() {
    clearTimeout(abandonTimer);
    if (!inflight || !pending) return;
    const left = ABANDON_MS - (performance.now() - inflight.t0);
    if (left > 0) abandonTimer = setTimeout(abandonIfStuck, left);
    else {
      const stale = inflight;
      inflight = null;
      stale.resolve(null);
      crash('abandoned', true); // no in-flight request left: restarts, sends `pending`
    }
  }

  // www/src/boot.js started the first worker early (when the page has it).
  start(globalThis.__convoxBoot);
  delete globalThis.__convoxBoot;
  return {
    get ready() {
      return ready;
    },
    /**
     * Maps `source` (a string, or a function called when the request is sent); resolves with the
     * worker's result message, whose `source` is the text mapped, or null when superseded.
     * @param {string | (() => string)} source
     * @param {object} options
     * @returns {Promise<import('./types/worker').MapResult | import('./types/worker').MapFailure | null>}
     */
    map(source, options) {
      const id = ++seq;
      latest = id;
      return new Promise((resolve) => {
        const req = { id, source, options, resolve };
        if (pending) pending.resolve(null);
        if (inflight) {
          pending = req;
          abandonIfStuck();
        } else send(req);
      });
    },
    /**
     * The first result is on screen: the worker may now fetch the rest of the core (a request
     * that needs it fetches it anyway).
     */
    loadExtras() {
      worker.postMessage({ type: 'extras' });
    },
    /** The page now holds result `id`: later results send its unchanged resources as keys. */
    hold(id) {
      base = id;
    },
    /** The page still shows results `ids`: the worker keeps their analyses. */
    keep(ids) {
      kept = ids.filter((id) => id != null);
    },
    /**
     * A request about a held result (yaml, stream, reference, …); resolves with the worker's answer.
     * @template {keyof import('./types/worker').Answers} T
     * @param {import('./types/worker').Request<T>} msg
     * @returns {Promise<import('./types/worker').Answers[T]>}
     */
    call(msg) {
      const id = ++seq;
      const full = { ...msg, id };
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve, reject, msg: full });
        worker.postMessage(full); // the worker answers once its wasm is loaded
      });
    },
  };
}
