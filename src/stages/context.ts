import type { Gazetteer } from './places/gazetteer.js';
import type { ActorRegistry } from './actors/registry.js';
import type { OutletRegistry } from './attribution/outlets.js';
import type { Lexicons } from './events/lexicons.js';

/** Everything a stage may use besides the document: loaded once per process, passed in, never global. */
export interface StageContext {
  readonly gazetteer: Gazetteer;
  readonly actors: ActorRegistry;
  readonly outlets: OutletRegistry;
  readonly lexicons: Lexicons;
  /** The clock: anchors documents that have no publication date. */
  readonly now: () => Date;
}
