import { StringDecoder } from 'node:string_decoder';
import { UsageError } from './usage-error.js';

/** Longest first line accepted; a password or a JWT is far shorter. */
const MAX_CHARS = 64 * 1024;

/**
 * The first line of a stream, without its line ending (`\n` or `\r\n`), read up
 * to the first newline or the end of the stream. Reading stops there: the rest
 * stays unread, and the stream is paused so it does not keep the process alive.
 */
export function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let text = '';

    const cleanup = (): void => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onError);
      input.pause();
    };
    const finish = (line: string): void => {
      cleanup();
      resolve(line.replace(/\r$/, ''));
    };
    function onData(chunk: string | Buffer): void {
      text += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const newline = text.indexOf('\n');
      if (newline >= 0) finish(text.slice(0, newline));
      else if (text.length > MAX_CHARS) {
        cleanup();
        reject(new UsageError(`the first line of standard input is longer than ${MAX_CHARS} characters`));
      }
    }
    function onEnd(): void {
      finish(text + decoder.end());
    }
    function onError(error: Error): void {
      cleanup();
      reject(error);
    }

    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    input.resume();
  });
}
