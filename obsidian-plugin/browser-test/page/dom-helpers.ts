/**
 * Obsidian's DOM helpers (createEl, empty, setText, addClass, …) for a plain browser page.
 * Obsidian adds them to Node/Element/HTMLElement prototypes and to the global scope before a
 * plugin loads; this file does the same so the plugin's renderers run unchanged. Stand-in:
 * Obsidian itself cannot run here. Signatures follow obsidian.d.ts's global declarations.
 */
import type {} from 'obsidian';

type ElementInfo = DomElementInfo | string | undefined;

function applyInfo(el: HTMLElement, info: ElementInfo): void {
  if (info === undefined) return;
  const options: DomElementInfo = typeof info === 'string' ? { cls: info } : info;
  if (options.cls !== undefined) {
    const classes = Array.isArray(options.cls) ? options.cls : options.cls.split(' ');
    el.addClasses(classes.filter((cls) => cls !== ''));
  }
  if (options.text !== undefined) el.setText(options.text);
  if (options.attr) el.setAttrs(options.attr);
  if (options.title !== undefined) el.title = options.title;
  if (options.value !== undefined && 'value' in el) (el as HTMLInputElement).value = options.value;
  if (options.type !== undefined && 'type' in el) (el as HTMLInputElement).type = options.type;
  if (options.placeholder !== undefined && 'placeholder' in el) (el as HTMLInputElement).placeholder = options.placeholder;
  if (options.href !== undefined && 'href' in el) (el as HTMLAnchorElement).href = options.href;
  if (options.parent) {
    if (options.prepend) options.parent.insertBefore(el, options.parent.firstChild);
    else options.parent.appendChild(el);
  }
}

function makeElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  info: ElementInfo,
  callback: ((el: HTMLElementTagNameMap[K]) => void) | undefined,
  parent?: Node,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const options: DomElementInfo = typeof info === 'string' ? { cls: info } : { ...info };
  if (parent && !options.parent) options.parent = parent;
  applyInfo(el, options);
  callback?.(el);
  return el;
}

const node = Node.prototype;
node.createEl = function <K extends keyof HTMLElementTagNameMap>(this: Node, tag: K, info?: ElementInfo, callback?: (el: HTMLElementTagNameMap[K]) => void) {
  return makeElement(tag, info, callback, this);
};
node.createDiv = function (this: Node, info?: ElementInfo, callback?: (el: HTMLDivElement) => void) {
  return makeElement('div', info, callback, this);
};
node.createSpan = function (this: Node, info?: ElementInfo, callback?: (el: HTMLSpanElement) => void) {
  return makeElement('span', info, callback, this);
};
node.createSvg = function <K extends keyof SVGElementTagNameMap>(this: Node, tag: K, info?: SvgElementInfo | string, callback?: (el: SVGElementTagNameMap[K]) => void) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  const options: SvgElementInfo = typeof info === 'string' ? { cls: info } : (info ?? {});
  if (options.cls !== undefined) el.addClasses(Array.isArray(options.cls) ? options.cls : options.cls.split(' ').filter(Boolean));
  if (options.attr) el.setAttrs(options.attr);
  const parent = options.parent ?? this;
  if (options.prepend) parent.insertBefore(el, parent.firstChild);
  else parent.appendChild(el);
  callback?.(el);
  return el;
};
node.empty = function (this: Node) {
  while (this.firstChild) this.removeChild(this.firstChild);
};
node.detach = function (this: Node) {
  this.parentNode?.removeChild(this);
};
node.appendText = function (this: Node, text: string) {
  this.appendChild(document.createTextNode(text));
};
node.insertAfter = function <T extends Node>(this: Node, newNode: T, child: Node | null): T {
  return this.insertBefore(newNode, child ? child.nextSibling : this.firstChild);
};
node.indexOf = function (this: Node, other: Node) {
  return Array.prototype.indexOf.call(this.childNodes, other);
};
node.setChildrenInPlace = function (this: Node, children: Node[]) {
  const keep = new Set(children);
  for (const child of Array.from(this.childNodes)) if (!keep.has(child)) this.removeChild(child);
  for (const child of children) this.appendChild(child);
};
node.instanceOf = function <T>(this: Node, type: new () => T): boolean {
  return this instanceof type;
} as Node['instanceOf'];

