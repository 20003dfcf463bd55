import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createApp, type App } from '../app.ts';
import { renderForTerminal } from '../adapters/console/render.ts';
import { ConfigError, loadConfig, loadDotEnv } from '../config.ts';
import { LEVELS, type Level } from '../core/explain/digest.ts';
import { answerReply, explainReply } from '../core/render-result.ts';
import { createLogger } from '../log.ts';
import { askJson, explainJson, searchJson } from './json.ts';

const USAGE = `Usage:
  studybot ask "<question>" [--json]
  studybot explain "<topic>" [--level beginner|intermediate|expert] [--json]
  studybot search "<query>" [-k N] [--json]
  studybot index                      rebuild the knowledge index now
  studybot <ask|explain|search> --jsonl   one JSON object per line on stdin, one per line out
  studybot discord:deploy [--guild ID]    register the slash commands with Discord
  studybot slack:manifest [--request-url URL]   print the Slack app manifest (URL: HTTP mode)
Environment: see .env.example (no variables needed for the offline default).`;

type Out = { write(s: string): unknown };

/** An expected CLI failure: one line on stderr, exit code 2. */
class UsageError extends Error {}

const JsonlInput = {
  ask: z.object({ question: z.string() }),
  explain: z.object({ topic: z.string(), level: z.enum(LEVELS).optional() }),
  search: z.object({ query: z.string(), k: z.number().int().positive().max(50).optional() }),
};

async function runOne(app: App, cmd: 'ask' | 'explain' | 'search', input: Record<string, unknown>, json: boolean, out: Out, k: number) {
  if (cmd === 'ask') {
    const result = await app.core.ask(String(input['question'] ?? ''));
    out.write(json ? `${JSON.stringify(askJson(result))}\n` : renderForTerminal(answerReply(result), process.stdout.isTTY === true));
  } else if (cmd === 'explain') {
    const result = await app.core.explain(String(input['topic'] ?? ''), (input['level'] as Level | undefined) ?? 'intermediate');
    out.write(json ? `${JSON.stringify(explainJson(result))}\n` : renderForTerminal(explainReply(result), process.stdout.isTTY === true));
  } else {
    const results = await app.core.search(String(input['query'] ?? ''), Number(input['k'] ?? k));
    if (json) out.write(`${JSON.stringify(searchJson(results))}\n`);
    else results.forEach((r, i) => out.write(`[${i + 1}] ${r.score.toFixed(3)}  ${r.file}:${r.startLine}-${r.endLine} — ${r.heading}\n`));
  }
}

/** Reads JSON lines from stdin and answers each in order; a bad line gets an error object, never a crash. */
async function runJsonl(app: App, cmd: 'ask' | 'explain' | 'search', out: Out, k: number): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let parsed: z.ZodSafeParseResult<Record<string, unknown>>;
    try {
      parsed = JsonlInput[cmd].safeParse(JSON.parse(line));
    } catch {
      out.write(`${JSON.stringify({ error: 'not valid JSON' })}\n`);
      continue;
    }
    if (!parsed.success) {
      const field = cmd === 'ask' ? 'question' : cmd === 'explain' ? 'topic' : 'query';
      out.write(`${JSON.stringify({ error: `expected {"${field}": string}: ${parsed.error.issues[0]?.message ?? 'invalid'}` })}\n`);
      continue;
    }
    const text = String(parsed.data[cmd === 'ask' ? 'question' : cmd === 'explain' ? 'topic' : 'query']).trim();
    if (text === '') {
      out.write(`${JSON.stringify({ error: `empty ${cmd === 'ask' ? 'question' : cmd === 'explain' ? 'topic' : 'query'}` })}\n`);
      continue;
    }
    await runOne(app, cmd, parsed.data, true, out, k);
  }
}

/** The `studybot` command line. Returns the process exit code. */
export async function cli(argv: string[], out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        jsonl: { type: 'boolean', default: false },
        level: { type: 'string' },
        k: { type: 'string', short: 'k' },
        guild: { type: 'string' },
        'request-url': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    err.write(`studybot: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [cmd, ...rest] = positionals;
  if (values.help || !cmd) {
    (values.help ? out : err).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  try {
    loadDotEnv();
    const config = loadConfig();
    const logger = createLogger(config.logLevel === 'info' && !process.env['LOG_LEVEL'] ? 'warn' : config.logLevel);
    if (cmd === 'slack:manifest') {
      const { printSlackManifest } = await import('./slack-manifest-cli.ts');
      out.write(`${printSlackManifest(config, values['request-url'])}\n`);
      return 0;
    }
    if (cmd === 'discord:deploy') {
      const { runDiscordDeploy } = await import('./discord-deploy-cli.ts');
      out.write(`${await runDiscordDeploy(config, values.guild)}\n`);
      return 0;
    }
    if (!['ask', 'explain', 'search', 'index'].includes(cmd)) throw new UsageError(`unknown command "${cmd}"`);
    const app = await createApp(config, logger, { reindex: cmd === 'index' });
    try {
      for (const w of app.warnings) err.write(`warning: ${w}\n`);
      if (cmd === 'index') {
        out.write(`indexed ${app.core.kb.chunks.length} chunks from ${config.knowledgeDir} into ${config.dataDir}\n`);
        return 0;
      }
      const k = values.k === undefined ? 5 : Number(values.k);
      if (!Number.isInteger(k) || k < 1 || k > 50) throw new UsageError('-k must be a whole number from 1 to 50');
      if (values.level !== undefined && !(LEVELS as readonly string[]).includes(values.level)) {
        throw new UsageError(`--level must be one of ${LEVELS.join(', ')}`);
      }
      const c = cmd as 'ask' | 'explain' | 'search';
      if (values.jsonl) {
        await runJsonl(app, c, out, k);
        return 0;
      }
      const text = rest.join(' ').trim();
      if (text === '') throw new UsageError(`${cmd} needs ${cmd === 'ask' ? 'a question' : cmd === 'explain' ? 'a topic' : 'a query'}`);
      const key = c === 'ask' ? 'question' : c === 'explain' ? 'topic' : 'query';
      await runOne(app, c, { [key]: text, level: values.level }, values.json, out, k);
      return 0;
    } finally {
      app.close();
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`studybot: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      err.write(`studybot: ${e.message}\n`);
      return 2;
    }
    err.write(`studybot: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await cli(process.argv.slice(2));
}
