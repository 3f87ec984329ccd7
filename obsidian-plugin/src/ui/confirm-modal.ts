import { Modal, Setting, type App } from 'obsidian';

/** Asks before something that cannot be undone; resolves true only on the confirm button. */
export function confirmAction(app: App, options: { title: string; message: string; confirmText: string }): Promise<boolean> {
  return new Promise((resolve) => {
    let confirmed = false;
    const modal = new Modal(app);
    modal.setTitle(options.title);
    modal.contentEl.createEl('p', { text: options.message });
    new Setting(modal.contentEl)
      .addButton((button) => button.setButtonText('Cancel').onClick(() => modal.close()))
      .addButton((button) =>
        button
          .setButtonText(options.confirmText)
          .setWarning()
          .onClick(() => {
            confirmed = true;
            modal.close();
          }),
      );
    modal.onClose = () => resolve(confirmed);
    modal.open();
  });
}
