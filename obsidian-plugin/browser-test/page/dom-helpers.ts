/**
 * Obsidian's DOM helpers for a plain browser page: the ones the plugin's renderers use
 * (createEl, createDiv, createSpan, empty, setText, addClass, removeClass, toggleClass, setAttr)
 * and the few those are built on. Obsidian adds them to Node/Element prototypes and to the
 * global scope before a plugin loads; this file does the same, with the signatures of
 * obsidian.d.ts's global declarations. Stand-in: Obsidian itself cannot run here.
 */
import type {} from 'obsidian';

type ElementInfo = DomElementInfo | string | undefined;

function makeElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  info: ElementInfo,
  callback: ((el: HTMLElementTagNameMap[K]) => void) | undefined,
  defaultParent?: Node,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const options: DomElementInfo = typeof info === 'string' ? { cls: info } : (info ?? {});
  if (options.cls !== undefined) el.addClasses((Array.isArray(options.cls) ? options.cls : options.cls.split(' ')).filter((cls) => cls !== ''));
  if (options.text !== undefined) el.setText(options.text);
  if (options.attr) el.setAttrs(options.attr);
  if (options.title !== undefined) el.title = options.title;
  if (options.value !== undefined && 'value' in el) el.value = options.value;
  if (options.type !== undefined) el.setAttribute('type', options.type);
  if (options.placeholder !== undefined) el.setAttribute('placeholder', options.placeholder);
  if (options.href !== undefined) el.setAttribute('href', options.href);
  const parent = options.parent ?? defaultParent;
  if (parent) {
    if (options.prepend) parent.insertBefore(el, parent.firstChild);
    else parent.appendChild(el);
  }
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
node.empty = function (this: Node) {
  while (this.firstChild) this.removeChild(this.firstChild);
};
node.detach = function (this: Node) {
  this.parentNode?.removeChild(this);
};

const element = Element.prototype;
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
element.toggleClass = function (this: Element, classes: string | string[], value: boolean) {
  for (const cls of Array.isArray(classes) ? classes : [classes]) this.classList.toggle(cls, value);
};
element.setAttr = function (this: Element, name: string, value: string | number | boolean | null) {
  if (value === null || value === false) this.removeAttribute(name);
  else this.setAttribute(name, value === true ? '' : String(value));
};
element.setAttrs = function (this: Element, attrs: Record<string, string | number | boolean | null>) {
  for (const [name, value] of Object.entries(attrs)) this.setAttr(name, value);
};

Object.assign(globalThis, {
  createEl: <K extends keyof HTMLElementTagNameMap>(tag: K, info?: ElementInfo, callback?: (el: HTMLElementTagNameMap[K]) => void) => makeElement(tag, info, callback),
  createDiv: (info?: ElementInfo, callback?: (el: HTMLDivElement) => void) => makeElement('div', info, callback),
  createSpan: (info?: ElementInfo, callback?: (el: HTMLSpanElement) => void) => makeElement('span', info, callback),
});
