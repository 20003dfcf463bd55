/**
 * `npm run docker:dryrun`: there is no Docker daemon here, so this walks the Dockerfile's steps
 * itself: each stage in a temporary folder, COPY as file copies, RUN through the shell (apt-get
 * lines skipped: this machine already has the toolchain they install), then the runtime CMD with the
 * image's ENV, fed "/help" and "exit" on stdin. It proves the build steps work from the lock file
 * and that the image's start command starts the console on the offline defaults.
 */
import { execSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDockerfile } from './dockerfile.ts';

const root = path.resolve(import.meta.dirname, '..');
const stages = parseDockerfile(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const dirs = new Map<string, string>();
const work = mkdtempSync(path.join(tmpdir(), 'studybot-docker-'));
let env: Record<string, string> = {};
let cmd: string[] = [];

/** Maps an absolute image path to this stage's folder. */
const inStage = (dir: string, p: string) => path.join(dir, p);
let workdir = '/';
for (const stage of stages) {
  const dir = path.join(work, stage.name);
  mkdirSync(dir, { recursive: true });
  dirs.set(stage.name, dir);
  env = {};
  workdir = '/';
  console.log(`# stage ${stage.name} (FROM ${stage.base})`);
  for (const { op, args } of stage.steps) {
    const cwd = inStage(dir, workdir);
    if (op === 'USER' || op === 'VOLUME') continue;
    if (op === 'WORKDIR') {
      workdir = path.posix.resolve(workdir, args);
      mkdirSync(inStage(dir, workdir), { recursive: true });
    } else if (op === 'ENV') {
      for (const m of args.matchAll(/(\w+)=(\S+)/gu)) env[m[1]!] = m[2]!;
    } else if (op === 'COPY') {
      const parts = args.split(/\s+/u);
      const fromStage = parts[0]?.startsWith('--from=') ? dirs.get(parts.shift()!.slice(7)) : undefined;
      const destArg = parts.pop()!;
      const dest = destArg.startsWith('/') ? inStage(dir, destArg) : path.join(cwd, destArg);
      for (const src of parts) {
        const from = fromStage ? inStage(fromStage, src) : path.join(root, src);
        const target = destArg.endsWith('/') ? path.join(dest, path.basename(src)) : dest;
        cpSync(from, target, { recursive: true });
      }
      console.log(`COPY ${args}`);
    } else if (op === 'RUN') {
      if (/apt-get/u.test(args)) {
        console.log(`RUN (skipped: system packages) ${args.slice(0, 60)}…`);
        continue;
      }
      const command = args.replace(/chown [^&]+/u, 'true').replace(/(?<=\s)\/data\b/gu, inStage(dir, '/data'));
      console.log(`RUN ${command}`);
      execSync(command, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
    } else if (op === 'CMD') {
      cmd = JSON.parse(args) as string[];
    }
  }
}
const runtime = dirs.get(stages.at(-1)!.name)!;
const runtimeEnv: NodeJS.ProcessEnv = { ...process.env, ...env, STUDYBOT_DATA_DIR: inStage(runtime, env['STUDYBOT_DATA_DIR'] ?? '/data') };
for (const k of ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']) delete runtimeEnv[k];
console.log(`# start: ${cmd.join(' ')}`);
const res = spawnSync(cmd[0]!, cmd.slice(1), { cwd: inStage(runtime, workdir), env: runtimeEnv, input: '/help\nexit\n', encoding: 'utf8', timeout: 120_000 });
process.stdout.write(res.stdout);
process.stderr.write(res.stderr);
rmSync(work, { recursive: true, force: true });
const ok = res.status === 0 && res.stdout.includes('studybot console') && res.stdout.includes('/ask');
console.log(ok ? 'docker dry run: OK' : `docker dry run: FAILED (exit ${res.status})`);
process.exitCode = ok ? 0 : 1;
