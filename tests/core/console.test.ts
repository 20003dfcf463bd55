// Proves the console adapter end to end over in-memory streams: /help, a plain question, /explain
// with a level, an unknown command and `exit`, answered in order as plain terminal text.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { createTestApp, type TestApp } from '../fixtures/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.dispose());

let sessions = 0;
/** Starts a console, types `input` into it, and returns everything it printed once it stops. */
async function session(input: string, user = `user-${++sessions}`): Promise<string> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let printed = '';
  stdout.on('data', (d: Buffer) => (printed += d.toString('utf8')));
  const adapter = new ConsoleAdapter(app, { input: stdin, output: stdout, color: false, user });
  await adapter.start();
  stdin.end(input);
  await adapter.finished;
  return printed;
}

describe('ConsoleAdapter', () => {
  it('answers /help, a plain question, /explain with a level and an unknown command, in order, then exits', async () => {
    const out = await session('/help\nWhat does RLHF stand for?\n\n/explain RLHF level:beginner\n/quizz\nexit\n');
    expect(out.startsWith('studybot console — offline (extractive answers). Type /help, a question, or exit.\n')).toBe(true);
    const help = out.indexOf('studybot help');
    const answer = out.indexOf('Reinforcement Learning from Human Feedback');
    const explain = out.search(/RLHF.*\(beginner\)/u);
    const unknown = out.indexOf('Unknown command /quizz.');
    expect([help, answer, explain, unknown].every((i) => i >= 0)).toBe(true);
    expect(help < answer && answer < explain && explain < unknown).toBe(true);
    expect(out).toMatch(/Sources:\n {2}\[1\] 03-gpt-and-instructgpt\.md:\d+-\d+ — /u);
    expect(out).toContain('What it is:');
    expect(out).not.toContain('\u001b['); // color: false means no ANSI codes
  });

  it('stops on exit even when more lines were piped after it', async () => {
    const out = await session('exit\n/help\n');
    expect(out.startsWith('studybot console')).toBe(true);
  });

  it('stops at the end of input even without exit', async () => {
    const out = await session('/help\n');
    expect(out).toContain('studybot help');
  });

  it('answers an off-topic question with an abstention, not an error', async () => {
    const out = await session('How do I bake sourdough bread?\nexit\n');
    expect(out).toContain("The notes don't cover that");
    expect(out).not.toContain('something went wrong');
  });

  // Known bug (see report): lines already read when `exit` arrives are still queued and answered,
  // so piped input keeps running commands after `exit`.
  it('answers nothing typed after exit', async () => {
    const out = await session('exit\nWhat does RLHF stand for?\n');
    expect(out).not.toContain('Reinforcement Learning from Human Feedback');
  });
});
