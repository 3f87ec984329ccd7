import type { Mounted } from './mounted';

/** A block that cannot render says why, in place of the block. */
export function mountBlockError(container: HTMLElement, title: string, message: string): Mounted {
  container.empty();
  const box = container.createDiv({ cls: 'vaultplane-block-error' });
  box.createEl('strong', { text: title });
  box.createDiv({ text: message });
  return { dispose: () => undefined };
}

/** The error line inside a live block: shown on failure, hidden once a refresh works again. */
export class InlineError {
  private readonly element: HTMLElement;

  constructor(parent: HTMLElement) {
    this.element = parent.createDiv({ cls: 'vaultplane-block-error vaultplane-hidden' });
  }

  show(message: string): void {
    this.element.setText(message);
    this.element.removeClass('vaultplane-hidden');
  }

  clear(): void {
    this.element.setText('');
    this.element.addClass('vaultplane-hidden');
  }
}
