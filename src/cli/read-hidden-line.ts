import { StringDecoder } from 'node:string_decoder';

/** A terminal as standard input: `process.stdin` when it is a TTY. */
export interface TerminalInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * Asks for a secret on a terminal: writes `prompt` to `output` (standard error)
 * and reads one line in raw mode, so nothing typed is echoed. Backspace and
 * Ctrl-U edit; Enter ends the line. Resolves undefined when the user cancels
 * (Ctrl-C, or Ctrl-D on an empty line). The terminal's mode is restored in
 * every case.
 */
export function readHiddenLine(
  input: TerminalInput,
  output: { write(chunk: string): unknown },
  prompt: string,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    const wasRaw = input.isRaw === true;
    let value = '';

    const finish = (result: string | undefined): void => {
      input.removeListener('data', onData);
      input.removeListener('error', onError);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
      resolve(result);
    };
    function onError(error: Error): void {
      input.removeListener('data', onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      reject(error);
    }
    function onData(chunk: string | Buffer): void {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      for (const char of text) {
        if (char === '\r' || char === '\n') return finish(value);
        if (char === '\u0003') return finish(undefined); // Ctrl-C
        if (char === '\u0004') return finish(value === '' ? undefined : value); // Ctrl-D
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char === '\u0015') value = ''; // Ctrl-U
        else if (char === '\u001b') return; // an escape sequence (arrow keys): drop the rest of it
        else if (char >= ' ') value += char;
      }
    }

    output.write(prompt);
    input.setRawMode?.(true);
    input.on('data', onData);
    input.on('error', onError);
    input.resume();
  });
}
