import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../../commands/index.ts';
import { deployDiscordCommands, toDiscordCommandJson } from '../../../src/cli/discord-deploy.ts';
import { defineCommand } from '../../../src/core/command.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fixtures/fake-discord.ts';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('toDiscordCommandJson', () => {
  it('builds chat-input commands from the same definitions, with the same option names as the CLI', () => {
    const json = toDiscordCommandJson(commands);
    expect(json.map((c) => c.name)).toEqual(['ask', 'explain', 'help', 'studychannel']);
    const byName = Object.fromEntries(json.map((c) => [c.name, c]));
    expect(byName['ask']).toMatchObject({ type: 1, contexts: [0], options: [{ name: 'question', type: 3, required: true, description: 'Your question about the notes' }] });
    expect(byName['explain']?.options).toEqual([
      { name: 'topic', type: 3, required: true, description: 'The concept to explain, e.g. LoRA' },
      { name: 'level', type: 3, required: false, description: 'How deep to go', choices: ['beginner', 'intermediate', 'expert'].map((c) => ({ name: c, value: c })) },
    ]);
    expect(byName['help']?.options).toEqual([]);
    expect(byName['studychannel']).toMatchObject({ default_member_permissions: '32' });
    expect(byName['studychannel']?.options?.[0]).toMatchObject({ name: 'action', required: true, choices: [{ value: 'on' }, { value: 'off' }, { value: 'status' }] });
    expect(byName['ask']).not.toHaveProperty('default_member_permissions');
    for (const c of json) {
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('puts required options first and clips long descriptions to 100 characters', () => {
    const cmd = defineCommand({
      name: 'quiz',
      description: 'd'.repeat(150),
      usage: '/quiz',
      options: z.object({ count: z.number().int().optional().describe('How many'), topic: z.string().describe('t'.repeat(120)), hard: z.boolean() }),
      run: async () => ({ kind: 'info', text: '' }),
    });
    const [json] = toDiscordCommandJson([cmd]);
    expect(json?.description).toHaveLength(100);
    expect(json?.options?.map((o) => [o.name, o.type, o.required])).toEqual([['topic', 3, true], ['hard', 5, true], ['count', 4, false]]);
    expect(json?.options?.[0]?.description).toHaveLength(100);
  });

  it('refuses a command name Discord would reject', () => {
    const bad = defineCommand({ name: 'Ask Me', description: 'x', usage: '', options: z.object({}), run: async () => ({ kind: 'info', text: '' }) });
    expect(() => toDiscordCommandJson([bad])).toThrow(/not a valid Discord name/u);
  });
});

describe('deployDiscordCommands', () => {
  it('PUTs the whole set to the guild route for development', async () => {
    fake = await startFakeDiscord();
    const out = await deployDiscordCommands({ token: 't', applicationId: fake.applicationId, guildId: fake.guildId, apiUrl: fake.apiUrl, commands });
    const put = fake.calls.find((c) => c.method === 'PUT');
    expect(put?.route).toBe(`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    expect(put?.body).toEqual(toDiscordCommandJson(commands));
    expect(put?.auth).toBe('Bot t');
    expect(out).toEqual({ route: put?.route, scope: 'guild', names: ['ask', 'explain', 'help', 'studychannel'] });
  });

  it('PUTs to the global route, looking the application id up from the token when not configured', async () => {
    fake = await startFakeDiscord();
    const out = await deployDiscordCommands({ token: 't', apiUrl: fake.apiUrl, commands });
    expect(fake.calls.map((c) => `${c.method} ${c.route}`)).toEqual(['GET /applications/@me', `PUT /applications/${fake.applicationId}/commands`]);
    expect(fake.calls[1]?.body).toEqual(toDiscordCommandJson(commands));
    expect(out.scope).toBe('global');
  });

  it('rejects when Discord refuses the registration', async () => {
    fake = await startFakeDiscord();
    await expect(deployDiscordCommands({ token: 't', applicationId: '123456789012345678', apiUrl: fake.apiUrl, commands })).rejects.toThrow(/Missing Access/u);
  });
});
