import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App as BoltApp, HTTPReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { App } from '../../app.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { Adapter } from '../adapter.ts';
import { registerActions } from './actions.ts';
import { AfterAck } from './after-ack.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerCommands } from './commands.ts';
import type { SlackDeps } from './deps.ts';
import { describeError } from './errors.ts';
import { registerEvents } from './events.ts';

export type SlackConfig = NonNullable<Config['slack']>;

export type SlackAdapterOptions = {
  app: App;
  config: SlackConfig;
  logger: Logger;
  /** A Bolt receiver to use instead of the one `config.mode` picks (a custom transport, a test harness). */
  receiver?: Receiver;
  /** Interface for HTTP mode to listen on (default: all). Tests pass 127.0.0.1 with `config.port` 0. */
  host?: string;
  /** Extra WebClient options merged over `{ slackApiUrl: config.apiUrl }`, e.g. `{ retryConfig: { retries: 0 } }`. */
  clientOptions?: webApi.WebClientOptions;
};

/**
 * Slack through the real Bolt app: Socket Mode by default (SLACK_APP_TOKEN + SLACK_BOT_TOKEN), or
 * HTTP mode (SLACK_SIGNING_SECRET; Bolt's HTTPReceiver checks every request's signature and age).
 * `start` checks the bot token with auth.test, registers the listeners and starts the receiver.
 */
export class SlackAdapter implements Adapter {
  readonly name = 'slack';
  private bolt?: BoltApp;
  private server?: Server;
  private afterAck?: AfterAck;

  constructor(private readonly opts: SlackAdapterOptions) {}

  /** The bound port in HTTP mode (useful with port 0), once started. */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
  }

  async start(): Promise<void> {
    const { config, logger } = this.opts;
    const slackLogger = boltLogger(logger);
    const clientOptions = (): webApi.WebClientOptions => ({ slackApiUrl: config.apiUrl, ...this.opts.clientOptions, logger: slackLogger });
    // Fails fast on a wrong token, and tells us who the bot is (to strip its mention and skip its posts).
    const auth = await new webApi.WebClient(config.botToken, clientOptions()).auth.test().catch((err: unknown) => {
      throw new Error(`Slack rejected the bot token (auth.test): ${describeError(err).slackError ?? describeError(err).message}`);
    });
    const receiver = this.opts.receiver ?? this.createReceiver(slackLogger, clientOptions());
    const bolt = new BoltApp({
      token: config.botToken,
      ...(auth.user_id ? { botUserId: auth.user_id } : {}),
      ...(auth.bot_id ? { botId: auth.bot_id } : {}),
      receiver,
      logger: slackLogger,
      clientOptions: clientOptions(),
      tokenVerificationEnabled: false, // auth.test above already did it
      convoStore: false,
    });
    const deps: SlackDeps = {
      app: this.opts.app,
      logger: logger.child({ adapter: 'slack' }),
      admins: new Set(config.adminUserIds),
      afterAck: (this.afterAck = new AfterAck()),
      ...(auth.user_id ? { botUserId: auth.user_id } : {}),
    };
    registerEvents(bolt, deps);
    registerCommands(bolt, deps);
    registerActions(bolt, deps);
    bolt.error(async (err) => deps.logger.error({ err: describeError(err) }, 'slack: unhandled Bolt error'));
    const started =
      receiver instanceof HTTPReceiver
        ? await receiver.start(this.opts.host ? { port: config.port, host: this.opts.host } : config.port)
        : await bolt.start();
    if (receiver instanceof HTTPReceiver) this.server = started as Server;
    this.bolt = bolt;
    deps.logger.info({ mode: config.mode, port: this.port, bot: auth.user }, 'slack adapter started');
  }

  private createReceiver(logger: ReturnType<typeof boltLogger>, clientOptions: webApi.WebClientOptions): Receiver {
    const { config } = this.opts;
    if (config.mode === 'http') {
      if (!config.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
      return new HTTPReceiver({ signingSecret: config.signingSecret, port: config.port, logger });
    }
    if (!config.appToken) throw new Error('Slack Socket Mode needs SLACK_APP_TOKEN (xapp-…)');
    // apps.connections.open goes to the same Web API base URL as every other call.
    return new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions: { clientOptions } });
  }

  /** Stops receiving, then lets the answers already underway finish. */
  async stop(): Promise<void> {
    const bolt = this.bolt;
    this.bolt = undefined;
    this.server = undefined;
    await bolt?.stop();
    await this.afterAck?.settled();
  }
}
