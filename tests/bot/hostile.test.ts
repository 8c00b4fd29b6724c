/**
 * Hostile corpus and user text through the real discord.js client: every payload the bot sends
 * while answering about an article made of masked links, mentions, code, spoilers, headings,
 * lists and invisible characters must show that text, never act on it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buttonClick, FAKE_APPLICATION_ID, messageCommand, slashCommand } from '../support/fakeDiscord.js';
import { interact, messageBody, newUser, startBotHarness, type BotHarness } from '../support/botHarness.js';
import { hostileArticle, HOSTILE_STRINGS } from '../support/hostileText.js';
import { payloadProblems, shown, unsafePlain } from '../support/liveMarkup.js';

const LACE_FILE = 'lace_[1]_@here.txt';
let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ [LACE_FILE]: hostileArticle() });
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

/** Everything a reader would see in a message, escapes removed. */
const seen = (body: ReturnType<typeof messageBody>) =>
  [
    body.content ?? '',
    ...(body.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => `${f.name} ${f.value}`)]),
  ]
    .map(shown)
    .join('\n');

describe('hostile text is shown, never acted on', () => {
  const lace = `corpus/${LACE_FILE}`;

  test('/ask quotes several masked links on one line as text', async () => {
    const body = messageBody(
      await interact(
        h.fake,
        slashCommand('ask', { question: 'What do the lacemakers of Burano still do by hand?', source: lace }, newUser()),
      ),
    );
    expect(seen(body)).toContain('see [the official report](https://evil.example/phish) and [the appendix](https://evil.example/appendix)');
    expect(payloadProblems(body)).toEqual([]);
  });

  test('/ask echoes a hostile question as text', async () => {
    const question =
      '[x](https://evil.example) [y](https://evil.example/2) <@111111111111111111> @everyone ||who|| pinged the lace merchants?';
    const body = messageBody(await interact(h.fake, slashCommand('ask', { question }, newUser())));
    expect(seen(body)).toContain(question);
    expect(payloadProblems(body)).toEqual([]);
  });

  test('/passage shows every hostile paragraph as text', async () => {
    for (let paragraph = 2; paragraph <= Object.keys(HOSTILE_STRINGS).length + 1; paragraph += 3) {
      const body = messageBody(await interact(h.fake, slashCommand('passage', { source: lace, paragraph }, newUser())));
      expect(body.embeds?.[0]?.description, `paragraph ${paragraph}`).toBeDefined();
      expect(payloadProblems(body), `paragraph ${paragraph}`).toEqual([]);
    }
  });

  test('/sources, /quote, autocomplete, "Find in corpus" and an unknown source stay inert', async () => {
    const user = newUser();
    const bodies = [
      messageBody(await interact(h.fake, slashCommand('sources', {}, user))),
      messageBody(await interact(h.fake, slashCommand('quote', { topic: 'lace merchants pinged everyone' }, user))),
      messageBody(await interact(h.fake, slashCommand('passage', { source: 'lace', paragraph: 1 }, user, 'source'))),
      messageBody(
        await interact(
          h.fake,
          messageCommand(
            'Find in corpus',
            { content: `${HOSTILE_STRINGS.userRoleChannel} lace guild`, authorId: '800000000000000001' },
            user,
          ),
        ),
      ),
    ];
    const unknown = slashCommand('ask', { question: 'lace?', source: '[x](https://evil.example) @everyone' }, user);
    h.fake.dispatch(unknown);
    bodies.push(messageBody(await h.fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${unknown.token}`))));
    for (const body of bodies) expect(payloadProblems(body)).toEqual([]);
    expect(bodies[2]?.choices?.some((c) => c.name.includes('Lace [1] of [Burano]'))).toBe(true);
  });

  test('a hostile question asked by mention, and the thread named after it, stay inert', async () => {
    const question =
      `[x](https://evil.example) [y](https://evil.example/2) <@&222222222222222222> ` +
      `@here ||lace|| ${HOSTILE_STRINGS.invisibleAndControl}`;
    const sent = h.fake.dispatchMessage({ author: newUser(), content: `<@${FAKE_APPLICATION_ID}> ${question}`, mentionsBot: true });
    const reply = await h.fake.waitForRequest((r) => r.method === 'POST' && messageBody(r)?.message_reference?.message_id === sent.id);
    const body = messageBody(reply);
    expect(seen(body)).toContain('[x](https://evil.example) [y](https://evil.example/2) <@&222222222222222222> @here ||lace||');
    expect(payloadProblems(body)).toEqual([]);
    const discuss = body.components?.flatMap((row) => row.components).find((c) => c.label === 'Discuss in a thread');
    const click = buttonClick(discuss?.custom_id as string, newUser()) as ReturnType<typeof buttonClick> & { message: { id: string } };
    h.fake.dispatch(click);
    const created = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/messages/${click.message.id}/threads`));
    const { name } = created.body as { name: string };
    expect(unsafePlain(name)).toEqual([]);
    expect(name.startsWith('[x](https://evil.example) [y](https://evil.example/2) <@&222222222222222222> @here ||lace||')).toBe(true);
  });

  test('no payload the bot sent in this file holds live markup', () => {
    const sent = h.fake.requests.filter((r) => r.body !== undefined && r.method !== 'PUT');
    expect(sent.length).toBeGreaterThan(10);
    for (const request of sent) expect(payloadProblems(request.body), `${request.method} ${request.path}`).toEqual([]);
  });
});
