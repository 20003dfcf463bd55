import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.ts';
import { parseDockerfile } from '../../scripts/dockerfile.ts';

const root = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

describe('.env.example', () => {
  it('documents every variable the config reads', () => {
    const documented = new Set([...read('.env.example').matchAll(/^([A-Z0-9_]+)=/gmu)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((v) => !documented.has(v))).toEqual([]);
  });
});

describe('README quick start', () => {
  it('starts with the two commands that run the bot and the tests', () => {
    const readme = read('README.md');
    const firstBlock = /```(?:sh|bash)?\n([\s\S]*?)```/u.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm test');
    expect(read('.ci/run')).toMatch(/npm ci[\s\S]*npm test/u);
  });
});

describe('Dockerfile', () => {
  const stages = parseDockerfile(read('Dockerfile'));
  it('is multi-stage, runs as a non-root user, keeps data in a volume', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1)!;
    expect(runtime.steps.some((s) => s.op === 'USER' && !/^(root|0)$/u.test(s.args))).toBe(true);
    expect(runtime.steps.some((s) => s.op === 'VOLUME' && s.args.includes('/data'))).toBe(true);
    expect(runtime.steps.some((s) => s.op === 'COPY' && s.args.startsWith('--from=build'))).toBe(true);
  });
  it('starts the bot with the same command as npm start', () => {
    const cmd = stages.at(-1)!.steps.find((s) => s.op === 'CMD')!;
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
    expect((JSON.parse(cmd.args) as string[]).join(' ')).toBe(start);
  });
});
