import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** A request the emulated endpoint received. */
export interface ChatRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: ChatCompletionBody;
}

/** The parts of a chat-completions request the emulator reads. */
export interface ChatCompletionBody {
  readonly model: string;
  readonly temperature: number;
  readonly messages: { role: string; content: string }[];
  readonly response_format: { type: string; json_schema: { name: string; strict: boolean; schema: { properties: { category: { enum: string[] } } } } };
}

/** A running emulator: its base URL (`…/v1`), its host for allow-lists, what it received, and how to stop it. */
export interface ChatCompletionsServer {
  readonly baseUrl: string;
  readonly host: string;
  readonly received: ChatRequest[];
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible `/v1/chat/completions` endpoint on 127.0.0.1 that accepts only `Bearer <key>`.
 * The user's text steers it: `[500]` fails, `[malformed]` answers a category outside the schema,
 * `[not-json]` answers prose, `[hang]` never answers, `[low]` answers with confidence 0.3; otherwise
 * it answers the first allowed category the text names (else the first) with confidence 0.92.
 */
export async function startChatCompletionsServer(key: string): Promise<ChatCompletionsServer> {
  const received: ChatRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return json(404, { error: { message: 'no such route' } });
      if (req.headers.authorization !== `Bearer ${key}`) return json(401, { error: { message: 'Incorrect API key provided' } });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatCompletionBody;
      received.push({ path: req.url, headers: req.headers, body });
      const text = body.messages.find((message) => message.role === 'user')?.content ?? '';
      const categories = body.response_format.json_schema.schema.properties.category.enum;
      if (text.includes('[hang]')) return;
      if (text.includes('[500]')) return json(500, { error: { message: 'The server had an error while processing your request' } });
      const content = text.includes('[not-json]')
        ? 'I think it is a payment problem.'
        : JSON.stringify({
            category: text.includes('[malformed]') ? 'something-else' : (categories.find((category) => text.includes(category)) ?? categories[0]),
            confidence: text.includes('[low]') ? 0.3 : 0.92,
          });
      json(200, { id: 'chatcmpl-1', object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    host: `127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
