/**
 * Saves text as a file the way both shells allow: a Blob URL on an `<a download>` is a download
 * in a browser on `serve` and in the Electron window (which asks where to save it). The URL is
 * revoked once the download has surely started.
 */
export function downloadText(filename: string, text: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
