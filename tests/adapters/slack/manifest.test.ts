import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../../commands/index.ts';
import { slackManifest, usageHint } from '../../../src/cli/slack-manifest.ts';
import { optionSpecs } from '../../../src/core/command-options.ts';
import { defineCommand } from '../../../src/core/command.ts';

/**
 * Slack's app manifest format (https://docs.slack.dev/reference/app-manifest), with the limits the
 * @slack/web-api manifest types document: name 35, description 140, bot display name 80 of
 * [a-z0-9._-], slash command 32 with a leading "/", its description 2000 and usage hint 1000,
 * at most 50 commands, 255 scopes and 100 events; URLs are https.
 */
const https = z.url().startsWith('https://');
const ManifestSchema = z
  .object({
    _metadata: z.object({ major_version: z.union([z.literal(1), z.literal(2)]), minor_version: z.number().int().optional() }).optional(),
    display_information: z.object({
      name: z.string().min(1).max(35),
      description: z.string().max(140).optional(),
      long_description: z.string().min(175).max(4000).optional(),
      background_color: z.string().regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/iu).optional(),
    }).strict(),
    features: z.object({
      bot_user: z.object({ display_name: z.string().min(1).max(80).regex(/^[a-z0-9._-]+$/u), always_online: z.boolean().optional() }).strict(),
      slash_commands: z
        .array(
          z.object({
            command: z.string().max(32).regex(/^\/[a-z0-9_-]+$/u),
            description: z.string().min(1).max(2000),
            usage_hint: z.string().max(1000).optional(),
            should_escape: z.boolean().optional(),
            url: https.optional(),
          }).strict(),
        )
        .max(50),
    }),
    oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string().regex(/^[a-z_.]+(:[a-z_.]+)?$/u)).min(1).max(255) }) }),
    settings: z.object({
      event_subscriptions: z.object({ bot_events: z.array(z.string()).min(1).max(100), request_url: https.optional() }).strict(),
      interactivity: z.object({ is_enabled: z.boolean(), request_url: https.optional() }).strict(),
      org_deploy_enabled: z.boolean(),
      socket_mode_enabled: z.boolean(),
      token_rotation_enabled: z.boolean().optional(),
    }).strict(),
  })
  .strict();

/** The scope each subscribed event needs (https://docs.slack.dev/reference/events). */
const EVENT_SCOPE: Record<string, string> = { app_mention: 'app_mentions:read', 'message.channels': 'channels:history', 'message.groups': 'groups:history' };

describe('slackManifest', () => {
  it('is a valid Socket Mode manifest with one slash command per command in commands/', () => {
    const m = ManifestSchema.parse(slackManifest(commands));
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(commands.map((c) => `/${c.name}`));
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.org_deploy_enabled).toBe(false);
    expect(m.settings.event_subscriptions.request_url).toBeUndefined();
    expect(m.features.slash_commands.every((c) => c.url === undefined)).toBe(true);
  });

  it('asks for every scope its commands, posts and events need', () => {
    const m = ManifestSchema.parse(slackManifest(commands));
    const scopes = m.oauth_config.scopes.bot;
    expect(scopes).toEqual(expect.arrayContaining(['commands', 'chat:write']));
    expect(m.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.channels', 'message.groups']);
    for (const ev of m.settings.event_subscriptions.bot_events) expect(scopes).toContain(EVENT_SCOPE[ev]);
  });

  it('derives usage hints from the zod options, with the same names as every surface', () => {
    const m = slackManifest(commands);
    const hint = (name: string) => m.features?.slash_commands?.find((c) => c.command === name)?.usage_hint;
    expect(hint('/ask')).toBe('question:<Your question about the notes>');
    expect(hint('/explain')).toBe('topic:<The concept to explain, e.g. LoRA> [level:beginner|intermediate|expert]');
    expect(hint('/studychannel')).toBe('action:on|off|status [questions:yes|no]');
    expect(hint('/help')).toBeUndefined();
    const explain = commands.find((c) => c.name === 'explain');
    expect(usageHint(optionSpecs(explain!))).toContain('level:');
  });

  it('puts the https request URL on commands, events and interactivity in HTTP mode', () => {
    const m = ManifestSchema.parse(slackManifest(commands, { socketMode: false, requestUrl: 'https://bot.example.org/slack/events' }));
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.settings.event_subscriptions.request_url).toBe('https://bot.example.org/slack/events');
    expect(m.settings.interactivity.request_url).toBe('https://bot.example.org/slack/events');
    expect(m.features.slash_commands.every((c) => c.url === 'https://bot.example.org/slack/events')).toBe(true);
  });

  it('refuses an HTTP-mode manifest without a public https URL', () => {
    expect(() => slackManifest(commands, { socketMode: false })).toThrow(/requestUrl/u);
    expect(() => slackManifest(commands, { socketMode: false, requestUrl: 'http://insecure.example' })).toThrow(/https/u);
  });

  it('the schema rejects what Slack would reject', () => {
    const bad = defineCommand({ name: 'Has Space', description: 'x', usage: '/x', options: z.object({}), run: async () => ({ kind: 'info', text: '' }) });
    expect(ManifestSchema.safeParse(slackManifest([bad])).success).toBe(false);
    expect(ManifestSchema.safeParse(slackManifest(commands, { name: 'x'.repeat(40) })).success).toBe(true); // clipped to 35
    expect(ManifestSchema.safeParse({ ...slackManifest(commands), display_information: { name: '' } }).success).toBe(false);
  });
});
