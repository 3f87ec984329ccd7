/**
 * The `obsidian` module for the browser-test harness page (esbuild aliases `obsidian` here).
 * Stand-in: Obsidian itself cannot run here, so this gives the plugin's renderers the small
 * part of the API they use, built on the real DOM: components, views, modals, notices, the
 * button row of a confirm modal, the settings tab's rows and controls, and `requestUrl` over
 * fetch. Markup and class names follow Obsidian's so the plugin's styles.css applies as it
 * would in the app.
 */
import './dom-helpers';
import type { RequestUrlParam, RequestUrlResponse, RequestUrlResponsePromise } from 'obsidian';

// ---------------------------------------------------------------- network

/** Obsidian's requestUrl, over fetch: same result shape, and it throws on 400+ unless told not to. */
export function requestUrl(request: RequestUrlParam | string): RequestUrlResponsePromise {
  const param: RequestUrlParam = typeof request === 'string' ? { url: request } : request;
  const headers: Record<string, string> = { ...param.headers };
  if (param.contentType !== undefined) headers['Content-Type'] = param.contentType;
  const result = (async (): Promise<RequestUrlResponse> => {
    const response = await fetch(param.url, { method: param.method ?? 'GET', headers, body: param.body ?? null });
    const arrayBuffer = await response.arrayBuffer();
    const text = new TextDecoder().decode(arrayBuffer);
    const responseHeaders = Object.fromEntries(response.headers.entries());
    const settled: RequestUrlResponse = {
      status: response.status,
      headers: responseHeaders,
      arrayBuffer,
      text,
      get json() {
        return JSON.parse(text) as unknown;
      },
    };
    if (response.status >= 400 && param.throw !== false) {
      // Obsidian's error carries the status (and headers); the body is not in the message.
      throw Object.assign(new Error(`Request failed, status ${response.status}`), { status: response.status, headers: responseHeaders });
    }
    return settled;
  })();
  // Read lazily, as in Obsidian: a body that is not JSON fails only a caller that asks for json.
  return Object.defineProperties(result, {
    arrayBuffer: { get: () => result.then((r) => r.arrayBuffer) },
    json: { get: () => result.then((r) => r.json as unknown) },
    text: { get: () => result.then((r) => r.text) },
  }) as RequestUrlResponsePromise;
}

// ---------------------------------------------------------------- lifecycle

export class Component {
  private loaded = false;
  private cleanups: Array<() => unknown> = [];

  load(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.onload();
  }

  onload(): void {}

  unload(): void {
    if (!this.loaded) return;
    this.loaded = false;
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
    this.onunload();
  }

  onunload(): void {}

  register(cleanup: () => unknown): void {
    this.cleanups.push(cleanup);
  }
}

// ---------------------------------------------------------------- app, workspace, views

/** The app object views and actions hold on to; the harness mounts nothing that reads it. */
export class App {}

export class WorkspaceLeaf {
  constructor(readonly app: App) {}
}

export abstract class View extends Component {
  readonly app: App;
  readonly containerEl: HTMLElement;

  constructor(readonly leaf: WorkspaceLeaf) {
    super();
    this.app = leaf.app;
    this.containerEl = createDiv({ cls: 'workspace-leaf-content' });
  }

  abstract getViewType(): string;
  abstract getDisplayText(): string;
  getIcon(): string {
    return '';
  }
  async onOpen(): Promise<void> {}
  async onClose(): Promise<void> {}
}

export abstract class ItemView extends View {
  readonly contentEl: HTMLElement;

  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    const header = this.containerEl.createDiv({ cls: 'view-header' });
    header.createDiv({ cls: 'view-header-title-container' }).createDiv({ cls: 'view-header-title' });
    this.contentEl = this.containerEl.createDiv({ cls: 'view-content' });
  }
}

// ---------------------------------------------------------------- modals and notices

export class Modal {
  readonly containerEl: HTMLElement;
  readonly modalEl: HTMLElement;
  readonly titleEl: HTMLElement;
  readonly contentEl: HTMLElement;

  constructor(readonly app: App) {
    this.containerEl = createDiv({ cls: 'modal-container mod-dim' });
    this.containerEl.createDiv({ cls: 'modal-bg' }).addEventListener('click', () => this.close());
    this.modalEl = this.containerEl.createDiv({ cls: 'modal' });
    const closeButton = this.modalEl.createDiv({ cls: 'modal-close-button', attr: { 'aria-label': 'Close' } });
    closeButton.addEventListener('click', () => this.close());
    this.titleEl = this.modalEl.createDiv({ cls: 'modal-title' });
    this.contentEl = this.modalEl.createDiv({ cls: 'modal-content' });
  }