const element = Element.prototype;
element.getText = function (this: Element) {
  return this.textContent ?? '';
};
element.setText = function (this: Element, value: string | DocumentFragment) {
  if (typeof value === 'string') this.textContent = value;
  else {
    this.empty();
    this.appendChild(value);
  }
};
element.addClass = function (this: Element, ...classes: string[]) {
  this.classList.add(...classes);
};
element.addClasses = function (this: Element, classes: string[]) {
  this.classList.add(...classes);
};
element.removeClass = function (this: Element, ...classes: string[]) {
  this.classList.remove(...classes);
};
element.removeClasses = function (this: Element, classes: string[]) {
  this.classList.remove(...classes);
};
element.toggleClass = function (this: Element, classes: string | string[], value: boolean) {
  for (const cls of Array.isArray(classes) ? classes : [classes]) this.classList.toggle(cls, value);
};
element.hasClass = function (this: Element, cls: string) {
  return this.classList.contains(cls);
};
element.setAttr = function (this: Element, name: string, value: string | number | boolean | null) {
  if (value === null || value === false) this.removeAttribute(name);
  else this.setAttribute(name, value === true ? '' : String(value));
};
element.setAttrs = function (this: Element, attrs: Record<string, string | number | boolean | null>) {
  for (const [name, value] of Object.entries(attrs)) this.setAttr(name, value);
};
element.getAttr = function (this: Element, name: string) {
  return this.getAttribute(name);
};
element.matchParent = function (this: Element, selector: string, lastParent?: Element) {
  for (let el: Element | null = this; el && el !== lastParent; el = el.parentElement) if (el.matches(selector)) return el;
  return null;
};
element.find = function (this: Element, selector: string) {
  return this.querySelector(selector);
} as Element['find'];
element.findAll = function (this: Element, selector: string) {
  return Array.from(this.querySelectorAll<HTMLElement>(selector));
};

const html = HTMLElement.prototype;
html.show = function (this: HTMLElement) {
  this.style.removeProperty('display');
};
html.hide = function (this: HTMLElement) {
  this.style.display = 'none';
};
html.toggle = function (this: HTMLElement, show: boolean) {
  if (show) this.show();
  else this.hide();
};
html.toggleVisibility = function (this: HTMLElement, visible: boolean) {
  this.style.visibility = visible ? '' : 'hidden';
};
html.isShown = function (this: HTMLElement) {
  return this.offsetParent !== null;
};
html.setCssStyles = function (this: HTMLElement, styles: Partial<CSSStyleDeclaration>) {
  Object.assign(this.style, styles);
};
html.setCssProps = function (this: HTMLElement, props: Record<string, string>) {
  for (const [name, value] of Object.entries(props)) this.style.setProperty(name, value);
};
html.onClickEvent = function (this: HTMLElement, listener: (this: HTMLElement, ev: MouseEvent) => unknown, options?: boolean | AddEventListenerOptions) {
  this.addEventListener('click', listener, options);
};
html.trigger = function (this: HTMLElement, eventType: string) {
  this.dispatchEvent(new Event(eventType, { bubbles: true }));
};

const detached = () => document.createDocumentFragment();
Object.assign(globalThis, {
  createEl: <K extends keyof HTMLElementTagNameMap>(tag: K, info?: ElementInfo, callback?: (el: HTMLElementTagNameMap[K]) => void) =>
    makeElement(tag, info, callback),
  createDiv: (info?: ElementInfo, callback?: (el: HTMLDivElement) => void) => makeElement('div', info, callback),
  createSpan: (info?: ElementInfo, callback?: (el: HTMLSpanElement) => void) => makeElement('span', info, callback),
  createFragment: (callback?: (el: DocumentFragment) => void) => {
    const fragment = detached();
    callback?.(fragment);
    return fragment;
  },
  activeDocument: document,
  activeWindow: window,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  nextFrame: () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())),
});
