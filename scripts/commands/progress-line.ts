/** A progress line on stderr that rewrites itself, only when stderr is a terminal (logs and pipes stay clean). */
export function terminalProgress(): { update(text: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(text) {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      shown = true;
      process.stderr.write(`\r\u001b[2K${text}`);
    },
    done() {
      if (shown) process.stderr.write('\r\u001b[2K');
    },
  };
}
