import type { PodsQuery } from '../core/block-query';
import { diagnoseConnection, errorMessage, type Diagnosis, type Probe } from '../core/connection-diagnosis';
import { objectOrUndefined, parseJson } from '../core/json-value';
import { PLUGIN_VERSION } from '../core/plugin-version';
import type { PluginSettings } from '../core/settings-schema';
import { ApiError, apiErrorFromStatus, unreachable } from './api-error';
import type { PodRow, SearchHit, ServerHealth, SpecTask } from './api-types';
import { ChangeFeed } from './change-feed';
import { followLogStream } from './log-follower';
import { McpSession } from './mcp-session';
import { windowTimers, type Timers } from './timers';
import type { HttpRequest, HttpResponse, StreamResponse, Transport } from './transport';
import type { FeedMessage, LogSink, TaskToggle, VaultplaneApi } from './vaultplane-api';

// The server's HTTP API (JSON routes, two event streams) and its MCP endpoint for the tools
// with no HTTP route, with the token from settings. Every failure is an ApiError whose message
// a view can show as is.

export class VaultplaneClient implements VaultplaneApi {
  private readonly feed: ChangeFeed;
  private readonly mcp: McpSession;

  constructor(
    private readonly settings: () => PluginSettings,
    private readonly transport: Transport,
    timers: Timers = windowTimers(),
  ) {
    this.feed = new ChangeFeed({
      open: (signal) => this.openStream('/events', signal),
      mode: () => this.settings(),
      timers,
      describeRefusal: (response) => this.describeRefusal(response, 'Events'),
    });
    this.mcp = new McpSession({
      clientVersion: PLUGIN_VERSION,
      post: (headers, body) => this.send({ method: 'POST', path: '/mcp', headers: { accept: 'application/json, text/event-stream', ...headers }, body }),
    });
  }

  get defaultNamespace(): string {
    return this.settings().defaultNamespace;
  }

  /** After a settings change: new stream, new MCP session. */
  reconnect(): void {
    this.mcp.reset();
    this.feed.restart();
  }

  close(): void {
    this.feed.stop();
  }

  /** What "Test connection" reports: server down, wrong token, version mismatch, or connected. */
  async testConnection(): Promise<Diagnosis> {
    const { serverUrl, token } = this.settings();
    const probe = async (path: string): Promise<Probe> => {
      try {
        const response = await this.transport.request({ url: serverUrl + path, method: 'GET', headers: { ...this.auth(), accept: 'application/json' } });
        return { kind: 'answered', status: response.status, json: parseJson(response.text) };
      } catch (error) {
        return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
      }
    };
    const health = await probe('/health');
    const pods = health.kind === 'answered' && token !== '' ? await probe('/pods') : undefined;
    return diagnoseConnection(serverUrl, token, health, pods, PLUGIN_VERSION);
  }

  async health(): Promise<ServerHealth> {
    const response = await this.send({ method: 'GET', path: '/health' });
    const body = parseJson(response.text) as Partial<ServerHealth> | undefined;
    // 503 still carries the version and the reason, which the status bar shows.
    if (typeof body?.version !== 'string') throw apiErrorFromStatus(response.status, 'the answer is not vaultplane health; check the server URL', 'Health');
    return body as ServerHealth;
  }

  async listPods(filter: PodsQuery = {}): Promise<PodRow[]> {
    const query = new URLSearchParams();
    const namespace = filter.namespace ?? this.defaultNamespace;
    if (namespace !== '') query.set('namespace', namespace);
    if (filter.task !== undefined) query.set('task', filter.task);
    if (filter.status !== undefined) query.set('status', filter.status);
    const search = query.size > 0 ? `?${query.toString()}` : '';
    const body = await this.json<{ pods: PodRow[] }>({ method: 'GET', path: `/pods${search}` }, 'Pods');
    return body.pods;
  }

  async evict(podId: string, reason?: string): Promise<PodRow> {
    const body = await this.json<{ pod: PodRow }>({ method: 'POST', path: '/evict', body: { id: podId, reason: reason ?? 'evicted from Obsidian' } }, `Evict ${podId}`);
    return body.pod;
  }

  async scheduleFromNote(path: string): Promise<PodRow> {
    const content = await this.mcp.callTool('schedule_workload', { fromNote: path });
    return content.pod as PodRow;
  }

  async listTasks(feature: string, filter: { status?: 'open' | 'done'; phase?: number } = {}): Promise<SpecTask[]> {
    const content = await this.mcp.callTool('list_tasks', { feature, ...filter });
    // No such feature (or no tasks.md yet) is a wrong query to the reader of a block, not an empty list.
    if (typeof content.missing === 'string') throw new ApiError('not-found', content.missing);
    return content.tasks as SpecTask[];
  }

  async setTaskDone(toggle: TaskToggle): Promise<void> {
    await this.json({ method: 'POST', path: '/task-update', body: toggle }, `Task ${toggle.feature}/${toggle.taskId}`);
  }

  async searchNotes(query: string, limit = 20): Promise<SearchHit[]> {
    const content = await this.mcp.callTool('search_notes', { query, limit });
    return content.results as SearchHit[];
  }

  watch(listener: (message: FeedMessage) => void): () => void {
    return this.feed.subscribe(listener);
  }

  followLogs(podId: string, options: { tail?: number }, sink: LogSink): () => void {
    const query = new URLSearchParams({ follow: '1' });
    if (options.tail !== undefined) query.set('tail', String(options.tail));
    const path = `/pods/${encodeURIComponent(podId)}/logs?${query.toString()}`;
    return followLogStream((signal) => this.openStream(path, signal), (response) => this.describeRefusal(response, `Logs of ${podId}`), sink);
  }

  private async json<T>(request: { method: HttpRequest['method']; path: string; body?: object }, what: string): Promise<T> {
    const response = await this.send({ ...request, headers: { accept: 'application/json' } });
    const body = parseJson(response.text);
    if (response.status >= 400) {
      const error = (body as { error?: { code?: string } } | undefined)?.error;
      throw apiErrorFromStatus(response.status, errorMessage(objectOrUndefined(body)), what, error?.code);
    }
    if (body === undefined) throw new ApiError('server', `${what}: the server answered ${response.status} without JSON`);
    return body as T;
  }

  private async send(request: { method: HttpRequest['method']; path: string; headers?: Record<string, string>; body?: object }): Promise<HttpResponse> {
    const { serverUrl } = this.settings();
    const headers: Record<string, string> = { ...this.auth(), ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.transport.request({ url: serverUrl + request.path, method: request.method, headers, body: request.body === undefined ? undefined : JSON.stringify(request.body) });
    } catch (error) {
      throw unreachable(serverUrl, error);
    }
  }

  private async openStream(path: string, signal: AbortSignal): Promise<StreamResponse> {
    const { serverUrl } = this.settings();
    try {
      return await this.transport.stream({ url: serverUrl + path, method: 'GET', headers: { ...this.auth(), accept: 'text/event-stream' } }, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw unreachable(serverUrl, error);
    }
  }

  private async describeRefusal(response: StreamResponse, what: string): Promise<string> {
    let text = '';
    try {
      text = response.body === null ? '' : await new Response(response.body).text();
    } catch {
      // The reason is a nicety; the status alone still says what failed.
    }
    return apiErrorFromStatus(response.status, errorMessage(objectOrUndefined(parseJson(text))), what).message;
  }

  private auth(): Record<string, string> {
    const { token } = this.settings();
    return token === '' ? {} : { authorization: `Bearer ${token}` };
  }
}
