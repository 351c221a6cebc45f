import type { EventName, EventPayload } from '../../shared/api.ts';

/** Called as (name, payload); checking `name` narrows `payload`. */
export type EventListener = (...event: { [E in EventName]: [name: E, payload: EventPayload<E>] }[EventName]) => void;

/** Fan-out of core events to every attached window, browser and wall. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        (l as (n: E, p: EventPayload<E>) => void)(name, payload);
      } catch {
        // one broken subscriber (a closed window) must not starve the others
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
