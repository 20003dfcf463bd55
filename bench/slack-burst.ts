/**
 * Burst benchmark for the Slack adapter: the real Bolt app in HTTP mode (HTTPReceiver on
 * 127.0.0.1) over the offline core. Sends `n` signed slash commands (/ask, some /explain and
 * /help) from distinct users, `concurrency` at a time, and measures for each the time from sending
 * the request to its HTTP 200 — the ack Slack wants within 3 s. Counts requests not acked with 200
 * within 3 s (dropped), answered more than once at their response_url (double-answered) or never
 * (unanswered), and times the answers.
 *
 * Slack's side (the load generator and the fake Web API / response_url server) runs in a worker
 * thread, as Slack runs on other machines: the main thread holds only the bot, so the figures are
 * the bot's, not the load generator's competing for the same event loop.
 *
 *   node --import tsx bench/slack-burst.ts [n] [concurrency]
 */
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { SlackAdapter } from '../src/adapters/slack/adapter.ts';
import { silentLogger } from '../src/log.ts';
import { createTestApp } from '../tests/fixtures/app.ts';
import { slackSender, slashCommand, startFakeSlack, type SlackDelivery } from '../tests/fixtures/fake-slack.ts';
import { BURST_QUESTIONS, sleep, fmt, summarize, type Summary } from './stats.ts';

export type SlackBurstFigures = {
  n: number;
  concurrency: number;
  /** Request sent → HTTP 200 (the ack), ms. */
  ack: Summary;
  /** Request sent → first post at its response_url, ms. */
  answer: Summary;
  /** Not acked with 200 within Slack's 3 s. */
  dropped: number;
  doubleAnswered: number;
  unanswered: number;
};

type BurstOptions = { concurrency?: number; settleMs?: number; warmup?: number };
type SlackSideData = { role: 'slack-side'; n: number } & Required<BurstOptions>;
type SlackSideMessage = { type: 'ready'; apiUrl: string } | { type: 'done'; figures: SlackBurstFigures } | { type: 'failed'; message: string };

const SECRET = 'bench-signing-secret';
const QUESTIONS = BURST_QUESTIONS;

/** Mostly /ask, every 5th an /explain, every 10th a /help: what a group session sends. */
function request(i: number, responseUrl: string): SlackDelivery {
  const userId = `U${String(i).padStart(6, '0')}`; // distinct users: no rate-limit replies
  if (i % 10 === 9) return slashCommand({ command: '/help', userId, responseUrl });
  if (i % 5 === 4) return slashCommand({ command: '/explain', text: 'RLHF level:beginner', userId, responseUrl });
  return slashCommand({ command: '/ask', text: `${QUESTIONS[i % QUESTIONS.length]!} (${i})`, userId, responseUrl });
}

/**
 * Runs the burst and returns the figures; starts and stops everything it needs (the bot here,
 * Slack's side in a worker thread).
 */
export async function runSlackBurst(n = 200, opts: BurstOptions = {}): Promise<SlackBurstFigures> {
  const data: SlackSideData = { role: 'slack-side', n, concurrency: opts.concurrency ?? 20, settleMs: opts.settleMs ?? 30_000, warmup: opts.warmup ?? 10 };
  // Workers do not inherit `--import tsx` hooks on Node 20: register tsx in the worker, then load this file.
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const slack = new Worker(bootstrap, { eval: true, workerData: data });
  const app = await createTestApp();
  let adapter: SlackAdapter | undefined;
  try {
    const next = async (): Promise<SlackSideMessage> => {
      const [msg] = (await once(slack, 'message')) as [SlackSideMessage];
      if (msg.type === 'failed') throw new Error(`slack side failed: ${msg.message}`);
      return msg;
    };
    const ready = await next();
    if (ready.type !== 'ready') throw new Error('slack side: expected ready');
    adapter = new SlackAdapter({
      app,
      logger: silentLogger,
      config: { botToken: 'xoxb-bench', signingSecret: SECRET, mode: 'http', port: 0, apiUrl: ready.apiUrl, adminUserIds: [] },
      host: '127.0.0.1',
      clientOptions: { retryConfig: { retries: 0 } },
    });
    await adapter.start();
    slack.postMessage({ endpoint: `http://127.0.0.1:${adapter.port}/slack/events` });
    const done = await next();
    if (done.type !== 'done') throw new Error('slack side: expected figures');
    return done.figures;
  } finally {
    await adapter?.stop();
    await slack.terminate();
    app.dispose();
  }
}

