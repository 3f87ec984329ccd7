// Runs async sections one after another: scheduling decisions must see each other's
// reservations, or two requests could both take the last free core.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
