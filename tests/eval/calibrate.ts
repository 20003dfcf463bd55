/**
 * `npm run eval:calibrate`: fits the evidence model (src/core/answer/evidence-model.ts) on the
 * development questions plus the calibration-only questions in train.json — logistic regression,
 * answerable or not, over the evidence features — and shows how the fitted model abstains on the
 * development and held-out sets. Paste the printed model into the source.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { answerability, FEATURE_ORDER, toVector, type EvidenceModel } from '../../src/core/answer/evidence-model.ts';
import { createTestApp } from '../fixtures/app.ts';
import { loadQuestions, type EvalQuestion } from './evaluate.ts';

const app = await createTestApp();
const core = app.core.withSettings({ abstainThreshold: 0 });
const answerable = (q: EvalQuestion) => q.kind !== 'offtopic' && q.kind !== 'unanswerable';

async function rows(questions: EvalQuestion[]) {
  return Promise.all(questions.map(async (q) => ({ q, ...(await core.evidenceOf(q.question)), y: answerable(q) ? 1 : 0 })));
}
const dev = await rows(loadQuestions());
const held = await rows(loadQuestions(path.join(import.meta.dirname, 'heldout.json')));
const trainFile = path.join(import.meta.dirname, 'train.json');
const extra = existsSync(trainFile) ? await rows(loadQuestions(trainFile)) : [];

// Logistic regression by gradient descent with a little L2; questions the rules already refuse
// (unknown words, no content) are left out, as the model never sees them.
const train = [...dev, ...extra].filter((r) => !r.forced).map((r) => ({ x: toVector(r.features), y: r.y }));
const d = FEATURE_ORDER.length;
let w = new Array<number>(d + 1).fill(0);
const predict = (x: number[]) => 1 / (1 + Math.exp(-(w[d]! + x.reduce((s, v, i) => s + v * w[i]!, 0))));
for (let step = 0; step < 5000; step++) {
  const g = new Array<number>(d + 1).fill(0);
  for (const { x, y } of train) {
    const e = predict(x) - y;
    x.forEach((v, i) => (g[i]! += e * v));
    g[d]! += e;
  }
  w = w.map((v, i) => v - 0.5 * (g[i]! / train.length + (i < d ? 0.001 * v : 0)));
}
const round = (v: number) => Math.round(v * 100) / 100;
const model: EvidenceModel = {
  bias: round(w[d]!),
  weights: Object.fromEntries(FEATURE_ORDER.map((k, i) => [k, round(w[i]!)])) as EvidenceModel['weights'],
};
console.log(`fitted on ${train.length} questions (development + calibration):\nexport const EVIDENCE_MODEL: EvidenceModel = ${JSON.stringify(model)};\n`);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
console.log('threshold   dev: off-R  near-R  false-ref   held-out: off-R  near-R  false-ref');
for (const t of [0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8]) {
  const stats = (rs: typeof dev) => {
    const refused = (r: (typeof dev)[number]) => r.forced || answerability(r.features, model) < t;
    const share = (kind: (q: EvalQuestion) => boolean) => {
      const set = rs.filter((r) => kind(r.q));
      return set.filter(refused).length / Math.max(1, set.length);
    };
    return [share((q) => q.kind === 'offtopic'), share((q) => q.kind === 'unanswerable'), share(answerable)];
  };
  const [a, b, c] = stats(dev);
  const [e, f, g] = stats(held);
  console.log(`${t.toFixed(2).padStart(9)}  ${pct(a!)} ${pct(b!)} ${pct(c!).padStart(10)}   ${pct(e!).padStart(14)} ${pct(f!)} ${pct(g!).padStart(10)}`);
}
app.dispose();
