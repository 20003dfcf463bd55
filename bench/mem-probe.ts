import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { Store } from '../src/store/store.ts';
import { generateCorpus } from './corpus.ts';
const mb = () => `rss=${(process.memoryUsage().rss / 1048576).toFixed(0)} heap=${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} ext=${(process.memoryUsage().external / 1048576).toFixed(0)} peak=${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`;
console.log('start', mb());
const work = process.argv[3] ?? mkdtempSync(path.join(tmpdir(), 'memprobe-'));
const kd = path.join(work, 'k'); mkdirSync(kd, { recursive: true }); generateCorpus(kd, 10_000); writeFileSync(path.join(kd, 'glossary.yaml'), 'concepts: {}\n');
console.log('corpus', mb());
const config = loadConfig({ STUDYBOT_DATA_DIR: path.join(work, 'd'), STUDYBOT_KNOWLEDGE_DIR: kd }, process.cwd());
const mode = process.argv[2];
if (mode === 'load') { (await createApp(config, silentLogger, { store: Store.open(':memory:') })).close(); (globalThis as any).gc?.(); console.log('after build+gc', mb()); }
const app = await createApp(config, silentLogger, { store: Store.open(':memory:') });
(globalThis as any).gc?.();
console.log(mode === 'load' ? 'after load' : 'after build', mb());
