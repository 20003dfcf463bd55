import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type ClientOptions, type Interaction, type Message } from 'discord.js';
import type { App } from '../../app.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { Adapter } from '../adapter.ts';
import { AckGate } from './ack-gate.ts';
import { apologise, type FailedEvent } from './errors.ts';
import { onButton, onCommand } from './interactions.ts';
import { onMessage } from './messages.ts';

export type DiscordConfig = NonNullable<Config['discord']>;

export type DiscordAdapterOptions = {
  /** Extra discord.js client options (e.g. `rest: { timeout }`); intents, mentions and the API URL stay fixed. */
  client?: Omit<ClientOptions, 'intents' | 'allowedMentions'>;
  /** How long start() waits for the gateway to become ready (default 30 s). */
  readyTimeoutMs?: number;
};

const DISALLOWED_INTENTS = 4014;

/**
 * Discord over the gateway with the real discord.js Client. Slash commands, button clicks and
 * channel messages are parsed into core calls and the replies rendered back; every send parses no
 * mentions. Each event is handled on its own: a failure is logged with an error id, the user gets
 * an apology, and the adapter carries on.
 */
export class DiscordAdapter implements Adapter {
  readonly name = 'discord';
  readonly client: Client;
  private readonly inflight = new Set<Promise<void>>();
  private readonly gate = new AckGate();

  constructor(
    private readonly app: App,
    private readonly cfg: DiscordConfig,
    private readonly logger: Logger,
    private readonly options: DiscordAdapterOptions = {},
  ) {
    this.client = new Client({
      ...options.client,
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      allowedMentions: { parse: [] },
      rest: { ...options.client?.rest, api: cfg.apiUrl },
    });
  }

  async start(): Promise<void> {
    const { client, logger } = this;
    client.on(Events.InteractionCreate, (i) => this.track(this.onInteraction(i)));
    client.on(Events.MessageCreate, (m) => this.track(this.onMessage(m)));
    client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
    client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
    client.rest.on('rateLimited', (info) => logger.warn({ route: info.route, retryAfter: info.retryAfter, scope: info.scope }, 'discord rate limited'));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('Discord gateway not ready in time')), this.options.readyTimeoutMs ?? 30_000);
    client.on(Events.ShardDisconnect, ({ code }) => {
      logger.warn({ code }, 'discord gateway closed for good');
      if (code === DISALLOWED_INTENTS) controller.abort(new Error('Discord refused the MessageContent intent (4014): enable it under Bot → Privileged Gateway Intents'));
    });
    client.on(Events.ShardReconnecting, () => logger.warn('discord gateway reconnecting'));
    try {
      await Promise.all([once(client, Events.ClientReady, { signal: controller.signal }), client.login(this.cfg.token)]);
    } catch (err) {
      await client.destroy();
      throw controller.signal.aborted ? controller.signal.reason : err;
    } finally {
      clearTimeout(timer);
    }
    logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord connected');
  }

  /** Lets handlers in flight finish (up to 5 s), then closes the gateway and REST client. */
  async stop(): Promise<void> {
    await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => setTimeout(r, 5000).unref())]);
    await this.client.destroy();
  }

  private track(work: Promise<void>): void {
    this.inflight.add(work);
    void work.finally(() => this.inflight.delete(work));
  }

  private async onInteraction(i: Interaction): Promise<void> {
    if (!i.isChatInputCommand() && !i.isButton()) return;
    await this.guard({ kind: 'interaction', interaction: i }, () => (i.isButton() ? onButton(this.app, i) : onCommand(this.app, this.gate, i)));
  }

  private async onMessage(m: Message): Promise<void> {
    const botId = this.client.user?.id;
    if (!botId) return;
    await this.guard({ kind: 'message', message: m }, () => onMessage(this.app, botId, m));
  }

  private async guard(event: FailedEvent, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      await apologise(this.logger, event, err);
    }
  }
}
