/**
 * A fake Discord on 127.0.0.1 for driving the real discord.js client: the REST routes the bot
 * uses (gateway discovery, command registration, interaction callbacks, webhook edits,
 * deletes and follow-ups) and a WebSocket gateway that says HELLO, answers IDENTIFY with
 * READY, acknowledges heartbeats and dispatches INTERACTION_CREATE. Every REST request is
 * recorded so tests can assert on the exact payloads the bot sent. It also serves channel
 * look-ups and posts (the moderators' channel), and files a test hosts as attachments.
 *
 * For conversations in channels it also sends GUILD_CREATE (one server, one text channel) after
 * READY, dispatches MESSAGE_CREATE with mentions and THREAD_CREATE, and serves the routes
 * replies and threads use: channel messages (with `message_reference`), threads started from
 * a message (a PUBLIC_THREAD, type 11, whose id is the message's), typing and reactions.
 *
 * Sharded like Discord: `/gateway/bot` recommends `shardCount` shards, each connection says
 * which one it is in IDENTIFY (`shard: [id, count]`), and a server's events (interactions,
 * messages, threads, its GUILD_CREATE) go only to the shard that owns it: `(id >> 22) % count`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const FAKE_APPLICATION_ID = '100000000000000001';
export const FAKE_GUILD_ID = '300000000000000003';
export const FAKE_CHANNEL_ID = '400000000000000004';
/** Channel types used here (https://discord.com/developers/docs/resources/channel#channel-object-channel-types). */
export const GUILD_TEXT = 0;
export const PUBLIC_THREAD = 11;
export const FAKE_TOKEN = `${Buffer.from(FAKE_APPLICATION_ID).toString('base64url')}.fakeTS.${'x'.repeat(27)}`;

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/interactions/123/tok/callback`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
  at: number;
}

export interface FakeUser {
  id: string;
  username: string;
  /** The member's permissions in the channel (a bit field); default: all. */
  permissions?: string;
}

/** A file sent with a message, as the bot uploaded it (multipart). */
export interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** An attachment option's value, as Discord resolves it. */
export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  content_type?: string;
}

/** The shard a server's events go to (https://discord.com/developers/docs/events/gateway#sharding); direct messages go to shard 0. */
export function shardOfGuild(guildId: string | undefined, shardCount: number): number {
  return guildId === undefined ? 0 : Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

let snowflake = 500_000_000_000_000_000n;
export const nextSnowflake = () => String((snowflake += 1n));

/** A multipart body (a message with files): its `payload_json` with the files under `files`. */
async function readMultipart(bytes: Buffer, contentType: string): Promise<unknown> {
  const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  const files: UploadedFile[] = [];
  let payload: Record<string, unknown> = {};
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      if (name === 'payload_json') payload = JSON.parse(value) as Record<string, unknown>;
    } else {
      files.push({ name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { ...payload, files };
}

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const contentType = request.headers['content-type'] ?? '';
      if (contentType.startsWith('multipart/form-data'))
        return void readMultipart(Buffer.concat(chunks), contentType).then(resolve, reject);
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
    request.on('error', reject);
  });
}

function messageFrom(body: unknown, applicationId: string): Record<string, unknown> {
  const data = (body ?? {}) as Record<string, unknown>;
  return {
    id: nextSnowflake(),
    type: 0,
    channel_id: FAKE_CHANNEL_ID,
    author: { id: applicationId, username: 'Verbatim', discriminator: '0', avatar: null, global_name: null, bot: true },
    content: data.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    pinned: false,
    flags: data.flags ?? 0,
    webhook_id: applicationId,
    application_id: applicationId,
  };
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly identifies: unknown[] = [];
  private readonly http = createServer((req, res) => void this.handle(req, res));
  private readonly gateway = new WebSocketServer({ noServer: true });
  private sockets = new Set<WebSocket>();
  /** Each identified connection's shard id. */
  private readonly shardOf = new Map<WebSocket, number>();
  /** What `/gateway/bot` recommends, and how many logins it allows per 5 s. */
  shardCount = 1;
  maxConcurrency = 1;
  private sequence = 0;
  private waiters: Array<{ test: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }> = [];
  /** Replies to a route before the default handling: return true when handled. */
  interceptor: ((request: RecordedRequest, res: ServerResponse) => boolean) | undefined;
  /** Files served at `/attachments/<name>`, as Discord's CDN serves uploads. */
  private readonly hosted = new Map<string, Buffer>();
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Serves `bytes` as an uploaded attachment and returns the attachment as an option resolves it. */
  hostAttachment(filename: string, bytes: Buffer, contentType = 'text/plain; charset=utf-8'): FakeAttachment {
    const id = nextSnowflake();
    this.hosted.set(`${id}/${filename}`, bytes);
    return {
      id,
      filename,
      size: bytes.length,
      url: `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(filename)}`,
      content_type: contentType,
    };
  }

  async start(): Promise<this> {
    this.http.on('upgrade', (request, socket, head) => {
      this.gateway.handleUpgrade(request, socket, head, (ws) => this.onGatewayConnection(ws));
    });
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onGatewayConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.shardOf.delete(ws);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(new TextDecoder().decode(Array.isArray(raw) ? Buffer.concat(raw) : raw)) as { op: number; d: unknown };
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (frame.op === 2) {
        this.identifies.push(frame.d);
        const [shardId, shardCount] = (frame.d as { shard?: [number, number] }).shard ?? [0, 1];
        this.shardOf.set(ws, shardId);
        const d = {
          v: 10,
          user: { id: FAKE_APPLICATION_ID, username: 'Verbatim', discriminator: '0', avatar: null, global_name: null, bot: true, flags: 0 },
          guilds: [],
          session_id: randomBytes(8).toString('hex'),
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          shard: [shardId, shardCount],
          application: { id: FAKE_APPLICATION_ID, flags: 0 },
        };
        ws.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.sequence, d }));
        if (shardOfGuild(FAKE_GUILD_ID, shardCount) === shardId)
          ws.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.sequence, d: guildCreate() }));
      }
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/u, ''),
      query: url.searchParams,
      body: await readBody(req),
      authorization: req.headers.authorization,
      at: performance.now(),
    };
    this.requests.push(recorded);
    this.waiters = this.waiters.filter((w) => (w.test(recorded) ? (w.resolve(recorded), false) : true));
    if (this.interceptor?.(recorded, res)) return;
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const { method, path } = recorded;
    const hostedFile = method === 'GET' && /^\/attachments\/(.+)$/u.exec(decodeURIComponent(url.pathname))?.[1];
    if (hostedFile !== undefined && hostedFile !== false) {
      const bytes = this.hosted.get(hostedFile);
      res.writeHead(bytes ? 200 : 404, { 'content-type': 'application/octet-stream' });
      return void res.end(bytes);
    }
    const channel = /^\/channels\/(\d+)(\/messages)?$/u.exec(path);
    if (channel && method === 'GET' && !channel[2]) {
      return send(200, { id: channel[1], type: 0, guild_id: FAKE_GUILD_ID, name: 'moderators', position: 0, permission_overwrites: [] });
    }
    const channelRoute = this.channelRoute(method, path, recorded.body);
    if (channelRoute) return send(channelRoute.status, channelRoute.body);
    if (method === 'GET' && path === '/gateway/bot') {
      return send(200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: this.shardCount,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: this.maxConcurrency },
      });
    }
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/u.test(path)) {
      const commands = (recorded.body as Array<Record<string, unknown>>).map((c) => ({
        ...c,
        id: nextSnowflake(),
        application_id: FAKE_APPLICATION_ID,
        version: '1',
      }));
      return send(200, commands);
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/u.test(path)) {
      return send(204);
    }
    const webhook = /^\/webhooks\/(\d+)\/[^/]+(\/messages\/(@original|\d+))?$/u.exec(path);
    if (webhook) {
      const applicationId = webhook[1] as string;
      if (method === 'DELETE') return send(204);
      return send(200, messageFrom(recorded.body, applicationId));
    }
    send(404, { message: 'Unknown route in the fake Discord', code: 0 });
  }

  /** Threads started so far, by id (the id of the message each was started from). */
  readonly threads = new Map<string, Record<string, unknown>>();

  /** The channel routes of replies and threads; undefined for any other route. */
  private channelRoute(method: string, path: string, body: unknown): { status: number; body?: unknown } | undefined {
    const startThread = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/u.exec(path);
    if (method === 'POST' && startThread) {
      const [, parentId, messageId] = startThread as unknown as [string, string, string];
      if (this.threads.has(messageId))
        return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
      const { name, auto_archive_duration } = body as { name: string; auto_archive_duration?: number };
      const thread = threadChannel(messageId, parentId, name, auto_archive_duration ?? 4320);
      this.threads.set(messageId, thread);
      this.dispatchEvent('THREAD_CREATE', { ...thread, newly_created: true });
      return { status: 201, body: thread };
    }
    const posted = /^\/channels\/(\d+)\/messages$/u.exec(path);
    if (method === 'POST' && posted) {
      const data = body as { message_reference?: { message_id: string } };
      return {
        status: 200,
        body: {
          ...messageFrom(body, FAKE_APPLICATION_ID),
          channel_id: posted[1],
          webhook_id: undefined,
          ...(data.message_reference ? { message_reference: data.message_reference, type: 19 } : {}),
        },
      };
    }
    if (method === 'POST' && /^\/channels\/\d+\/typing$/u.test(path)) return { status: 204 };
    if (method === 'PUT' && /^\/channels\/\d+\/messages\/\d+\/reactions\/[^/]+\/@me$/u.test(path)) return { status: 204 };
    return undefined;
  }

  /** Sends a gateway event (a DISPATCH frame) to the connections of the shard that owns its server. */
  dispatchEvent(type: string, data: unknown): void {
    const frame = JSON.stringify({ op: 0, t: type, s: ++this.sequence, d: data });
    const owner = shardOfGuild((data as { guild_id?: string }).guild_id, this.shardCount);
    for (const socket of this.sockets) if ((this.shardOf.get(socket) ?? 0) === owner) socket.send(frame);
  }

  /** Sends MESSAGE_CREATE for a member's message and returns the message as sent. */
  dispatchMessage(message: ChannelMessage): DispatchedMessage {
    const data = userMessage(message);
    this.dispatchEvent('MESSAGE_CREATE', data);
    return data;
  }

  /** Resolves with the first recorded request (past or future) that passes `test`. */
  waitForRequest(test: (r: RecordedRequest) => boolean, timeoutMs = 10_000): Promise<RecordedRequest> {
    const seen = this.requests.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No matching request within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** Every request made for one interaction (its callback and webhook calls), in order. */
  requestsFor(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${interaction.token}`));
  }

  /** Sends an INTERACTION_CREATE over the gateway, to the shard that owns its server. */
  dispatch(interaction: Record<string, unknown>): void {
    this.dispatchEvent('INTERACTION_CREATE', interaction);
  }
}

