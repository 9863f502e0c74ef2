import type { Command } from 'commander';
import { registerBrief } from './brief.js';
import { registerServe } from './serve.js';
import { registerEnqueue } from './enqueue.js';
import { registerWorker } from './worker.js';
import { registerWatch } from './watch.js';

/**
 * Commands beyond the core ones in main.ts register themselves here, one module each, so that adding a command
 * touches one line of this list and nothing else.
 */
export type RegisterCommand = (program: Command) => void;

export const EXTRA_COMMANDS: RegisterCommand[] = [registerBrief, registerServe, registerEnqueue, registerWorker, registerWatch];
