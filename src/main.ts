import { createApp } from './app.ts';
import { ConsoleAdapter } from './adapters/console/console-adapter.ts';
import type { Adapter } from './adapters/adapter.ts';
import { ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { createLogger } from './log.ts';

/** Composition root: config → core → the adapters that have credentials (the console otherwise). */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  // The interactive console keeps the terminal for the conversation unless LOG_LEVEL asks otherwise.
  const logger = createLogger(process.env['LOG_LEVEL'] ? config.logLevel : 'warn');
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const app = await createApp(config, logger);
  const adapters: Adapter[] = [];
  if (config.discord) {
    const { DiscordAdapter } = await import('./adapters/discord/adapter.ts');
    adapters.push(new DiscordAdapter(app, config.discord, logger));
  }
  if (config.slack) {
    const { SlackAdapter } = await import('./adapters/slack/adapter.ts');
    adapters.push(new SlackAdapter({ app, config: config.slack, logger }));
  }
  // Without a platform token the console is the bot; with one, it runs headless (Docker, systemd).
  const consoleAdapter =
    adapters.length === 0 ? new ConsoleAdapter(app, { input: process.stdin, output: process.stdout, color: process.stdout.isTTY === true }) : undefined;
  if (consoleAdapter) adapters.push(consoleAdapter);
  const shutdown = async () => {
    await Promise.allSettled(adapters.map((a) => a.stop()));
    app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  for (const a of adapters) {
    await a.start();
    if (a !== consoleAdapter) logger.info({ adapter: a.name }, 'adapter started');
  }
  if (consoleAdapter) {
    await consoleAdapter.finished;
    await shutdown();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`studybot: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`studybot: failed to start: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
