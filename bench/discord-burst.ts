/**
 * Burst benchmark for the Discord adapter: the real discord.js Client against the fake Discord,
 * over the offline core. Dispatches `n` /ask slash commands on the gateway as fast as it can and
 * measures, for each, the time from the gateway send to the first interaction callback reaching
 * the fake's REST (the acknowledgement Discord wants within 3 s). Also counts interactions never
 * acknowledged (dropped) and acknowledged more than once, and times the final answers (edits).
 *
 * The fake runs in a worker thread, as Discord runs on other machines: its HTTP and WebSocket work
 * does not share the bot's event loop, and both timestamps of a measurement come from its clock.
 *
 *   node --import tsx bench/discord-burst.ts [n]
 */
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { DiscordAdapter } from '../src/adapters/discord/adapter.ts';
import { silentLogger } from '../src/log.ts';
import { createTestApp } from '../tests/fixtures/app.ts';
import { startFakeDiscord, type FakeDiscord, type RecordedCall, type SentInteraction } from '../tests/fixtures/fake-discord.ts';
import { BURST_QUESTIONS, sleep, fmt, summarize, type Summary } from './stats.ts';

export type BurstFigures = {
  n: number;
  /** Gateway send → first callback at the fake REST, ms. */
  ack: Summary;
  /** Gateway send → the deferred answer edited in, ms. */
  answer: Summary;
  dropped: number;
  doubleAnswered: number;
  /** Interactions whose answer edit never arrived. */
  unanswered: number;
};

/** The measured burst, and the first (cold: fresh process, no pooled connections) burst before it. */
export type BurstResult = BurstFigures & { cold?: BurstFigures };

const QUESTIONS = BURST_QUESTIONS;

/** Dispatches `n` /ask commands from distinct users at once and collects what reached the fake. */
async function burst(fake: FakeDiscord, n: number, round: number, settleMs: number): Promise<BurstFigures> {
  // Distinct users, so the per-user rate limit answers none of them "slow down".
  const users = Array.from({ length: n }, (_, i) => fake.user(`student${round}-${i}`));
  const from = fake.calls.length;
  const sent = users.map((user, i) => fake.slashCommand({ name: 'ask', options: { question: `${QUESTIONS[i % QUESTIONS.length]!} (${i})` }, user }));
  const byToken = new Map<string, RecordedCall[]>(sent.map((s) => [s.token, []]));
  const tokenOf = (route: string) => /^\/(?:interactions\/\d+|webhooks\/\d+)\/([^/]+)/u.exec(route)?.[1];
  const deadline = Date.now() + settleMs;
  let seen = from;
  for (;;) {
    for (const call of fake.calls.slice(seen)) {
      const token = tokenOf(call.route);
      if (token) byToken.get(token)?.push(call);
    }
    seen = fake.calls.length;
    const done = sent.every((s) => byToken.get(s.token)?.some((c) => c.method === 'PATCH'));
    if (done || Date.now() > deadline) break;
    await sleep(25);
  }
  return tally(sent, byToken);
}

/** Per interaction: first callback (the ack), callbacks that succeeded, the answer edit. */
function tally(sent: readonly SentInteraction[], byToken: ReadonlyMap<string, RecordedCall[]>): BurstFigures {
  const acks: number[] = [];
  const answers: number[] = [];
  let dropped = 0;
  let doubleAnswered = 0;
  let unanswered = 0;
  for (const s of sent) {
    const calls = byToken.get(s.token) ?? [];
    const callbacks = calls.filter((c) => c.route.endsWith('/callback'));
    const first = callbacks[0];
    if (first) acks.push(first.at - s.sentAt);
    else dropped++;
    if (callbacks.filter((c) => (c.status ?? 0) < 300).length > 1) doubleAnswered++;
    const edit = calls.find((c) => c.method === 'PATCH' && (c.status ?? 0) < 300);
    if (edit) answers.push(edit.at - s.sentAt);
    else unanswered++;
  }
  return { n: sent.length, ack: summarize(acks), answer: summarize(answers), dropped, doubleAnswered, unanswered };
}

type ToFake = { type: 'burst'; n: number; round: number; settleMs: number } | { type: 'close' };
type FromFake = { type: 'ready'; apiUrl: string } | { type: 'figures'; figures: BurstFigures } | { type: 'closed' };
const ROLE = 'fake-discord';

