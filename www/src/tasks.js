// Task scheduling shared by the page's modules.

/**
 * Resolves in a new task (a MessageChannel message: no setTimeout clamping), so the browser can
 * paint and handle input in between. Used to split long work into tasks under 50 ms.
 */
export const nextTask = () => new Promise((resolve) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = resolve;
  ch.port2.postMessage(0);
});

/**
 * Resolves in a task after the browser's next frame: what the page changed before is painted by
 * then. At background priority, so that other tasks waiting for that frame (input, a
 * measurement) run first; after `ms` at most (a tab in the background gets no frames).
 */
export const afterPaint = (ms = 100) => new Promise((resolve) => {
  const later = () => (globalThis.scheduler?.postTask ? globalThis.scheduler.postTask(resolve, { priority: 'background' }) : setTimeout(resolve, 0));
  requestAnimationFrame(later);
  setTimeout(resolve, ms);
});
