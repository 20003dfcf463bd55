/**
 * `npm run eval`: retrieval and answer quality on the shipped notes, offline, for the hybrid
 * retriever side by side with BM25-only and dense-only. Prints a table and checks the targets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { RetrievalMode } from '../../src/core/retrieval/knowledge-base.ts';
import { silentLogger } from '../../src/log.ts';
import { evaluate, loadQuestions, sweep, type Figures } from './evaluate.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'studybot-eval-'));
const config = loadConfig({ STUDYBOT_DATA_DIR: dataDir, STUDYBOT_KNOWLEDGE_DIR: path.join(root, 'knowledge') }, root);
const app = await createApp(config, silentLogger);
const questions = loadQuestions();
const verbose = process.argv.includes('--verbose');

const results: Figures[] = [];
for (const mode of ['hybrid', 'bm25', 'dense'] as RetrievalMode[]) {
  const core = app.core.withSettings({ retrieval: mode });
  results.push(await evaluate(core, mode, questions));
}
const heldout = loadQuestions(path.join(import.meta.dirname, 'heldout.json'));
const held = await evaluate(app.core, 'hybrid', heldout);
const thresholds = [0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];
const probe = app.core.withSettings({ abstainThreshold: 0 });
const devSweep = await sweep(probe, questions, thresholds);
const heldSweep = await sweep(probe, heldout, thresholds);
app.close();
rmSync(dataDir, { recursive: true, force: true });

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const [hybrid, bm25] = results as [Figures, Figures, Figures];
console.log(`studybot eval — development set (tests/eval/questions.json): ${hybrid.onTopic} on-topic questions, ${hybrid.offTopic} off-topic, ${hybrid.unanswerable} unanswerable near-domain; offline (extractive)\n`);
console.log('retriever  hit@1    hit@3  hit@3 direct  paraphrase  multi  fact-hit  (answered)  abstain-P  abstain-R  false-refusal  near-domain-R');
for (const r of results) {
  const k = r.hit3ByKind;
  console.log(
    `${r.mode.padEnd(9)} ${pct(r.hit1)} ${pct(r.hit3)}  ${pct(k['direct'] ?? 0).padStart(11)} ${pct(k['paraphrase'] ?? 0).padStart(11)} ${pct(k['multi'] ?? 0)} ${pct(r.factHit).padStart(9)} ${pct(r.factHitAnswered).padStart(11)} ${pct(r.abstentionPrecision).padStart(10)} ${pct(r.abstentionRecall).padStart(10)} ${pct(r.falseRefusalRate).padStart(14)} ${pct(r.unanswerableRecall).padStart(14)}`,
  );
}
const row = (name: string, r: Figures) => {
  const k = r.hit3ByKind;
  return `${name.padEnd(9)} ${pct(r.hit1)} ${pct(r.hit3)}  ${pct(k['direct'] ?? 0).padStart(11)} ${pct(k['paraphrase'] ?? 0).padStart(11)} ${pct(k['multi'] ?? 0)} ${pct(r.factHit).padStart(9)} ${pct(r.factHitAnswered).padStart(11)} ${pct(r.abstentionPrecision).padStart(10)} ${pct(r.abstentionRecall).padStart(10)} ${pct(r.falseRefusalRate).padStart(14)} ${pct(r.unanswerableRecall).padStart(14)}`;
};
console.log(`\nheld-out set (tests/eval/heldout.json, written apart from the tuning): ${held.onTopic} on-topic, ${held.offTopic} off-topic, ${held.unanswerable} unanswerable`);
console.log(row('hybrid', held));
console.log(`\nabstention threshold sweep (hybrid; default STUDYBOT_ABSTAIN_THRESHOLD=${config.abstainThreshold}):`);
console.log('threshold   dev: off-R  near-R  false-ref  fact-hit   held-out: off-R  near-R  false-ref  fact-hit');
thresholds.forEach((t, i) => {
  const d = devSweep[i]!;
  const h = heldSweep[i]!;
  console.log(`${t.toFixed(2).padStart(9)}  ${pct(d.offRecall)} ${pct(d.nearRecall)} ${pct(d.falseRefusal).padStart(10)} ${pct(d.factHit).padStart(9)}   ${pct(h.offRecall).padStart(14)} ${pct(h.nearRecall)} ${pct(h.falseRefusal).padStart(10)} ${pct(h.factHit).padStart(9)}`);
});
const targets: [string, boolean][] = [
  ['hybrid hit@3 >= 0.90', hybrid.hit3 >= 0.9],
  ['hybrid fact-hit >= 0.85', hybrid.factHit >= 0.85],
  ['off-topic abstention recall >= 0.90', hybrid.abstentionRecall >= 0.9],
  ['on-topic false refusals <= 5%', hybrid.falseRefusalRate <= 0.05],
  ['hybrid beats BM25-only on paraphrases (hit@3)', (hybrid.hit3ByKind['paraphrase'] ?? 0) > (bm25.hit3ByKind['paraphrase'] ?? 0)],
];
console.log('');
for (const [name, ok] of targets) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
if (verbose) for (const m of [...hybrid.misses, ...held.misses]) console.log(`  miss ${m.id}: ${m.what}`);
process.exitCode = targets.every(([, ok]) => ok) ? 0 : 1;
