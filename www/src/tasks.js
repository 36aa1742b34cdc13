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
