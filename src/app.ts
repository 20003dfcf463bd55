import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { commands } from '../commands/index.ts';
import type { Config } from './config.ts';
import type { AnyCommand, Requester } from './core/command.ts';
import { handleButton, handleMessage, type IncomingMessage } from './core/conversation.ts';
import { dispatch, type Invocation } from './core/dispatch.ts';
import { RateLimiter } from './core/rate-limit.ts';
import type { Reply } from './core/reply.ts';
import { Glossary } from './core/retrieval/glossary.ts';
import { WordNet } from './core/retrieval/wordnet.ts';
import { openKnowledgeBase } from './core/retrieval/index-store.ts';
import { StudyCore } from './core/study.ts';
import { createModels } from './llm/factory.ts';
import type { Logger } from './log.ts';
import { Store } from './store/store.ts';

/** The assembled bot: what every adapter and the CLI talk to. */
export type App = {
  config: Config;
  logger: Logger;
  core: StudyCore;
  store: Store;
  commands: readonly AnyCommand[];
  /** Warnings from loading the notes (skipped files and the like). */
  warnings: string[];
  /** Runs one parsed command for a requester and returns the reply to render. */
  handle(inv: Invocation, requester: Requester): Promise<Reply>;
  /** A channel or thread message: the reply, or undefined when the bot should stay quiet. */
  handleMessage(msg: IncomingMessage, requester: Requester): Promise<Reply | undefined>;
  /** A click on a reply button (feedback, follow-up thread). */
  handleButton(buttonId: string, requester: Requester): Promise<Reply>;
  /** Records that `threadId` continues the conversation of answer `answerId`. */
  linkThread(platform: Requester['platform'], threadId: string, answerId: number): void;
  close(): void;
};

export const GLOSSARY_FILE = 'glossary.yaml';

/** Builds the core from config: glossary, models, the knowledge index, the store. */
export async function createApp(config: Config, logger: Logger, opts: { reindex?: boolean; store?: Store } = {}): Promise<App> {
  const glossaryPath = path.join(config.knowledgeDir, GLOSSARY_FILE);
  const glossary = await Glossary.load(glossaryPath);
  const glossaryText = await readFile(glossaryPath, 'utf8').catch(() => '');
  const wordnet = await WordNet.load();
  const models = await createModels(config, glossary, wordnet);
  const { kb, warnings } = await openKnowledgeBase({
    knowledgeDir: config.knowledgeDir,
    dataDir: config.dataDir,
    maxFileBytes: config.maxFileBytes,
    embeddings: models.embeddings,
    glossary,
    glossaryText,
    logger,
    force: opts.reindex ?? false,
  });
  const core = new StudyCore(kb, config, logger, models.chat, wordnet);
  const store = opts.store ?? Store.open(config.dataDir);
  const limiter = new RateLimiter(config.rateLimitPerMinute);
  const ctx = (requester: Requester) => ({ core, store, logger, requester, commands, limiter });
  return {
    config,
    logger,
    core,
    store,
    commands,
    warnings,
    handle: (inv, requester) => dispatch(inv, ctx(requester)),
    handleMessage: (msg, requester) => handleMessage(msg, ctx(requester)),
    handleButton: (id, requester) => handleButton(id, ctx(requester)),
    linkThread: (platform, threadId, answerId) => store.threads.add(platform, threadId, answerId),
    close: () => {
      store.close();
      wordnet.close();
    },
  };
}
