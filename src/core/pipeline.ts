import type { Document, LayerKey } from './document.js';
import { hasLayer, withDiagnostics } from './document.js';
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

export interface RunOptions<Ctx> {
  /**
   * A time (ms, as `clock` reads it) after which no further stage starts: the document is returned as it stands,
   * with a `time-budget-exceeded` diagnostic naming the stages left out. A stage already running is not cut short.
   */
  deadline?: number;
  /** Date.now unless given. */
  clock?: () => number;
  /** Leave a stage out for this document; its layers stay missing unless the caller fills them. */
  skip?: (stage: Stage<Ctx>, doc: Document) => boolean;
}

export function runPipeline<Ctx>(stages: readonly Stage<Ctx>[], doc: Document, ctx: Ctx, opts: RunOptions<Ctx> = {}): Document {
  let current = doc;
  const clock = opts.clock ?? Date.now;
  for (const [i, stage] of stages.entries()) {
    if (opts.deadline !== undefined && clock() > opts.deadline) {
      const skipped = stages.slice(i).map((s) => s.name);
      return withDiagnostics(current, [{
        code: 'time-budget-exceeded',
        severity: 'warning',
        stage: stage.name,
        message: `extraction stopped over its time budget; stages not run: ${skipped.join(', ')}`,
        data: { skipped, overMs: clock() - opts.deadline },
      }]);
    }
    if (opts.skip?.(stage, current)) continue;
    for (const need of stage.needs) {
      if (!hasLayer(current, need)) {
        throw new SitrepError('STAGE_MISSING_LAYER', `stage "${stage.name}" needs layer "${need.name}"`, { input: doc.meta.source });
      }
    }
    current = stage.run(current, ctx);
  }
  return current;
}
