// Proves the launcher behind `npm start` and the `studybot` bin: it bundles the TypeScript on first
// use, reuses the bundle while no source changed, rebuilds (and drops the old bundle) when one did,
// and what it builds runs under plain node with our own modules inlined.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../bin/launch.js';

const root = mkdtempSync(path.join(tmpdir(), 'studybot-launch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};
const opts = { root, sources: ['src'] };
const entries = { prog: 'src/prog.ts' };

describe('bin/launch.js', () => {
  it('bundles on first use, reuses the bundle, and rebuilds when a source changes', async () => {
    write('src/prog.ts', "import { greet } from './greet.ts';\nexport const out: string = greet('notes');\nexport const later = () => import('./lazy.ts');\n");
    write('src/greet.ts', 'export const greet = (x: string): string => `hello ${x}`;\n');
    write('src/lazy.ts', 'export const lazy = 42;\n');
    const first = await ensureBuilt(entries, opts);
    const mod = (await import(pathToFileURL(path.join(first, 'prog.js')).href)) as { out: string; later: () => Promise<{ lazy: number }> };
    expect(mod.out).toBe('hello notes');
    expect((await mod.later()).lazy).toBe(42);
    // One file per program: the lazily imported module is inlined, not a separate chunk.
    expect(readdirSync(first).filter((f) => f.endsWith('.js'))).toEqual(['prog.js']);

    const builtAt = statSync(path.join(first, 'prog.js')).mtimeMs;
    expect(await ensureBuilt(entries, opts)).toBe(first);
    expect(statSync(path.join(first, 'prog.js')).mtimeMs).toBe(builtAt);

    write('src/greet.ts', 'export const greet = (x: string): string => `hi ${x}`;\n');
    const second = await ensureBuilt(entries, opts);
    expect(second).not.toBe(first);
    expect(existsSync(first)).toBe(false);
    const again = (await import(pathToFileURL(path.join(second, 'prog.js')).href)) as { out: string };
    expect(again.out).toBe('hi notes');
  });

  it('bundles into the temp folder when its own output folder cannot be written', async () => {
    // The bundle imports a package, which it must still find from the temp folder.
    write('node_modules/tiny-pkg/package.json', '{"name":"tiny-pkg","type":"module","exports":"./index.js"}\n');
    write('node_modules/tiny-pkg/index.js', "export const word = 'ok';\n");
    write('src/prog.ts', "import { word } from 'tiny-pkg';\nexport const out: string = word;\n");
    write('not-a-folder', 'a file where the output folder would go\n');
    const dir = await ensureBuilt(entries, { ...opts, outRoot: path.join(root, 'not-a-folder', 'dist') });
    expect(dir.startsWith(tmpdir())).toBe(true);
    expect(((await import(pathToFileURL(path.join(dir, 'prog.js')).href)) as { out: string }).out).toBe('ok');
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('reports a source that does not compile instead of leaving half a bundle', async () => {
    write('src/prog.ts', 'export const broken = ;\n');
    await expect(ensureBuilt(entries, opts)).rejects.toThrow(/Expected|Unexpected/u);
    expect(readdirSync(path.join(root, 'dist')).filter((d) => d.includes('.tmp-'))).toEqual([]);
  });
});
