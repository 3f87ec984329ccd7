/**
 * The `obsidian` module for the browser-test harness page (esbuild aliases `obsidian` here).
 * Stand-in: Obsidian itself cannot run here, so this gives the plugin's renderers the small
 * part of the API they use, built on the real DOM: components, views, modals, notices,
 * settings rows, icons, and `requestUrl` over fetch. Markup and class names follow Obsidian's
 * so the plugin's styles.css applies as it would in the app.
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

export interface EventRef {
  detach(): void;
}

export class Events {
  private handlers = new Map<string, Set<(...data: unknown[]) => unknown>>();

  on(name: string, callback: (...data: unknown[]) => unknown): EventRef {
    const set = this.handlers.get(name) ?? new Set();
    this.handlers.set(name, set);
    set.add(callback);
    return { detach: () => set.delete(callback) };
  }

  off(name: string, callback: (...data: unknown[]) => unknown): void {
    this.handlers.get(name)?.delete(callback);
  }

  offref(ref: EventRef): void {
    ref.detach();
  }

  trigger(name: string, ...data: unknown[]): void {
    for (const callback of this.handlers.get(name) ?? []) callback(...data);
  }
}

export class Component {
  private loaded = false;
  private cleanups: Array<() => unknown> = [];
  private children: Component[] = [];

  load(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.onload();
    for (const child of this.children) child.load();
  }

  onload(): void {}

  unload(): void {
    if (!this.loaded) return;
    this.loaded = false;
    for (const child of this.children.splice(0)) child.unload();
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
    this.onunload();
  }

  onunload(): void {}

  addChild<T extends Component>(component: T): T {
    this.children.push(component);
    if (this.loaded) component.load();
    return component;
  }

  removeChild<T extends Component>(component: T): T {
    this.children = this.children.filter((child) => child !== component);
    component.unload();
    return component;
  }

  register(cleanup: () => unknown): void {
    this.cleanups.push(cleanup);
  }

  registerEvent(ref: EventRef): void {
    this.register(() => ref.detach());
  }

  registerDomEvent(el: EventTarget, type: string, callback: (event: Event) => unknown, options?: boolean | AddEventListenerOptions): void {
    el.addEventListener(type, callback, options);
    this.register(() => el.removeEventListener(type, callback, options));
  }

  registerInterval(id: number): number {
    this.register(() => window.clearInterval(id));
    return id;
  }
}

export class MarkdownRenderChild extends Component {
  constructor(public containerEl: HTMLElement) {
    super();
  }
}

// ---------------------------------------------------------------- app, workspace, views

/** What the harness records when a renderer asks the app to open a note. */
export interface OpenedLink {
  linktext: string;
  sourcePath: string;
}

export class Workspace extends Events {
  readonly openedLinks: OpenedLink[] = [];

  async openLinkText(linktext: string, sourcePath: string): Promise<void> {
    this.openedLinks.push({ linktext, sourcePath });
    this.trigger('harness:open-link', linktext, sourcePath);
  }

  getLeavesOfType(): WorkspaceLeaf[] {
    return [];
  }
}

export class App {
  readonly workspace = new Workspace();
}

export class WorkspaceLeaf {
  view: View | null = null;
  constructor(readonly app: App) {}
}

export abstract class View extends Component {
  readonly app: App;
  readonly containerEl: HTMLElement;
  icon = '';
  navigation = false;

  constructor(readonly leaf: WorkspaceLeaf) {
    super();
    this.app = leaf.app;
    this.containerEl = createDiv({ cls: 'workspace-leaf-content' });
  }

  abstract getViewType(): string;
  abstract getDisplayText(): string;
  getIcon(): string {
    return this.icon;
  }
  async onOpen(): Promise<void> {}
  async onClose(): Promise<void> {}
}

