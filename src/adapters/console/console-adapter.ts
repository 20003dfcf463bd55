import { createInterface, type Interface } from 'node:readline';
import type { App } from '../../app.ts';
import { parseCommandLine } from '../../core/parse-line.ts';
import type { Adapter } from '../adapter.ts';
import { renderForTerminal } from './render.ts';

export type ConsoleOptions = { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; color: boolean; user?: string };

/**
 * The local console: type `/ask …`, `/explain …`, `/help`, or just a question. Lines are handled one
 * at a time, in order; `exit` or end of input stops it.
 */
export class ConsoleAdapter implements Adapter {
  readonly name = 'console';
  private rl?: Interface;
  private queue: Promise<void> = Promise.resolve();
  /** Set by `exit`: lines already read after it are dropped. */
  private closing = false;
  private done!: () => void;
  /** Resolves when the user quits or input ends. */
  readonly finished = new Promise<void>((resolve) => (this.done = resolve));

  constructor(
    private readonly app: App,
    private readonly opts: ConsoleOptions,
  ) {}

  private write(text: string): void {
    this.opts.output.write(text);
  }

  async start(): Promise<void> {
    const mode = this.app.core.mode === 'generative' ? 'generative (model configured)' : 'offline (extractive answers)';
    this.write(`studybot console — ${mode}. Type /help, a question, or exit.\n`);
    for (const w of this.app.warnings) this.write(`warning: ${w}\n`);
    this.rl = createInterface({ input: this.opts.input, output: this.opts.output, prompt: 'studybot> ', terminal: false });
    this.rl.on('line', (line) => {
      this.queue = this.queue.then(() => this.onLine(line));
    });
    this.rl.on('close', () => {
      void this.queue.then(() => this.done());
    });
    this.rl.prompt();
  }

  private async onLine(line: string): Promise<void> {
    if (this.closing) return;
    const text = line.trim();
    if (text === '') return this.rl?.prompt();
    if (/^(exit|quit|\/exit|\/quit)$/iu.test(text)) {
      this.closing = true;
      this.rl?.close();
      return;
    }
    // A plain line is a question, as in the study channel.
    const inv = parseCommandLine(text.startsWith('/') ? text : `/ask ${text}`, this.app.commands);
    if (inv) {
      const reply = await this.app.handle(inv, { platform: 'console', userId: this.opts.user ?? 'console' });
      this.write(renderForTerminal(reply, this.opts.color));
    }
    this.rl?.prompt();
  }

  async stop(): Promise<void> {
    this.rl?.close();
    await this.queue;
  }
}
