// Proves the real start command (`npm start`'s `node bin/start.js`) brings up Discord and
// Slack together when both are configured — against the local fakes — answers a slash command on
// each, runs headless (no console), and exits cleanly on SIGTERM; and that a bad variable stops it
// with one line naming the variable.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fixtures/fake-discord.ts';
import { sendSigned, slashCommand, startFakeSlack, type FakeSlack } from '../fixtures/fake-slack.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECRET = 'start-command-secret';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

type Started = { child: ChildProcess; out: () => string; exited: Promise<number | null> };

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['bin/start.js'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

async function until(check: () => boolean, what: () => string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting; output so far:\n${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('the start command', () => {
  it('runs Discord and Slack together, headless, and stops cleanly on SIGTERM', async () => {
    const discord: FakeDiscord = await startFakeDiscord();
    const slack: FakeSlack = await startFakeSlack();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'studybot-start-'));
    cleanup.push(async () => {
      await discord.close();
      await slack.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const port = await freePort();
    const bot = start({
      STUDYBOT_DATA_DIR: dataDir,
      DISCORD_TOKEN: 'test-token',
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_MODE: 'http',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PORT: String(port),
      SLACK_API_URL: slack.apiUrl,
    });
    cleanup.push(async () => {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    });
    bot.child.stdin?.end(); // a closed stdin must not stop a headless bot
    await until(() => /adapter started.*slack|"adapter":"slack"/u.test(bot.out()) && /"adapter":"discord"/u.test(bot.out()), bot.out);
    expect(bot.out()).not.toContain('studybot console');

    const cmd = discord.slashCommand({ name: 'ask', options: { question: 'What does LoRA stand for?' } });
    const callback = await discord.waitForCall((c) => c.method === 'POST' && c.route.includes(`/interactions/${cmd.id}/`), 15_000);
    expect(callback.status).toBeLessThan(300);

    const ack = await sendSigned(
      `http://127.0.0.1:${port}/slack/events`,
      slashCommand({ command: '/ask', text: 'What does LoRA stand for?', responseUrl: slack.responseUrl('r1') }),
      { secret: SECRET },
    );
    expect(ack.status).toBe(200);
    const [answer] = await slack.waitFor('response_url', 1, 15_000, 'r1');
    expect(JSON.stringify(answer?.body)).toContain('Low-Rank Adaptation');

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 60_000);

  it('refuses a bad variable with one line naming it, and exit code 2', async () => {
    const bot = start({ OPENAI_TIMEOUT_MS: 'soon' });
    cleanup.push(async () => {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    });
    expect(await bot.exited).toBe(2);
    const lines = bot.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^studybot: Invalid configuration — OPENAI_TIMEOUT_MS/u);
  }, 30_000);
});
