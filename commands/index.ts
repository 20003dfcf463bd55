import type { AnyCommand } from '../src/core/command.ts';
import ask from './ask.ts';
import explain from './explain.ts';
import help from './help.ts';
import studychannel from './studychannel.ts';

/** Every slash command, in the order /help lists them. Adapters, deploy and manifest read this list. */
export const commands: readonly AnyCommand[] = [ask, explain, help, studychannel];
