import type { TimelineEntry } from './timeline.js';

/** A model the simulator refuses (bad model file, unknown charm, endpoints that cannot relate, ...). */
export class ModelError extends Error {
  override name = 'ModelError';
}

/** A run that did not quiesce within its bounds: names the units and hooks that kept firing. */
export class NotQuiescentError extends Error {
  override name = 'NotQuiescentError';
  /** The hooks this run did run before it stopped. */
  readonly timeline: TimelineEntry[];
  /** The hooks that kept firing, most frequent first: `{unit, hook, count}`. */
  readonly firing: Array<{ unit: string; hook: string; count: number }>;

  constructor(message: string, timeline: TimelineEntry[], firing: Array<{ unit: string; hook: string; count: number }>) {
    super(message);
    this.timeline = timeline;
    this.firing = firing;
  }
}
