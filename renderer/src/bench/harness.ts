import { flushSync } from 'react-dom';

/** One live update as the user gets it: the React commit, then the frame that shows it. */
export interface UpdateTiming {
  /** Apply the answer to the store, render, commit, layout effects (canvases drawn). */
  commit: number;
  /** …plus the style, layout and paint of the frame that shows it. */
  frame: number;
}

/**
 * Runs `apply` at the start of an animation frame and times it to the end of that frame: the
 * message posted from the rAF callback is delivered after the browser has rendered the frame.
 * Starting inside the rAF keeps the vsync wait out of the figure.
 */
export function timedUpdate(apply: () => void): Promise<UpdateTiming> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const t0 = performance.now();
      flushSync(apply);
      const t1 = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve({ commit: t1 - t0, frame: performance.now() - t0 });
      };
      ch.port2.postMessage(null);
    }),
  );
}

export function nextFrame(): Promise<void> {
  return new Promise((r) => requestAnimationFrame(() => r()));
}

/** Yields to the event loop without the 4 ms clamp of nested timers. */
export function yieldTask(): Promise<void> {
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      r();
    };
    ch.port2.postMessage(null);
  });
}
