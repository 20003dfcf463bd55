import type { webApi } from '@slack/bolt';
import type { AnyCommand } from '../core/command.ts';
import { optionSpecs, type OptionSpec } from '../core/command-options.ts';

/** Slack's manifest type, as the Web API SDK bundled with Bolt defines it. */
export type SlackManifest = webApi.AppsManifestCreateArguments['manifest'];

export type SlackManifestOptions = {
  /** App and bot name (default "studybot"; Slack allows 35 characters). */
  name?: string;
  /** Socket Mode (the default) needs no public URL; HTTP mode needs `requestUrl`. */
  socketMode?: boolean;
  /** HTTP mode: the public https URL of Bolt's endpoint, e.g. https://bot.example.org/slack/events. */
  requestUrl?: string;
};

/** Bot events the adapter listens to, and the scope each one needs. */
const EVENTS = { app_mention: 'app_mentions:read', 'message.channels': 'channels:history', 'message.groups': 'groups:history' } as const;

/**
 * Bot scopes: slash commands, posting (chat:write; chat:write.public so the follow-up thread and the
 * Web API fallback also work in public channels the bot was not invited to), and reading the
 * messages of the subscribed events.
 */
const SCOPES = ['commands', 'chat:write', 'chat:write.public', ...Object.values(EVENTS)] as const;

/** `question:<Your question>` for a free option, `level:a|b|c` for choices, optional ones in brackets. */
export function usageHint(specs: OptionSpec[]): string {
  return specs
    .map((s) => {
      const value = s.choices ? s.choices.join('|') : `<${s.description}>`;
      return s.required ? `${s.name}:${value}` : `[${s.name}:${value}]`;
    })
    .join(' ')
    .slice(0, 1000);
}

/**
 * The Slack app manifest, generated from the same command definitions as every other surface: one
 * slash command per command in commands/ (usage hints from the zod options), the bot scopes and
 * events the adapter needs, interactivity for the answer buttons, and Socket Mode or request URLs.
 */
export function slackManifest(commands: readonly AnyCommand[], opts: SlackManifestOptions = {}): SlackManifest {
  const name = (opts.name ?? 'studybot').slice(0, 35);
  const socketMode = opts.socketMode ?? true;
  if (!socketMode && !opts.requestUrl?.startsWith('https://')) {
    throw new Error('An HTTP-mode Slack manifest needs requestUrl: the public https:// URL of /slack/events');
  }
  const url = socketMode ? {} : { url: opts.requestUrl };
  const requestUrl = socketMode ? {} : { request_url: opts.requestUrl };
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: 'A study companion that answers from the group’s notes, with citations.',
      background_color: '#1d3557',
    },
    features: {
      bot_user: { display_name: name.toLowerCase().replace(/[^a-z0-9._-]/gu, '-').slice(0, 80), always_online: true },
      slash_commands: commands.map((c) => {
        const hint = usageHint(optionSpecs(c));
        return {
          command: `/${c.name}`,
          description: c.description.slice(0, 2000),
          ...(hint ? { usage_hint: hint } : {}),
          should_escape: false,
          ...url,
        };
      }),
    },
    oauth_config: { scopes: { bot: [...SCOPES] } },
    settings: {
      event_subscriptions: { bot_events: Object.keys(EVENTS) as (keyof typeof EVENTS)[], ...requestUrl },
      interactivity: { is_enabled: true, ...requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: socketMode,
      token_rotation_enabled: false,
    },
  };
}