export abstract class ItemView extends View {
  readonly contentEl: HTMLElement;
  private readonly actionsEl: HTMLElement;

  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    const header = this.containerEl.createDiv({ cls: 'view-header' });
    header.createDiv({ cls: 'view-header-title-container' }).createDiv({ cls: 'view-header-title' });
    this.actionsEl = header.createDiv({ cls: 'view-actions' });
    this.contentEl = this.containerEl.createDiv({ cls: 'view-content' });
  }

  addAction(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const action = this.actionsEl.createEl('a', { cls: ['clickable-icon', 'view-action'], attr: { 'aria-label': title } });
    setIcon(action, icon);
    action.addEventListener('click', callback);
    return action;
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

  setContent(content: string | DocumentFragment): this {
    this.contentEl.setText(content);
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

  setMessage(message: string | DocumentFragment): this {
    this.messageEl.setText(message);
    return this;
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

  setCta(): this {
    this.buttonEl.addClass('mod-cta');
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

  setTooltip(tooltip: string): this {
    this.buttonEl.setAttr('aria-label', tooltip);
    return this;
  }

  setIcon(icon: string): this {
    setIcon(this.buttonEl, icon);
    return this;
  }

  setClass(cls: string): this {
    this.buttonEl.addClass(cls);
    return this;
  }

  onClick(callback: (evt: MouseEvent) => unknown): this {
    this.buttonEl.addEventListener('click', callback);
    return this;
  }
}

abstract class ValueComponent<T, E extends HTMLInputElement | HTMLSelectElement> {
  protected changeHandlers: Array<(value: T) => unknown> = [];
  constructor(readonly inputEl: E) {
    inputEl.addEventListener(inputEl instanceof HTMLSelectElement || inputEl.type === 'checkbox' ? 'change' : 'input', () => {
      for (const handler of this.changeHandlers) handler(this.getValue());
    });
  }
  abstract getValue(): T;
  abstract setValue(value: T): this;
  onChange(callback: (value: T) => unknown): this {
    this.changeHandlers.push(callback);
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.inputEl.disabled = disabled;
    return this;
  }
}

export class TextComponent extends ValueComponent<string, HTMLInputElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl('input', { type: 'text' }));
  }
  getValue(): string {
    return this.inputEl.value;
  }
  setValue(value: string): this {
    this.inputEl.value = value;
    return this;
  }
  setPlaceholder(placeholder: string): this {
    this.inputEl.placeholder = placeholder;
    return this;
  }
}

export class ToggleComponent extends ValueComponent<boolean, HTMLInputElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createDiv({ cls: 'checkbox-container' }).createEl('input', { type: 'checkbox' }));
  }
  getValue(): boolean {
    return this.inputEl.checked;
  }
  setValue(value: boolean): this {
    this.inputEl.checked = value;
    this.inputEl.parentElement?.toggleClass('is-enabled', value);
    return this;
  }
}

export class DropdownComponent extends ValueComponent<string, HTMLSelectElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl('select', { cls: 'dropdown' }));
  }
  addOption(value: string, display: string): this {
    this.inputEl.createEl('option', { value, text: display });
    return this;
  }
  addOptions(options: Record<string, string>): this {
    for (const [value, display] of Object.entries(options)) this.addOption(value, display);
    return this;
  }
  getValue(): string {
    return this.inputEl.value;
  }
  setValue(value: string): this {
    this.inputEl.value = value;
    return this;
  }
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

  setClass(cls: string): this {
    this.settingEl.addClass(cls);
    return this;
  }

  setHeading(): this {
    this.settingEl.addClass('setting-item-heading');
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

  addToggle(build: (toggle: ToggleComponent) => unknown): this {
    build(new ToggleComponent(this.controlEl));
    return this;
  }

  addDropdown(build: (dropdown: DropdownComponent) => unknown): this {
    build(new DropdownComponent(this.controlEl));
    return this;
  }
}

// ---------------------------------------------------------------- small helpers

/** Obsidian draws a Lucide icon; the harness marks the spot with an empty svg of the same class. */
export function setIcon(parent: HTMLElement, iconId: string): void {
  parent.empty();
  parent.createSvg('svg', { cls: ['svg-icon', `lucide-${iconId}`], attr: { width: 16, height: 16, viewBox: '0 0 24 24', 'data-icon': iconId } });
}

export function debounce<T extends unknown[]>(callback: (...args: T) => unknown, timeout = 0, resetTimer = false) {
  let timer: number | undefined;
  const debounced = (...args: T) => {
    if (timer !== undefined && !resetTimer) return debounced;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      timer = undefined;
      callback(...args);
    }, timeout);
    return debounced;
  };
  return Object.assign(debounced, {
    cancel: () => {
      window.clearTimeout(timer);
      timer = undefined;
      return debounced;
    },
    run: () => undefined,
  });
}

export const Platform = { isDesktop: true, isDesktopApp: true, isMobile: false, isMobileApp: false };