/** The worker side: a fake Discord that runs bursts on request and reports their figures. */
async function serveFake(port: MessagePort): Promise<void> {
  const fake = await startFakeDiscord();
  port.on('message', (msg: ToFake) => {
    if (msg.type === 'burst') void burst(fake, msg.n, msg.round, msg.settleMs).then((figures) => port.postMessage({ type: 'figures', figures } satisfies FromFake));
    else void fake.close().then(() => port.postMessage({ type: 'closed' } satisfies FromFake));
  });
  port.postMessage({ type: 'ready', apiUrl: fake.apiUrl } satisfies FromFake);
}

/** Messages from the fake's worker, one at a time; a worker error rejects the pending wait. */
function inbox(worker: Worker): () => Promise<FromFake> {
  const queue: FromFake[] = [];
  let waiting: { resolve: (m: FromFake) => void; reject: (e: unknown) => void } | undefined;
  let failure: unknown;
  worker.on('message', (m: FromFake) => (waiting ? (waiting.resolve(m), (waiting = undefined)) : queue.push(m)));
  const fail = (err: unknown) => {
    failure = err;
    waiting?.reject(err);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`fake Discord worker exited (${code})`)));
  return () => {
    const m = queue.shift();
    if (m) return Promise.resolve(m);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => (waiting = { resolve, reject }));
  };
}

/**
 * Runs the benchmark: the fake in a worker, the real adapter over the offline core here; sends
 * `warmupBursts` untimed bursts of the same size (JIT, pooled connections, as in a bot that has
 * been running), then the measured one. The first burst's figures come back as `cold`.
 */
export async function runDiscordBurst(n = 200, opts: { warmupBursts?: number; settleMs?: number } = {}): Promise<BurstResult> {
  // Workers do not inherit tsx's loader: register it there before importing this file.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { role: ROLE } });
  const next = inbox(worker);
  const app = await createTestApp();
  let adapter: DiscordAdapter | undefined;
  try {
    const ready = await next();
    if (ready.type !== 'ready') throw new Error('fake Discord did not start');
    adapter = new DiscordAdapter(app, { token: 'bench', apiUrl: ready.apiUrl }, silentLogger);
    await adapter.start();
    const run = async (round: number) => {
      worker.postMessage({ type: 'burst', n, round, settleMs: opts.settleMs ?? 30_000 } satisfies ToFake);
      const m = await next();
      if (m.type !== 'figures') throw new Error(`unexpected ${m.type} from the fake`);
      return m.figures;
    };
    const warmups = opts.warmupBursts ?? 1;
    let cold: BurstFigures | undefined;
    for (let round = 0; round < warmups; round++) cold ??= await run(round);
    const measured = await run(warmups);
    return cold ? { ...measured, cold } : measured;
  } finally {
    await adapter?.stop();
    worker.postMessage({ type: 'close' } satisfies ToFake);
    await next().catch(() => undefined);
    await worker.terminate();
    app.dispose();
  }
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE && parentPort) await serveFake(parentPort);

const isMain = isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const n = Number(process.argv[2] ?? 200);
  const f = await runDiscordBurst(n);
  const target = 150;
  console.log(`discord burst: ${f.n} /ask slash commands through the fake gateway (offline core), after one untimed warm-up burst`);
  console.log(`  ack (gateway send → first callback)  p50 ${fmt(f.ack.p50)}  p99 ${fmt(f.ack.p99)}  max ${fmt(f.ack.max)}`);
  console.log(`  answer (send → deferred reply edited) p50 ${fmt(f.answer.p50)}  p99 ${fmt(f.answer.p99)}  max ${fmt(f.answer.max)}`);
  console.log(`  dropped ${f.dropped}  double-answered ${f.doubleAnswered}  unanswered ${f.unanswered}`);
  if (f.cold) console.log(`  (cold first burst: ack p50 ${fmt(f.cold.ack.p50)}  p99 ${fmt(f.cold.ack.p99)}  max ${fmt(f.cold.ack.max)}; dropped ${f.cold.dropped}, double ${f.cold.doubleAnswered})`);
  const ok = f.ack.p99 <= target && f.dropped === 0 && f.doubleAnswered === 0;
  console.log(`  target p99 <= ${target} ms, none dropped, none answered twice: ${ok ? 'MET' : 'NOT MET'}`);
  process.exitCode = ok ? 0 : 1;
}
