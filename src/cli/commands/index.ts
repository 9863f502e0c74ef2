import type { Command } from 'commander';

/**
 * Commands beyond the core ones in main.ts register themselves here, one module each, so that adding a command
 * touches one line of this list and nothing else.
 */
export type RegisterCommand = (program: Command) => void;

export const EXTRA_COMMANDS: RegisterCommand[] = [];
