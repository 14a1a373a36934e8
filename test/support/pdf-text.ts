import { execFile } from 'node:child_process';

// unpdf loads pdf.js with a dynamic import(), which Jest's module loader cannot run: the text is extracted in a
// plain Node child process instead, from the PDF bytes on its standard input.
const EXTRACT = `
const { extractText, getDocumentProxy } = await import('unpdf');
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const proxy = await getDocumentProxy(new Uint8Array(Buffer.concat(chunks)));
const { text } = await extractText(proxy, { mergePages: true });
process.stdout.write(text);
`;

/** The text of every page of a PDF, joined, as a reader copying it would get it (pdf.js, through unpdf). */
export function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', EXTRACT],
      { cwd: __dirname, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
    child.stdin!.end(Buffer.from(pdf));
  });
}
