import type { Document, LayerKey } from './document.js';
import { hasLayer } from './document.js';
import { SitrepError } from './errors.js';

/**
 * A stage is a pure function of the document and the context. It names the layers it needs and adds,
 * so a pipeline can be checked before it runs and `explain` can say which stage set what.
 */
export interface Stage<Ctx> {
  readonly name: string;
  readonly needs: readonly LayerKey<unknown>[];
  readonly adds: readonly LayerKey<unknown>[];
  run(doc: Document, ctx: Ctx): Document;
}

/** Check the order once: every need is met by an earlier stage's adds (or is given). */
export function checkPipeline<Ctx>(stages: readonly Stage<Ctx>[], given: readonly LayerKey<unknown>[] = []): void {
  const have = new Set(given.map((k) => k.name));
  for (const stage of stages) {
    for (const need of stage.needs) {
      if (!have.has(need.name)) {
        throw new SitrepError('STAGE_MISSING_LAYER', `stage "${stage.name}" needs layer "${need.name}", which no earlier stage adds`);
      }
    }
    for (const add of stage.adds) have.add(add.name);
  }
}

export function runPipeline<Ctx>(stages: readonly Stage<Ctx>[], doc: Document, ctx: Ctx): Document {
  let current = doc;
  for (const stage of stages) {
    for (const need of stage.needs) {
      if (!hasLayer(current, need)) {
        throw new SitrepError('STAGE_MISSING_LAYER', `stage "${stage.name}" needs layer "${need.name}"`, { input: doc.meta.source });
      }
    }
    current = stage.run(current, ctx);
  }
  return current;
}