/** GUILD_CREATE's payload: the one server, its @everyone role, one text channel, and the bot as a member. */
function guildCreate(): Record<string, unknown> {
  const bot = { id: FAKE_APPLICATION_ID, username: 'Verbatim', discriminator: '0', avatar: null, global_name: null, bot: true };
  return {
    id: FAKE_GUILD_ID,
    name: 'Reading group',
    icon: null,
    owner_id: '800000000000000009',
    features: [],
    roles: [
      {
        id: FAKE_GUILD_ID,
        name: '@everyone',
        permissions: '2147483647',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    channels: [
      {
        id: FAKE_CHANNEL_ID,
        type: GUILD_TEXT,
        guild_id: FAKE_GUILD_ID,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        parent_id: null,
      },
    ],
    threads: [],
    members: [{ user: bot, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 }],
    member_count: 2,
    voice_states: [],
    presences: [],
    large: false,
    unavailable: false,
    joined_at: '2024-01-01T00:00:00.000Z',
    preferred_locale: 'en-US',
    system_channel_flags: 0,
    premium_tier: 0,
    nsfw_level: 0,
    mfa_level: 0,
    verification_level: 0,
    explicit_content_filter: 0,
    default_message_notifications: 0,
    afk_timeout: 300,
  };
}

/** A public thread started from message `id` in `parentId`, as the thread routes return it (and THREAD_CREATE sends it). */
export function threadChannel(id: string, parentId: string, name: string, autoArchiveDuration: number): Record<string, unknown> {
  return {
    id,
    type: PUBLIC_THREAD,
    guild_id: FAKE_GUILD_ID,
    parent_id: parentId,
    owner_id: FAKE_APPLICATION_ID,
    name,
    last_message_id: null,
    message_count: 0,
    member_count: 1,
    rate_limit_per_user: 0,
    flags: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: autoArchiveDuration,
      archive_timestamp: new Date().toISOString(),
      locked: false,
    },
    total_message_sent: 0,
  };
}

/** A member's message in a channel or thread, optionally mentioning the bot and replying to a message. */
export interface ChannelMessage {
  author: FakeUser;
  content: string;
  channelId?: string;
  mentionsBot?: boolean;
  replyTo?: string;
}

/** A MESSAGE_CREATE payload; its id is what replies and reactions refer to. */
type DispatchedMessage = Record<string, unknown> & { id: string };

function userMessage(message: ChannelMessage): DispatchedMessage {
  const author = {
    id: message.author.id,
    username: message.author.username,
    discriminator: '0',
    avatar: null,
    global_name: message.author.username,
  };
  const bot = { id: FAKE_APPLICATION_ID, username: 'Verbatim', discriminator: '0', avatar: null, global_name: null, bot: true };
  return {
    id: nextSnowflake(),
    type: message.replyTo ? 19 : 0,
    channel_id: message.channelId ?? FAKE_CHANNEL_ID,
    guild_id: FAKE_GUILD_ID,
    author,
    member: { roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    content: message.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: message.mentionsBot ? [bot] : [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    flags: 0,
    ...(message.replyTo
      ? { message_reference: { message_id: message.replyTo, channel_id: message.channelId ?? FAKE_CHANNEL_ID, guild_id: FAKE_GUILD_ID } }
      : {}),
  };
}

/** `interaction` as if sent from inside `thread` (a channel the fake started). */
export function inThread<T extends Record<string, unknown>>(interaction: T, thread: Record<string, unknown>): T {
  return { ...interaction, channel_id: thread.id, channel: thread };
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  return new FakeDiscord().start();
}

/** Interaction payloads as Discord sends them (API v10), from a guild text channel. */
export interface InteractionSeed {
  id: string;
  token: string;
}

function base(type: number, user: FakeUser, data: unknown, message?: unknown): Record<string, unknown> & InteractionSeed {
  const apiUser = { id: user.id, username: user.username, discriminator: '0', avatar: null, global_name: user.username };
  return {
    id: nextSnowflake(),
    application_id: FAKE_APPLICATION_ID,
    type,
    data,
    guild_id: FAKE_GUILD_ID,
    channel_id: FAKE_CHANNEL_ID,
    channel: { id: FAKE_CHANNEL_ID, type: 0, guild_id: FAKE_GUILD_ID, name: 'general' },
    member: {
      user: apiUser,
      roles: [],
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      permissions: user.permissions ?? '2147483647',
    },
    token: `tok_${randomBytes(12).toString('hex')}`,
    version: 1,
    app_permissions: '2147483647',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': FAKE_GUILD_ID },
    context: 0,
    ...(message ? { message } : {}),
  };
}

export type OptionValue = string | number | boolean;

export function slashCommand(name: string, options: Record<string, OptionValue>, user: FakeUser, focused?: string) {
  const type = (v: OptionValue) => (typeof v === 'string' ? 3 : typeof v === 'number' ? 4 : 5);
  const data = {
    id: nextSnowflake(),
    name,
    type: 1,
    options: Object.entries(options).map(([optionName, value]) => ({
      name: optionName,
      type: type(value),
      value,
      ...(optionName === focused ? { focused: true } : {}),
    })),
  };
  return base(focused ? 4 : 2, user, data);
}

/**
 * A slash command with one subcommand (`/corpus add`), whose options may hold attachments;
 * `focused` names the option being typed for an autocomplete request.
 */
export function slashSubcommand(
  name: string,
  subcommand: string,
  options: Record<string, OptionValue | FakeAttachment>,
  user: FakeUser,
  focused?: string,
) {
  const attachments: Record<string, FakeAttachment> = {};
  const type = (v: OptionValue | FakeAttachment) =>
    typeof v === 'object' ? 11 : typeof v === 'string' ? 3 : typeof v === 'number' ? 4 : 5;
  const data = {
    id: nextSnowflake(),
    name,
    type: 1,
    options: [
      {
        name: subcommand,
        type: 1,
        options: Object.entries(options).map(([optionName, value]) => {
          if (typeof value === 'object') attachments[value.id] = value;
          return {
            name: optionName,
            type: type(value),
            value: typeof value === 'object' ? value.id : value,
            ...(optionName === focused ? { focused: true } : {}),
          };
        }),
      },
    ],
    ...(Object.keys(attachments).length > 0 ? { resolved: { attachments } } : {}),
  };
  return base(focused ? 4 : 2, user, data);
}

/** A click on a button of the bot's message; `messageFlags` 64 makes that message a private (ephemeral) one. */
export function buttonClick(customId: string, user: FakeUser, messageFlags = 0) {
  const message = messageFrom({ content: '', flags: messageFlags }, FAKE_APPLICATION_ID);
  return base(3, user, { custom_id: customId, component_type: 2 }, message);
}

/** A choice in a select menu of the bot's message (`values`: the options picked). */
export function selectMenu(customId: string, values: string[], user: FakeUser, messageFlags = 0) {
  const message = messageFrom({ content: '', flags: messageFlags }, FAKE_APPLICATION_ID);
  return base(3, user, { custom_id: customId, component_type: 3, values }, message);
}

/** `interaction` as if sent from a channel of another server. */
export function inGuild<T extends Record<string, unknown>>(interaction: T, guildId: string): T {
  const channel = { ...(interaction.channel as Record<string, unknown>), guild_id: guildId };
  return { ...interaction, guild_id: guildId, channel, authorizing_integration_owners: { '0': guildId } };
}

export function messageCommand(name: string, target: { content: string; authorId: string }, user: FakeUser) {
  const targetId = nextSnowflake();
  const targetMessage = {
    ...messageFrom({ content: target.content }, FAKE_APPLICATION_ID),
    id: targetId,
    author: { id: target.authorId, username: 'someone', discriminator: '0', avatar: null, global_name: 'someone' },
    webhook_id: undefined,
  };
  return base(2, user, { id: nextSnowflake(), name, type: 3, target_id: targetId, resolved: { messages: { [targetId]: targetMessage } } });
}
