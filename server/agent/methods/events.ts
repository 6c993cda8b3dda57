import type { AgentEvent } from "../protocol";

/** Fan-out of agent events to every stream subscriber; a failing listener does not stop the rest. */
export class EventBus {
  private readonly listeners = new Set<(event: AgentEvent) => void>();

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AgentEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }
}