/** Slack's side: the fake Web API and response_url server, and the load generator. */
async function slackSide(d: SlackSideData, port: NonNullable<typeof parentPort>): Promise<void> {
  const fake = await startFakeSlack();
  try {
    port.postMessage({ type: 'ready', apiUrl: fake.apiUrl } satisfies SlackSideMessage);
    const [{ endpoint }] = (await once(port, 'message')) as [{ endpoint: string }];
    const sender = slackSender(endpoint, SECRET, { maxSockets: d.concurrency, timeoutMs: 3000 });
    const send = sender.send;
    // A few untimed requests first, one at a time, so the timed ones do not pay for JIT and lazy
    // loading. They use one connection: the burst still opens the other connections itself.
    for (let i = 0; i < d.warmup; i++) await send(request(i, fake.responseUrl(`warm${i}`)));
    await fake.waitFor('response_url', d.warmup, 10_000);

    const sentAt = new Array<number>(d.n).fill(0);
    const ackMs: number[] = [];
    let dropped = 0;
    let next = 0;
    const worker = async () => {
      while (next < d.n) {
        const i = next++;
        const t = performance.now();
        sentAt[i] = t;
        try {
          const res = await send(request(i, fake.responseUrl(`b${i}`)));
          if (res.status === 200) ackMs.push(performance.now() - t);
          else dropped++;
        } catch {
          dropped++; // timed out or refused
        }
      }
    };
    await Promise.all(Array.from({ length: d.concurrency }, worker));

    const answered = () => new Set(fake.of('response_url').map((c) => c.responseId)).size - d.warmup;
    const deadline = Date.now() + d.settleMs;
    while (answered() < d.n && Date.now() < deadline) await sleep(20);
    await sleep(300); // let any second answer arrive before counting
    const answerMs: number[] = [];
    let doubleAnswered = 0;
    let unanswered = 0;
    for (let i = 0; i < d.n; i++) {
      const posts = fake.of('response_url', `b${i}`);
      if (posts.length > 1) doubleAnswered++;
      const first = posts[0];
      if (first) answerMs.push(first.at - sentAt[i]!);
      else unanswered++;
    }
    const figures: SlackBurstFigures = { n: d.n, concurrency: d.concurrency, ack: summarize(ackMs), answer: summarize(answerMs), dropped, doubleAnswered, unanswered };
    port.postMessage({ type: 'done', figures } satisfies SlackSideMessage);
    sender.close();
  } finally {
    await fake.close();
  }
}

const side = workerData as SlackSideData | undefined;
if (!isMainThread && side?.role === 'slack-side' && parentPort) {
  const port = parentPort;
  slackSide(side, port).catch((err: unknown) => port.postMessage({ type: 'failed', message: String(err) } satisfies SlackSideMessage));
}

const isMain = isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const n = Number(process.argv[2] ?? 200);
  const concurrency = Number(process.argv[3] ?? 20);
  const f = await runSlackBurst(n, { concurrency });
  const target = 150;
  console.log(`slack burst: ${f.n} signed slash commands to Bolt's HTTPReceiver, ${f.concurrency} at a time (offline core)`);
  console.log(`  ack (request sent → HTTP 200)        p50 ${fmt(f.ack.p50)}  p99 ${fmt(f.ack.p99)}  max ${fmt(f.ack.max)}`);
  console.log(`  answer (sent → response_url post)    p50 ${fmt(f.answer.p50)}  p99 ${fmt(f.answer.p99)}  max ${fmt(f.answer.max)}`);
  console.log(`  dropped ${f.dropped}  double-answered ${f.doubleAnswered}  unanswered ${f.unanswered}`);
  const ok = f.ack.p99 <= target && f.dropped === 0 && f.doubleAnswered === 0 && f.unanswered === 0;
  console.log(`  target p99 <= ${target} ms, none dropped, none answered twice: ${ok ? 'MET' : 'NOT MET'}`);
  process.exitCode = ok ? 0 : 1;
}
