/**
 * `npm run bench`: offline speed of the study core. Each scenario runs in its own process so its
 * peak RSS is its own; the CLI cold start is timed by spawning the real bin. Baselines run in the
 * same processes: BM25 alone, and LangChain's BM25Retriever over the same chunks.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureBuilt } from '../bin/launch.js';
import { fmt, line, summarize, type Summary } from './stats.ts';

type Scenario = {
  scenario: string;
  chunks: number;
  buildMs: number;
  loadMs: number;
  ask: Summary;
  search: Summary;
  bm25Only: Summary;
  langchainBm25: Summary;
  buildPeakRssMb: number;
  servePeakRssMb: number;
};

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);
// The scenarios run as the bot runs: bundled by bin/launch.js, started by plain node.
const bundle = await ensureBuilt(
  { scenario: 'bench/scenario.ts' },
  { outRoot: path.join(root, 'node_modules', '.cache', 'studybot-bench'), sources: ['src', 'commands', 'bench', 'tests/eval', 'package.json'] },
);

async function scenario(name: string, env: Record<string, string> = {}): Promise<Scenario> {
  const { stdout } = await run(process.execPath, [path.join(bundle, 'scenario.js'), name], {
    cwd: root,
    env: { ...process.env, ...env },
    maxBuffer: 1 << 20,
    timeout: 900_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Scenario;
}

/** Wall time of `studybot ask … --json` from process start to exit, index already built. */
function coldStarts(n: number): number[] {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'studybot-cold-'));
  const env = { ...process.env, STUDYBOT_DATA_DIR: dataDir };
  const bin = path.join(root, 'bin', 'studybot.js');
  execFileSync(process.execPath, [bin, 'index'], { cwd: root, env });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    execFileSync(process.execPath, [bin, 'ask', 'How does LoRA reduce trainable parameters?', '--json'], { cwd: root, env });
    out.push(performance.now() - t);
  }
  rmSync(dataDir, { recursive: true, force: true });
  return out;
}

const shipped = await scenario('shipped');
const cold = summarize(coldStarts(7));
const big = await scenario('corpus10k');
// Baseline for memory: the same, with V8's default heap sizing instead of bin/launch.js's preferSmallHeap().
const bigDefaultHeap = await scenario('corpus10k', { STUDYBOT_BENCH_DEFAULT_HEAP: '1' });

const show = (s: Scenario) => {
  console.log(`\n${s.scenario}: ${s.chunks} chunks — index build ${fmt(s.buildMs)} (peak RSS ${s.buildPeakRssMb.toFixed(0)} MB), load ${fmt(s.loadMs)}, serving peak RSS ${s.servePeakRssMb.toFixed(0)} MB`);
  console.log(line('  ask (extractive, offline)', s.ask));
  console.log(line('  search k=5 (hybrid)', s.search));
  console.log(line('  baseline: our BM25 alone', s.bm25Only));
  console.log(line("  baseline: LangChain BM25Retriever", s.langchainBm25));
};
console.log(`studybot bench — node ${process.version}, ${new Date().toISOString()}`);
show(shipped);
show(big);
console.log(
  `\nbaseline: corpus10k with V8's default heap sizing — build peak RSS ${bigDefaultHeap.buildPeakRssMb.toFixed(0)} MB, serving peak RSS ${bigDefaultHeap.servePeakRssMb.toFixed(0)} MB`,
);
console.log(line('  ask (extractive, offline)', bigDefaultHeap.ask));
console.log(`\n${line('CLI cold start to first answer (bin, warm index)', cold)}`);

const targets: [string, boolean][] = [
  [`ask p95 <= 30 ms on the shipped notes (${fmt(shipped.ask.p95)})`, shipped.ask.p95 <= 30],
  [`search p95 <= 50 ms at 10,000 chunks (${fmt(big.search.p95)})`, big.search.p95 <= 50],
  [`peak RSS <= 250 MB, shipped notes: build ${shipped.buildPeakRssMb.toFixed(0)} MB, serving ${shipped.servePeakRssMb.toFixed(0)} MB`, Math.max(shipped.buildPeakRssMb, shipped.servePeakRssMb) <= 250],
  [`peak RSS <= 250 MB, 10,000 chunks: build ${big.buildPeakRssMb.toFixed(0)} MB, serving ${big.servePeakRssMb.toFixed(0)} MB`, Math.max(big.buildPeakRssMb, big.servePeakRssMb) <= 250],
  [`CLI cold start p50 <= 2 s (${fmt(cold.p50)})`, cold.p50 <= 2000],
];
console.log('');
for (const [name, ok] of targets) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
