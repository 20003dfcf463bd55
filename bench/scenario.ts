/**
 * One benchmark scenario in its own process, so its peak RSS is its own. Prints one JSON line.
 * core.bench.ts runs it bundled by bin/launch.js and started by plain node, as `npm start` and the
 * `studybot` bin run the bot:
 *   node <bundle>/scenario.js shipped|corpus10k
 * The index is built by a child process (`build <knowledgeDir> <dataDir>`), as `studybot index`
 * would, so the build's peak memory and the serving process's peak memory are measured apart.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { preferSmallHeap } from '../bin/launch.js';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { indexTextOf } from '../src/core/knowledge/types.ts';
import { silentLogger } from '../src/log.ts';
import { Store } from '../src/store/store.ts';
import { loadQuestions } from '../tests/eval/evaluate.ts';
import { generateCorpus } from './corpus.ts';
import { peakRssMb, summarize, timeIt } from './stats.ts';

const root = process.cwd();
// As bin/launch.js runs the bot. STUDYBOT_BENCH_DEFAULT_HEAP=1 measures V8's defaults instead.
if (process.env['STUDYBOT_BENCH_DEFAULT_HEAP'] !== '1') preferSmallHeap();
const which = process.argv[2] ?? 'shipped';
const openApp = async (knowledgeDir: string, dataDir: string) => {
  const config = loadConfig({ STUDYBOT_DATA_DIR: dataDir, STUDYBOT_KNOWLEDGE_DIR: knowledgeDir, STUDYBOT_RATE_LIMIT_PER_MINUTE: '1000000' }, root);
  return createApp(config, silentLogger, { store: Store.open(':memory:') });
};
if (which === 'build') {
  const t = performance.now();
  (await openApp(process.argv[3]!, process.argv[4]!)).close();
  process.stdout.write(`${JSON.stringify({ buildMs: performance.now() - t, peakRssMb: peakRssMb() })}\n`);
  process.exit(0);
}
const work = mkdtempSync(path.join(tmpdir(), 'studybot-bench-'));
let knowledgeDir = path.join(root, 'knowledge');
if (which === 'corpus10k') {
  knowledgeDir = path.join(work, 'knowledge');
  mkdirSync(knowledgeDir);
  generateCorpus(knowledgeDir, 10_000, path.join(root, 'knowledge'));
  writeFileSync(path.join(knowledgeDir, 'glossary.yaml'), 'concepts:\n  parameters: [parameters, weights, model size]\n');
}
const builds: { buildMs: number; peakRssMb: number }[] = [];
for (let i = 0; i < (which === 'shipped' ? 3 : 2); i++) {
  const out = execFileSync(process.execPath, [process.argv[1]!, 'build', knowledgeDir, path.join(work, `data-${i}`)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  builds.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { buildMs: number; peakRssMb: number });
}
const tl = performance.now();
const app = await openApp(knowledgeDir, path.join(work, 'data-0'));
const load = performance.now() - tl;

const questions = loadQuestions(path.join(root, 'tests', 'eval', 'questions.json')).map((q) => q.question);
const rounds = which === 'shipped' ? 4 : 2;
const n = questions.length * rounds;
const ask = await timeIt(n, (i) => app.core.ask(questions[i % questions.length]!));
const search = await timeIt(n, (i) => app.core.search(questions[i % questions.length]!, 5));
const bm25 = await timeIt(n, async (i) => app.core.kb.searchBm25(questions[i % questions.length]!, 5));
// The serving figure is taken before the LangChain baseline, which builds its own copies of the chunks.
const servePeak = peakRssMb();
// Baseline: LangChain's BM25Retriever over the same chunks (it rescans every document per query).
const [{ BM25Retriever }, { Document }] = await Promise.all([import('@langchain/community/retrievers/bm25'), import('@langchain/core/documents')]);
const lc = BM25Retriever.fromDocuments(app.core.kb.chunks.map((c) => new Document({ pageContent: indexTextOf(c) })), { k: 5 });
const lcN = which === 'shipped' ? n : 40;
const langchainBm25 = await timeIt(lcN, (i) => lc.invoke(questions[i % questions.length]!), 1);

const out = {
  scenario: which,
  chunks: app.core.kb.chunks.length,
  buildMs: summarize(builds.map((b) => b.buildMs)).p50,
  buildPeakRssMb: Math.max(...builds.map((b) => b.peakRssMb)),
  loadMs: load,
  ask: summarize(ask),
  search: summarize(search),
  bm25Only: summarize(bm25),
  langchainBm25: summarize(langchainBm25),
  servePeakRssMb: servePeak,
};
app.close();
rmSync(work, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(out)}\n`);