  setTitle(title: string): this {
    this.titleEl.setText(title);
    return this;
  }

  open(): void {
    document.body.appendChild(this.containerEl);
    void this.onOpen();
  }

  close(): void {
    if (!this.containerEl.isConnected) return;
    this.containerEl.detach();
    this.onClose();
  }

  onOpen(): Promise<void> | void {}
  onClose(): void {}
}

export class Notice {
  readonly noticeEl: HTMLElement;
  /** Alias some Obsidian versions expose. */
  readonly messageEl: HTMLElement;

  constructor(message: string | DocumentFragment, duration = 5_000) {
    let container = document.body.querySelector<HTMLElement>(':scope > .notice-container');
    container ??= document.body.createDiv({ cls: 'notice-container' });
    this.noticeEl = container.createDiv({ cls: 'notice' });
    this.messageEl = this.noticeEl.createDiv({ cls: 'notice-message' });
    this.messageEl.setText(message);
    if (duration > 0) window.setTimeout(() => this.hide(), duration);
  }

  hide(): void {
    this.noticeEl.detach();
  }
}

// ---------------------------------------------------------------- settings rows and controls

export class ButtonComponent {
  readonly buttonEl: HTMLButtonElement;

  constructor(containerEl: HTMLElement) {
    this.buttonEl = containerEl.createEl('button');
  }

  setButtonText(text: string): this {
    this.buttonEl.setText(text);
    return this;
  }

  setWarning(): this {
    this.buttonEl.addClass('mod-warning');
    return this;
  }

  setDisabled(disabled: boolean): this {
    this.buttonEl.disabled = disabled;
    return this;
  }

  onClick(callback: (evt: MouseEvent) => unknown): this {
    this.buttonEl.addEventListener('click', callback);
    return this;
  }
}

/** A control with a string value; `onChange` gets the whole value on each `event`. */
abstract class ValueControl<E extends HTMLInputElement | HTMLSelectElement> {
  protected constructor(
    protected readonly control: E,
    private readonly event: 'input' | 'change',
  ) {}

  setValue(value: string): this {
    this.control.value = value;
    return this;
  }

  onChange(callback: (value: string) => unknown): this {
    this.control.addEventListener(this.event, () => void callback(this.control.value));
    return this;
  }
}

/** Obsidian fires a text field's onChange on every keystroke. */
export class TextComponent extends ValueControl<HTMLInputElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl('input', { type: 'text' }), 'input');
  }

  get inputEl(): HTMLInputElement {
    return this.control;
  }
}

export class DropdownComponent extends ValueControl<HTMLSelectElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl('select', { cls: 'dropdown' }), 'change');
  }

  get selectEl(): HTMLSelectElement {
    return this.control;
  }

  addOptions(options: Record<string, string>): this {
    for (const [value, text] of Object.entries(options)) this.selectEl.createEl('option', { value, text });
    return this;
  }
}

/** A plugin's tab in the settings window: its containerEl is what `display()` fills. */
export abstract class PluginSettingTab {
  readonly containerEl: HTMLElement;

  constructor(
    readonly app: App,
    readonly plugin: unknown,
  ) {
    this.containerEl = createDiv({ cls: 'vertical-tab-content' });
  }

  abstract display(): void;
}

export class Setting {
  readonly settingEl: HTMLElement;
  readonly infoEl: HTMLElement;
  readonly nameEl: HTMLElement;
  readonly descEl: HTMLElement;
  readonly controlEl: HTMLElement;

  constructor(containerEl: HTMLElement) {
    this.settingEl = containerEl.createDiv({ cls: 'setting-item' });
    this.infoEl = this.settingEl.createDiv({ cls: 'setting-item-info' });
    this.nameEl = this.infoEl.createDiv({ cls: 'setting-item-name' });
    this.descEl = this.infoEl.createDiv({ cls: 'setting-item-description' });
    this.controlEl = this.settingEl.createDiv({ cls: 'setting-item-control' });
  }

  setName(name: string | DocumentFragment): this {
    this.nameEl.setText(name);
    return this;
  }

  setDesc(desc: string | DocumentFragment): this {
    this.descEl.setText(desc);
    return this;
  }

  addButton(build: (button: ButtonComponent) => unknown): this {
    build(new ButtonComponent(this.controlEl));
    return this;
  }

  addText(build: (text: TextComponent) => unknown): this {
    build(new TextComponent(this.controlEl));
    return this;
  }

  addDropdown(build: (dropdown: DropdownComponent) => unknown): this {
    build(new DropdownComponent(this.controlEl));
    return this;
  }
}
